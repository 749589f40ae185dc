package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;

/**
 * Issue 24's demo acceptance check: "tried as a sending engine would on the demo as shipped: 16 concurrent connections
 * to St Elsewhere's port all get AA for every message". The server runs on the repo's own demo configuration
 * ({@code config/carebridge.yaml}, {@code config/groups.yaml}, {@code config/partners/*.yaml}, {@code routes/*.yaml},
 * as the distribution ships them), with only its fixed ports (HTTP 8080, broker 61616, the trust's MLLP 2575, the
 * council's notices endpoint 9090) moved to free ones; every connection limit is as shipped. A sending engine's pool of
 * 16 connections opens at once from 127.0.0.1 and stays open; each connection then sends 25 ADT admissions of its own
 * person one after another, waiting for each ACK. Every one of the 400 ACKs must be AA for its own message, and the
 * journal must record 400 distinct messages received from the trust. Nothing listens at the council's address: those
 * deliveries wait and retry, which must not hold up intake.
 */
class DemoMllpPoolIT {

    private static final String TRUST = "st-elsewhere-hospital";
    private static final int CONNECTIONS = 16;
    private static final int MESSAGES = 25;

    @TempDir
    Path root;

    @Test
    void sixteenConcurrentConnectionsToTheShippedDemoTrustPortGetAaForEveryMessage() throws Exception {
        int mllpPort = HttpReceiver.freePort();
        TestHome home = TestHome.shippedDemo(root)
                .edit("config/carebridge.yaml", "port: 61616", "port: " + HttpReceiver.freePort())
                .edit("config/carebridge.yaml", "port: 8080", "port: " + HttpReceiver.freePort())
                .edit("config/partners/" + TRUST + ".yaml", "mllpPort: 2575", "mllpPort: " + mllpPort)
                .edit("config/partners/northshire-adult-social-care.yaml", "http://127.0.0.1:9090/",
                        "http://127.0.0.1:" + HttpReceiver.freePort() + "/");

        try (CareBridgeServer server = home.start()) {
            long started = System.nanoTime();
            try (MllpPool engine = new MllpPool(mllpPort, CONNECTIONS, MESSAGES, 0, Fixtures::admission)) {
                // The whole pool is open, and held open, before the first message.
                assertThat(engine.allHeld(30)).as("16 connections opened").isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> openConnections(server) == CONNECTIONS);
                engine.release();

                int aa = 0;
                List<String> notAa = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    List<String> acks = engine.acks(c, 60);
                    assertThat(acks).hasSize(MESSAGES);
                    for (int m = 0; m < MESSAGES; m++) {
                        String ack = acks.get(m);
                        String controlId = MllpFrames.field(Fixtures.admission(c, m), "MSH", 10);
                        if ("AA".equals(MllpClient.ackCode(ack)) && controlId.equals(MllpFrames.field(ack, "MSA", 2))) {
                            aa++;
                        } else {
                            notAa.add(controlId + ": " + ack.replace('\r', '|'));
                        }
                    }
                }
                System.out.printf("DemoMllpPoolIT: %d connections x %d messages: %d AA, %d other, in %d ms%n",
                        CONNECTIONS, MESSAGES, aa, notAa.size(), (System.nanoTime() - started) / 1_000_000);
                assertThat(notAa).as("ACKs that are not AA for their own message").isEmpty();
                assertThat(aa).isEqualTo(CONNECTIONS * MESSAGES);
            }

            assertThat(server.metrics().get("carebridge.mllp.connections.refused").tag("partner", TRUST).counters())
                    .as("connections refused").allSatisfy(counter -> assertThat(counter.count()).isZero());
            await().atMost(Duration.ofSeconds(20)).until(() -> received(server).size() == CONNECTIONS * MESSAGES);
            assertThat(received(server)).as("journal RECEIVED from the trust").hasSize(CONNECTIONS * MESSAGES)
                    .doesNotHaveDuplicates();
        }
    }

    private static double openConnections(CareBridgeServer server) {
        return server.metrics().get("carebridge.mllp.connections.open").tag("partner", TRUST).gauge().value();
    }

    /** The ids of the messages the journal records as received from the trust, one per RECEIVED entry. */
    private static List<String> received(CareBridgeServer server) {
        return server.journal().entries(Hop.RECEIVED).stream().filter(e -> TRUST.equals(e.source()))
                .map(JournalEntry::messageId).toList();
    }
}
