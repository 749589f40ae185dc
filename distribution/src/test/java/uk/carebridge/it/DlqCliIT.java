package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.testing.CliRun;

/**
 * {@code carebridge dlq} against a server running in its own JVM, as an admin meets it: a partner refuses a
 * transfer (422, straight to the dead-letter queue); list and show it; the partner is fixed; replay delivers it with
 * the same message id and the journal says REPLAYED then DELIVERED; purge needs --yes.
 */
class DlqCliIT {

    @TempDir
    Path root;


    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void listShowReplayAndPurgeDeadLettersOfARunningServer() throws Exception {
        int brokerPort = HttpReceiver.freePort();
        try (HttpReceiver hospital = HttpReceiver.start(422)) {
            TestHome home = new TestHome(root.resolve("home"))
                    .server("broker:\n  port: " + brokerPort + "\nhttp:\n  port: 0\n")
                    .careHome("sunny-meadows", "VNE01", false)
                    .httpPartner("hospital", "RX101", hospital.url(), "  maxAttempts: 3\n  initialDelayMs: 200\n")
                    .routes("""
                            routes:
                              - id: transfers
                                from: sunny-meadows
                                events: [transfer]
                                to:
                                  - partner: hospital
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                            """);
            String config = home.root.resolve("config").toString();
            String messageId;
            try (ServerProcess server = ServerProcess.run(home, "server.log")) {
                home.drop("sunny-meadows", "transfers-20261120.csv", Fixtures.transfers());
                await().atMost(Duration.ofSeconds(30)).until(() -> hospital.received().size() == 1);
                messageId = hospital.received().get(0).messageId();
                assertThat(messageId).isNotBlank();

                // list: the queue, the count, the message's ids and the reason's first part; no patient data
                await().atMost(Duration.ofSeconds(20)).until(() -> cli("dlq", "list", "--config", config).out()
                        .contains("DLQ.carebridge.outbound.hospital: 1 message(s)"));
                CliRun list = cli("dlq", "list", "--config", config);
                assertThat(list.exit()).as(list.err()).isZero();
                assertThat(list.out()).contains(messageId, "event=transfer", "from=sunny-meadows", "attempts=1",
                        "rejected by partner", "422")
                        .doesNotContain("test receiver says").doesNotContain("Lovelace").doesNotContain(Fixtures.NHS[3]);

                // show: the full reason (a FHIR HTTP partner's answer body is not kept); the body only with --body
                CliRun show = cli("dlq", "show", messageId, "--config", config);
                assertThat(show.exit()).as(show.err()).isZero();
                assertThat(show.out()).contains("reason:", "rejected by partner: HTTP 422", "Unprocessable Entity", "transfer",
                        "sunny-meadows", "attempts:         1")
                        .doesNotContain("Lovelace");
                CliRun body = cli("dlq", "show", messageId, "--body", "--config", config);
                assertThat(body.out()).contains("\"resourceType\":\"Bundle\"");

                // the partner fixed its side: replay
                hospital.status(200);
                CliRun replay = cli("dlq", "replay", messageId, "--config", config);
                assertThat(replay.exit()).as(replay.err()).isZero();
                assertThat(replay.out()).contains("replayed " + messageId, "carebridge.outbound.hospital", "1 of 1 replayed.");
                await().atMost(Duration.ofSeconds(30)).until(() -> hospital.received().size() == 2);
                assertThat(hospital.received().get(1).messageId()).isEqualTo(messageId);
                assertThat(cli("dlq", "list", "--config", config).out()).contains("No dead letters.");

                // another refusal, then purge: refused without --yes, done with it
                hospital.status(422);
                home.drop("sunny-meadows", "transfers-20261121.csv", Fixtures.transfers().replace("R005", "R006")
                        .replace("2026-11-20T10:30:00Z", "2026-11-21T10:30:00Z"));
                await().atMost(Duration.ofSeconds(30)).until(() -> cli("dlq", "list", "--partner", "hospital", "--config", config)
                        .out().contains("1 message(s)"));
                CliRun refused = cli("dlq", "purge", "--all", "--config", config);
                assertThat(refused.exit()).isEqualTo(2);
                assertThat(refused.out()).contains("Would delete 1 dead letter(s)");
                assertThat(refused.err()).contains("--yes");
                assertThat(cli("dlq", "list", "--config", config).out()).contains("hospital: 1 message(s)");
                CliRun purged = cli("dlq", "purge", "--all", "--yes", "--config", config);
                assertThat(purged.exit()).as(purged.err()).isZero();
                assertThat(purged.out()).contains("purged", "1 of 1 purged.");
                assertThat(cli("dlq", "list", "--partner", "hospital", "--config", config).out()).contains("No dead letters");

                assertThat(server.terminate()).as("stopped by SIGTERM").isIn(0, 143);
            }

            // the server stopped: its journal has the replay, then the delivery
            try (Journal journal = new Journal("jdbc:h2:file:" + home.root.toAbsolutePath().normalize()
                    + "/data/journal/carebridge", null, null)) {
                List<JournalEntry> history = journal.history(messageId).stream()
                        .filter(e -> "hospital".equals(e.destination())).toList();
                assertThat(history).extracting(JournalEntry::hop)
                        .containsSubsequence(Hop.DEAD_LETTERED, Hop.REPLAYED, Hop.DELIVERED);
                assertThat(history.get(history.size() - 1).hop()).isEqualTo(Hop.DELIVERED);
                assertThat(history.get(history.size() - 2).hop()).isEqualTo(Hop.REPLAYED);
                assertThat(history.get(history.size() - 2).detail()).startsWith("replayed from the dead-letter queue at ");
                assertThat(history).filteredOn(e -> e.hop() == Hop.REPLAYED).hasSize(1);
            }

            // nothing listens any more: exit 2, saying so
            long start = System.nanoTime();
            CliRun closed = cli("dlq", "list", "--config", config);
            assertThat(closed.exit()).isEqualTo(2);
            assertThat(closed.err()).contains("cannot connect to the broker at tcp://127.0.0.1:" + brokerPort, "Is CareBridge running?");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
