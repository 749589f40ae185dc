package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.broker.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;

/**
 * The broker as a process on the same host meets it, against the real server: no anonymous or guessed connection;
 * and, should something get onto CareBridge's queues past that (a leaked password), what CareBridge did not put
 * there itself is never delivered. Broker metadata names no one.
 */
class BrokerSecurityIT {

    @TempDir
    Path root;

    @Test
    void onlyWhatCareBridgeAdmittedIsDeliveredAndTheBrokerLetsNoOneElseIn() throws Exception {
        int brokerPort = HttpReceiver.freePort();
        int mllpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .server("broker:\n  port: " + brokerPort + "\nhttp:\n  port: 0\n")
                .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort), null)
                .outboxPartner("integrated-records", "RNX09")
                .careHome("waiting-home", "VNE09", false) // no outbox: its copies wait on its queue, to be looked at
                .routes("""
                        routes:
                          - id: discharges
                            from: st-elsewhere
                            events: [discharge]
                            to:
                              - partner: integrated-records
                                resources: [Patient, Encounter, Organization, Location]
                              - partner: waiting-home
                                resources: [Patient, Encounter, Organization, Location]
                        """);
        try (CareBridgeServer server = home.start()) {
            String tcp = "tcp://127.0.0.1:" + brokerPort;
            // 1. Nobody without CareBridge's identity gets in, not even on loopback.
            for (ActiveMQConnectionFactory outsider : List.of(new ActiveMQConnectionFactory(tcp),
                    new ActiveMQConnectionFactory("admin", "admin", tcp),
                    new ActiveMQConnectionFactory("carebridge", "carebridge", tcp))) {
                // Every try is refused. The broker answers a refusal and drops the socket at once, so the client
                // sometimes reports the dropped transport ("Disposed due to prior exception") before the refusal:
                // the refusal itself must show within a few tries.
                List<Class<?>> failures = new ArrayList<>();
                for (int attempt = 0; attempt < 5 && !failures.contains(JMSSecurityException.class); attempt++) {
                    Throwable refused = catchThrowable(() -> {
                        try (Connection c = outsider.createConnection()) {
                            c.start();
                            c.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(null);
                        }
                    });
                    assertThat(refused).as("an outsider's connection").isInstanceOf(JMSException.class);
                    failures.add(refused.getClass());
                }
                assertThat(failures).contains(JMSSecurityException.class);
            }

            // 2. A genuine discharge flows, and its message group is not the person's NHS number.
            try (MllpClient pas = new MllpClient(mllpPort)) {
                assertThat(MllpClient.ackCode(pas.send(Fixtures.adt("A03", "SEC1", Fixtures.NHS[0], "20261123093000",
                        "20261125141500")))).isEqualTo("AA");
            }
            Path outbox = home.partnerFolder("integrated-records", "outbox");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestHome.files(outbox).size() == 1);

            // 3. Past the password (a leaked one): a message put on carebridge.inbound by hand, and one on the records'
            //    outbound queue with a made-up stamp. Neither is delivered; both are kept, with the reason.
            String forgedMessage = Fixtures.fhirDischarge("forged-1", Fixtures.NHS[1], null);
            try (Connection c = server.broker().connectionFactory().createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(null);
                TextMessage toRouter = s.createTextMessage(forgedMessage);
                toRouter.setStringProperty(MessageHeaders.MESSAGE_ID, "forged-inbound");
                toRouter.setStringProperty(MessageHeaders.SOURCE, "st-elsewhere");
                toRouter.setStringProperty(MessageHeaders.EVENT, "discharge");
                p.send(s.createQueue(Queues.INBOUND), toRouter);
                TextMessage toDestination = s.createTextMessage(forgedMessage);
                toDestination.setStringProperty(MessageHeaders.MESSAGE_ID, "forged-outbound");
                toDestination.setStringProperty(MessageHeaders.SOURCE, "st-elsewhere");
                toDestination.setStringProperty(Queues.STAMP, "0".repeat(64));
                p.send(s.createQueue(Queues.outbound("integrated-records")), toDestination);
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    !DeadLetterIT.browse(server, Queues.INBOUND_DEAD_LETTER).isEmpty()
                            && !DeadLetterIT.browse(server, Queues.deadLetter("integrated-records")).isEmpty());
            Thread.sleep(500);
            assertThat(TestHome.files(outbox)).hasSize(1);
            assertThat(server.journal().history("forged-inbound")).extracting(JournalEntry::hop).containsExactly(Hop.REJECTED);
            assertThat(server.journal().history("forged-inbound").get(0).detail()).contains("not admitted");
            assertThat(server.journal().history("forged-outbound")).extracting(JournalEntry::hop)
                    .contains(Hop.DEAD_LETTERED).doesNotContain(Hop.DELIVERED);
            Message dead = DeadLetterIT.browse(server, Queues.deadLetter("integrated-records")).get(0);
            assertThat(dead.getStringProperty(MessageHeaders.FAILURE_REASON)).contains("not routed by CareBridge");
            // A replay would not make it CareBridge's: the dead letter is not signed again.
            assertThat(dead.getStringProperty(Queues.STAMP)).isEqualTo("0".repeat(64));

            // 4. The genuine message's group on the broker is a keyed hash of the person, never the NHS number.
            List<Message> waiting = DeadLetterIT.browse(server, Queues.outbound("waiting-home"));
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).getStringProperty("JMSXGroupID")).matches("p-[0-9a-f]{32}")
                    .doesNotContain(Fixtures.NHS[0]);
        }
    }
}
