package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;

/**
 * A destination that keeps failing: its message lands in DLQ.carebridge.outbound.<partner> after the
 * configured attempts, with the reason; a destination that refuses for good is not retried; and the
 * other destinations are not held up meanwhile.
 */
class DeadLetterIT {

    @TempDir
    Path root;

    @Test
    void failingDestinationsDeadLetterWithTheReasonWhileOthersFlow() throws Exception {
        try (HttpReceiver broken = HttpReceiver.start(503); HttpReceiver refusing = HttpReceiver.start(422)) {
            TestHome home = new TestHome(root)
                    .careHome("sunny-meadows", "VNE01", false)
                    .outboxPartner("community-nursing", "RNX01")
                    .httpPartner("broken-system", "Y00001", broken.url(),
                            "  maxAttempts: 3\n  initialDelayMs: 1000\n  backoffMultiplier: 2\n")
                    .httpPartner("refusing-system", "Y00002", refusing.url(), "  maxAttempts: 5\n")
                    .routes("""
                            routes:
                              - id: all-observations
                                from: sunny-meadows
                                events: [observation]
                                to:
                                  - partner: broken-system
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                                  - partner: refusing-system
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                                  - partner: community-nursing
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                            """);
            try (CareBridgeServer server = home.start()) {
                home.drop("sunny-meadows", "observations-1.csv", Fixtures.manyObservations(1, 1));

                // The healthy destination gets it while the broken one is still retrying (1 s, then 2 s).
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        TestHome.files(home.partnerFolder("community-nursing", "outbox")).size() == 1);
                assertThat(deadLettered(server, "broken-system")).isEmpty();

                await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered(server, "broken-system").size() == 1
                        && deadLettered(server, "refusing-system").size() == 1);

                assertThat(broken.received()).hasSize(3);
                assertThat(refusing.received()).as("a permanent refusal is not retried").hasSize(1);

                // The journal is written just before the move to the DLQ commits: wait for the broker too.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        browse(server, "DLQ.carebridge.outbound.broken-system").size() == 1
                        && browse(server, "DLQ.carebridge.outbound.refusing-system").size() == 1);
                List<Message> dlq = browse(server, "DLQ.carebridge.outbound.broken-system");
                assertThat(dlq).singleElement().satisfies(m -> {
                    assertThat(m.getStringProperty(MessageHeaders.FAILURE_REASON)).contains("503");
                    assertThat(m.getIntProperty(MessageHeaders.ATTEMPTS)).isEqualTo(3);
                    assertThat(((TextMessage) m).getText()).contains("\"resourceType\":\"Bundle\"");
                });
                assertThat(browse(server, "DLQ.carebridge.outbound.refusing-system")).singleElement().satisfies(m -> {
                    assertThat(m.getStringProperty(MessageHeaders.FAILURE_REASON)).contains("rejected by partner").contains("422");
                    assertThat(m.getIntProperty(MessageHeaders.ATTEMPTS)).isEqualTo(1);
                });
                assertThat(browse(server, "carebridge.outbound.broken-system")).isEmpty();

                String id = deadLettered(server, "broken-system").get(0).messageId();
                assertThat(server.journal().history(id).stream().filter(e -> "broken-system".equals(e.destination()))
                        .map(JournalEntry::hop).toList())
                        .containsExactly(Hop.ROUTED, Hop.FAILED, Hop.FAILED, Hop.FAILED, Hop.DEAD_LETTERED);
            }
        }
    }

    private static List<JournalEntry> deadLettered(CareBridgeServer server, String partner) {
        return server.journal().entries(Hop.DEAD_LETTERED).stream().filter(e -> partner.equals(e.destination())).toList();
    }

    static List<Message> browse(CareBridgeServer server, String queue) throws Exception {
        try (Connection c = server.broker().connectionFactory().createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = s.createBrowser(s.createQueue(queue))) {
                List<Message> out = new ArrayList<>();
                Collections.list(browser.getEnumeration()).forEach(m -> out.add((Message) m));
                return out;
            }
        }
    }
}
