package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop the server (SIGTERM) while messages wait for a destination that is down; start it again with
 * the destination up: every message is delivered, once.
 */
class RestartIT {

    private static final int MESSAGES = 40;

    @TempDir
    Path root;

    @Test
    void queuedMessagesSurviveAGracefulStopAndAreDeliveredOnceAfterRestart() throws Exception {
        int port = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .careHome("sunny-meadows", "VNE01", false)
                .httpPartner("gp-surgery", "Y01234", "http://127.0.0.1:" + port + "/fhir",
                        "  maxAttempts: 1000\n  initialDelayMs: 200\n  maxDelayMs: 1000\n")
                .routes("""
                        routes:
                          - id: observations-to-gp
                            from: sunny-meadows
                            events: [observation]
                            to:
                              - partner: gp-surgery
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);

        try (ServerProcess first = ServerProcess.run(home, "first-run.log")) {
            home.drop("sunny-meadows", "observations-1.csv", Fixtures.manyObservations(MESSAGES, 5));
            // All rows accepted (the file moved to done/) while the GP system is down.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    TestHome.files(home.partnerFolder("sunny-meadows", "done")).size() == 1);
            Thread.sleep(1500); // let delivery attempts fail and back off
            int exit = first.terminate();
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(first.output()).contains("CareBridge stopped").doesNotContain("dead-lettered");
        }

        try (HttpReceiver gp = HttpReceiver.startOn(port, 200); ServerProcess second = ServerProcess.run(home, "second-run.log")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> gp.received().size() >= MESSAGES);
            Thread.sleep(2000); // anything delivered twice would show up now
            Map<String, Long> perId = gp.received().stream()
                    .collect(Collectors.groupingBy(HttpReceiver.Received::messageId, Collectors.counting()));
            assertThat(perId).hasSize(MESSAGES);
            assertThat(perId.values()).as("deliveries per message id").allMatch(n -> n == 1);
            assertThat(second.terminate()).isIn(0, 143);
        }
    }
}
