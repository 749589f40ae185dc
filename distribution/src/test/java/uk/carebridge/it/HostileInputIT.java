package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import uk.carebridge.server.CareBridgeServer;

/**
 * Issue 23.5 and 23.6 against the real server: files with hostile names and contents dropped in a care home's
 * inbox all end in done/ or error/ (with a reason) within a poll, and nothing from their cells reaches the log;
 * an API key sent in the query string only is 401; a client hanging up mid-request leaves no ERROR line.
 */
class HostileInputIT {

    private static final String HOME = "sunny-meadows";
    private static final String COUNCIL = "northshire-adult-social-care";
    private static final String TRUST = "fhir-trust";
    private static final String KEY = System.getenv("CAREBRIDGE_IT_COUNCIL_KEY");
    /** A family name in the cells of the dropped files: it must never reach the log. */
    private static final String FAMILY = "Quillfeather";

    @TempDir
    static Path root;
    static TestHome home;
    static CareBridgeServer server;
    static int httpPort;
    static LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        assertThat(KEY).as("CAREBRIDGE_IT_COUNCIL_KEY (set by failsafe)").isNotBlank();
        httpPort = HttpReceiver.freePort();
        home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .careHome(HOME, "VNE01", false)
                .partner(COUNCIL, "odsCode: NSC01\nplugin: local-authority\nsettings:\n  apiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n")
                .trust(TRUST, "RXX04", "  fhirInbound: true\n  apiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n", null);
        log = LogCapture.onRoot();
        server = home.start();
    }

    @AfterAll
    static void stop() {
        try (LogCapture capture = log) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void everyDroppedFileEndsInDoneOrErrorWithinAPollAndNoCellReachesTheLog() throws Exception {
        String header = "action,nhs_number,resident_id,given_name,family_name,date_of_birth,start_date\n";
        String rows = header + "admit," + Fixtures.NHS[0] + ",R-1,Ada," + FAMILY + ",1931-02-14,2026-11-01\n"
                + "admit," + Fixtures.BAD_NHS + ",R-2,Ivy," + FAMILY + ",1935-06-09,2026-11-01\n";
        byte[] binary = new byte[1024];
        new Random(235).nextBytes(binary);
        Map<String, byte[]> drops = new LinkedHashMap<>();
        drops.put("residents\\from-windows\\share.csv", utf8(rows));
        drops.put("residents-line\nbreak.csv", utf8(rows));
        drops.put("residents-" + "x".repeat(236) + ".csv", utf8(rows)); // 250 bytes
        drops.put("residents-ünïcødé-日本-🙂.csv", utf8(rows));
        drops.put("-residents.csv", utf8(rows));
        drops.put("residents with  spaces.csv", utf8(rows));
        drops.put("residents..csv", utf8(header));
        drops.put("residents-..-..-etc.csv", utf8(header));
        drops.put("residents-empty.csv", new byte[0]);
        drops.put("observations-binary.csv", binary);
        drops.put("transfers-header-only.csv", utf8("nhs_number,resident_id,transfer_time,reason,destination_ods\n"));
        // The header row left out: the first data row is taken for it, and it names the person twice.
        drops.put("residents-no-header.csv", utf8("admit," + Fixtures.NHS[1] + ",R-3," + FAMILY + "," + FAMILY + "\n"));
        Path inbox = home.inbox(HOME);
        Files.createDirectories(inbox);
        // A dot-file is a file still being written (write, then rename): it is left alone by design.
        Files.write(inbox.resolve(".residents-being-written.csv"), utf8(rows));
        for (Map.Entry<String, byte[]> drop : drops.entrySet()) {
            Path temp = inbox.resolve(".tmp-" + drops.size() + "-" + Integer.toHexString(drop.getKey().hashCode()));
            Files.write(temp, drop.getValue());
            Files.move(temp, inbox.resolve(drop.getKey()));
        }

        // pollDelay 200 ms and a 250 ms read lock: one poll, with time to spare on a busy machine.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> TestHome.files(inbox).isEmpty());

        assertThat(Files.list(inbox).map(p -> p.getFileName().toString()).toList())
                .containsExactly(".residents-being-written.csv");
        List<String> done = names(home.partnerFolder(HOME, "done"));
        List<String> errorFolder = names(home.partnerFolder(HOME, "error"));
        List<String> refused = errorFolder.stream()
                .filter(n -> !n.endsWith(".reason.txt") && !n.endsWith("-errors.csv")).toList();
        assertThat(done.size() + refused.size()).as("done %s, error %s", done, errorFolder).isEqualTo(drops.size());
        for (String name : refused) {
            assertThat(errorFolder).as("reason for " + name).contains(name + ".reason.txt");
        }
        for (String name : done) {
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).as(name).isLessThan(200);
            assertThat(name).doesNotContain("\\", "\n");
        }
        assertThat(done).anyMatch(n -> n.startsWith("residents_from-windows_share-"))
                .anyMatch(n -> n.startsWith("residents-line_break-"))
                .anyMatch(n -> n.startsWith("residents-xxxxxxxx"))
                .anyMatch(n -> n.startsWith("residents-ünïcødé-日本-🙂-"))
                .anyMatch(n -> n.startsWith("residents with  spaces-"));
        assertThat(refused).containsExactlyInAnyOrder("-residents.csv", "residents-empty.csv", "observations-binary.csv",
                "residents-no-header.csv");
        String noHeader = Files.readString(home.partnerFolder(HOME, "error").resolve("residents-no-header.csv.reason.txt"));
        assertThat(noHeader).contains("Columns 4 and 5 of the header row (row 1)").contains("action, nhs_number, resident_id")
                .doesNotContain(FAMILY);

        assertThat(log.text()).doesNotContain(FAMILY).doesNotContain(Fixtures.NHS[0]).doesNotContain(Fixtures.BAD_NHS)
                .doesNotContain("line\nbreak");
    }

    @Test
    void anApiKeyOnlyInTheQueryStringIs401() throws Exception {
        String council = "http://127.0.0.1:" + httpPort + "/partners/" + COUNCIL + "/v1/people";
        String person = "{\"eventId\":\"evt-q1\",\"occurredAt\":\"2026-11-20T10:15:00Z\",\"person\":{\"nhsNumber\":\""
                + Fixtures.NHS[2] + "\",\"councilPersonId\":\"P100234\",\"name\":{\"family\":\"Lovelace\",\"given\":[\"Ada\"]}}}";
        assertThat(PartnerHttp.postJson(council + "?X-API-Key=" + KEY, person, null).statusCode()).isEqualTo(401);
        assertThat(PartnerHttp.postJson(council + "?x-api-key=" + KEY, person, null).statusCode()).isEqualTo(401);
        assertThat(PartnerHttp.postJson(council + "?X-API-Key=" + KEY, person, "wrong").statusCode()).isEqualTo(401);
        assertThat(PartnerHttp.postJson(council, person, KEY).statusCode()).isEqualTo(202);

        String trust = "http://127.0.0.1:" + httpPort + "/partners/" + TRUST + "/fhir/$process-message";
        assertThat(PartnerHttp.postFhir(trust + "?X-API-Key=" + KEY, "{}", null).statusCode()).isEqualTo(401);
        assertThat(PartnerHttp.postFhir(trust, "{}", KEY).statusCode()).isNotEqualTo(401);
    }

    @Test
    void aClientHangingUpMidRequestLeavesNoErrorLine() throws Exception {
        int before = log.events().size();
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket("127.0.0.1", httpPort)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /partners/" + COUNCIL + "/v1/people HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nX-API-Key: " + KEY + "\r\nContent-Length: 5000\r\n\r\n{\"eventId\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
        }
        // Still serving, and by now the hang-ups have been handled.
        await().atMost(Duration.ofSeconds(10)).until(() -> health() == 200);
        Thread.sleep(500);
        List<ILoggingEvent> events = log.events();
        List<ILoggingEvent> since = events.subList(before, events.size());
        assertThat(since).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static int health() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> names(Path folder) throws IOException {
        return TestHome.files(folder).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
