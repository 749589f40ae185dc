package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;

/**
 * A live partner never looks absent: a trust POSTs FHIR messages without a pause while CareBridge is restarted twice
 * and the trust's own partner file is changed (a hot reload restarts it). A sender that gets 404 takes it for "no
 * such endpoint" and gives up, so the test counts every answer: 202, 503 (resend later) and refused connections
 * while the server is down are all fine; a 404 never is. /health says UP only when the partner answers.
 */
class NoAbsentPartnerIT {

    @TempDir
    Path root;

    @Test
    void restartsAndReloadsUnderFlowNeverAnswer404() throws Exception {
        int httpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .trust("fhir-trust", "RXX04", "  fhirInbound: true\n", null)
                .outboxPartner("records", "RNX09")
                .routes("""
                        routes:
                          - id: discharges
                            from: fhir-trust
                            events: [discharge]
                            to:
                              - partner: records
                                resources: [Patient, Encounter]
                        """);
        String endpoint = "http://127.0.0.1:" + httpPort + "/partners/fhir-trust/fhir/$process-message";
        String health = "http://127.0.0.1:" + httpPort + "/health";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger healthUpButAbsent = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);

        CareBridgeServer[] server = {home.start()};
        Thread trust = new Thread(() -> {
            int n = 0;
            while (sending.get()) {
                String answer;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                            .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(Fixtures.fhirDischarge("flow-" + n++,
                                    Fixtures.NHS[n % Fixtures.NHS.length], null))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answer = String.valueOf(r.statusCode());
                    if (r.statusCode() == 404) {
                        HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(health)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (h.statusCode() == 200) {
                            healthUpButAbsent.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    answer = "no connection";
                } catch (InterruptedException e) {
                    return;
                }
                answers.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
            }
        }, "trust-sender");
        trust.start();
        try {
            for (int restart = 0; restart < 2; restart++) {
                awaitAccepted(answers);
                server[0].close();
                server[0] = home.start();
            }
            awaitAccepted(answers);
            // The trust's partner file changes: a hot reload restarts that partner under flow.
            Path file = root.resolve("config/partners/fhir-trust.yaml");
            Files.writeString(file, Files.readString(file).replace("odsCode: RXX04", "odsCode: RXX14"));
            await().atMost(Duration.ofSeconds(20)).until(() -> server[0].lastReload()
                    .map(r -> r.restarted().contains("fhir-trust")).orElse(false));
            awaitAccepted(answers);
        } finally {
            sending.set(false);
            trust.join(15_000);
            server[0].close();
        }
        Map<String, Integer> counts = new TreeMap<>();
        answers.forEach((k, v) -> counts.put(k, v.get()));
        System.out.println("NoAbsentPartnerIT: answers during two restarts and a reload: " + counts);
        assertThat(counts).doesNotContainKey("404");
        assertThat(counts).doesNotContainKeys("500", "502");
        assertThat(healthUpButAbsent.get()).isZero();
        assertThat(counts.getOrDefault("202", 0)).isPositive();
    }

    /** Waits until the sender has had 20 more 202s: the server is up and taking messages. */
    private static void awaitAccepted(Map<String, AtomicInteger> answers) {
        int before = answers.getOrDefault("202", new AtomicInteger()).get();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                answers.getOrDefault("202", new AtomicInteger()).get() >= before + 20);
    }
}
