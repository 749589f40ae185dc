package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.testing.CliRun;

/**
 * The trust's MLLP port on the real server, as a trust's engines use it: a pool of 100 connections each sending 20
 * ADT messages, every one acknowledged AA and delivered exactly once, in order per person, to the trust that receives
 * them over MLLP; the 101st connection refused with nothing taken from it. And {@code carebridge validate} refusing a
 * connection limit that is not a number.
 */
class MllpConnectionsIT {

    @TempDir
    Path root;

    @Test
    void aHundredConnectionsOfTwentyMessagesEachAreAllAcceptedAndDeliveredOnceInOrderPerPerson() throws Exception {
        int connections = 100;
        int messages = 20;
        int mllpIn = HttpReceiver.freePort();
        int httpPort = HttpReceiver.freePort();
        try (MllpReceiver infirmary = MllpReceiver.start(HttpReceiver.freePort(), "AA")) {
            TestHome home = new TestHome(root)
                    .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort
                            + "\nmllp:\n  maxConnections: 150\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpIn)
                            + "  maxConnections: 100\n  maxConnectionsPerAddress: 100\n", null)
                    .trust("royal-infirmary", "RXX02",
                            "  format: hl7v2\n  deliveryAddress: 127.0.0.1:" + infirmary.port() + "\n", null)
                    .routes("""
                            routes:
                              - id: trust-to-trust
                                from: st-elsewhere
                                events: [admission]
                                to:
                                  - partner: royal-infirmary
                                    resources: [Patient, Encounter, Organization, Location]
                            """);
            try (CareBridgeServer server = home.start()) {
                try (MllpPool engines = new MllpPool(mllpIn, connections, messages, 1, Fixtures::admission)) {
                    assertThat(engines.allHeld(60)).as("100 connections answered").isTrue();
                    assertThatThrownBy(() -> {
                        try (MllpClient extra = new MllpClient(mllpIn)) {
                            extra.send(Fixtures.admission(999, 0));
                        }
                    }).as("the 101st connection").isInstanceOf(IOException.class)
                            .isNotInstanceOf(SocketTimeoutException.class);
                    // Visible where an on-call analyst looks: the refusal counter, and /health's open/max figures.
                    assertThat(server.metrics().get("carebridge.mllp.connections.refused").tag("partner", "st-elsewhere")
                            .tag("limit", "partner").counter().count()).isEqualTo(1.0);
                    assertThat(server.metrics().get("carebridge.mllp.connections.open").tag("partner", "st-elsewhere")
                            .gauge().value()).isEqualTo(100.0);
                    assertThat(health(httpPort)).contains("\"st-elsewhere\":{\"state\":\"running\",\"mllp\":{"
                            + "\"openConnections\":100,\"maxConnections\":100,\"maxConnectionsPerAddress\":100,"
                            + "\"refusedConnections\":1,\"serverOpenConnections\":100,\"serverMaxConnections\":150}");
                    engines.release();
                    for (int c = 0; c < connections; c++) {
                        assertThat(engines.acks(c, 120)).hasSize(messages).extracting(MllpClient::ackCode).containsOnly("AA");
                    }
                }

                await().atMost(Duration.ofSeconds(120)).until(() -> infirmary.received().size() >= connections * messages);
                Thread.sleep(1000); // nothing more arrives: each message once
                List<String> delivered = infirmary.received();
                assertThat(delivered).hasSize(connections * messages);
                Map<String, List<String>> visitsByPerson = new LinkedHashMap<>();
                for (String adt : delivered) {
                    String nhs = MllpFrames.field(adt, "PID", 3).split("\\^")[0];
                    String visit = MllpFrames.field(adt, "PV1", 19).split("\\^")[0];
                    visitsByPerson.computeIfAbsent(nhs, k -> new ArrayList<>()).add(visit);
                }
                assertThat(visitsByPerson).hasSize(connections).doesNotContainKey(Fixtures.testNhsNumber(999));
                visitsByPerson.values().forEach(visits -> assertThat(visits).hasSize(messages).isSorted()
                        .doesNotHaveDuplicates());
            }
        }
    }

    private static String health(int httpPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void validateRefusesAConnectionLimitThatIsNotANumberWithFileAndLine() throws Exception {
        TestHome home = new TestHome(root.resolve("home"))
                .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(2575) + "  maxConnections: lots\n", null)
                .routes("routes: []\n");
        Path file = home.root.resolve("config/partners/st-elsewhere.yaml").toAbsolutePath().normalize();

        CliRun result = CliRun.of("validate", "--config", home.root.resolve("config").toString(),
                "--routes", home.root.resolve("routes").toString(), "--plugins", TestHome.pluginFolder().toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains(file + ":7: setting 'maxConnections' must be a whole number of at least 1"
                + " (was 'lots')");
    }
}
