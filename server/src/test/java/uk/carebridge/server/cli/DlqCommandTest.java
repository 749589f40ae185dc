package uk.carebridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;

import uk.carebridge.server.broker.BrokerCredentials;
import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.testing.CliRun;

/** {@code carebridge dlq}: arguments, connection errors, and list/show/replay/purge against a real (in-memory) broker. */
class DlqCommandTest {

    @TempDir
    Path home;

    private BrokerService broker;


    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    private Path config(String yaml) throws Exception {
        Path config = Files.createDirectories(home.resolve("config/partners"));
        Files.writeString(home.resolve("config/carebridge.yaml"), yaml);
        return config.getParent();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everySubcommandHasHelp() {
        assertThat(cli("--help").out()).contains("dlq");
        for (String sub : new String[] {"list", "show", "replay", "purge"}) {
            CliRun help = cli("dlq", sub, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: carebridge dlq " + sub).contains("--config").contains("--broker");
        }
        assertThat(cli("dlq", "purge", "--help").out()).contains("--yes").contains("--all");
        assertThat(cli("dlq", "show", "--help").out()).contains("--body");
        assertThat(cli("dlq").out()).contains("list", "show", "replay", "purge");
    }

    @Test
    void badArgumentsExitTwoBeforeConnecting() throws Exception {
        Path config = config("broker:\n  port: " + freePort() + "\n");
        CliRun neither = cli("dlq", "replay", "--config", config.toString());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("Give a message id, or --all.");
        CliRun both = cli("dlq", "purge", "abc", "--all", "--config", config.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        assertThat(cli("dlq", "show", "--config", config.toString()).exit()).as("missing id").isEqualTo(2);
        assertThat(cli("dlq", "list", "--no-such-option").exit()).isEqualTo(2);
    }

    @Test
    void anInJvmOnlyBrokerIsExplained() throws Exception {
        Path config = config("broker:\n  port: 0\n");
        CliRun list = cli("dlq", "list", "--config", config.toString());
        assertThat(list.exit()).isEqualTo(2);
        assertThat(list.err()).contains("no TCP listener").contains("Set broker.port");
    }

    @Test
    void aClosedPortExitsTwoQuicklySayingSo() throws Exception {
        int port = freePort();
        Path config = config("broker:\n  port: " + port + "\n");
        long start = System.nanoTime();
        CliRun list = cli("dlq", "list", "--config", config.toString());
        assertThat(list.exit()).isEqualTo(2);
        assertThat(list.err()).contains("cannot connect to the broker at tcp://127.0.0.1:" + port).contains("Is CareBridge running?");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);

        CliRun failover = cli("dlq", "list", "--broker", "failover:(tcp://127.0.0.1:" + port + ")");
        assertThat(failover.exit()).isEqualTo(2);
        assertThat(failover.err()).contains("Is CareBridge running?");
    }

    @Test
    void timeoutsAreAddedToTheUrl() {
        assertThat(BrokerClient.withTimeouts("tcp://h:61616")).isEqualTo("tcp://h:61616?connectionTimeout=5000");
        assertThat(BrokerClient.withTimeouts("tcp://h:61616?connectionTimeout=100")).isEqualTo("tcp://h:61616?connectionTimeout=100");
        assertThat(BrokerClient.withTimeouts("failover:(tcp://a:1,tcp://b:2)?randomize=false"))
                .isEqualTo("failover:(tcp://a:1,tcp://b:2)?randomize=false&startupMaxReconnectAttempts=1"
                        + "&maxReconnectAttempts=0&timeout=5000");
        assertThat(DlqCommand.shortReason("rejected by partner: HTTP 422; the partner answered: {\"name\":\"Ada\"}"))
                .isEqualTo("rejected by partner: HTTP 422 (partner's answer: see 'dlq show')");
        assertThat(DlqCommand.shortReason("line one\nline two")).isEqualTo("line one");
    }

    @Test
    void theCliPresentsTheEmbeddedBrokersOwnIdentityAndSaysWhenItHasNone() throws Exception {
        int port = freePort();
        Path config = config("broker:\n  port: " + port + "\n");
        try (MessageBroker secured = MessageBroker.start(
                new ServerConfig.BrokerSettings(null, null, null, port, null, 64L, 32L, 64L, null, null), home.resolve("data/broker"))) {
            CliRun list = cli("dlq", "list", "--config", config.toString());
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("No dead letters.");

            Files.delete(home.resolve("data/broker").resolve(BrokerCredentials.FILE));
            CliRun refused = cli("dlq", "list", "--config", config.toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("refused the connection", "found no credentials", BrokerCredentials.FILE);
        }
    }

    @Test
    void listShowReplayAndPurgeAgainstABroker() throws Exception {
        int port = freePort();
        broker = new BrokerService();
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.addConnector("tcp://127.0.0.1:" + port);
        broker.start();
        broker.waitUntilStarted();
        Path config = config("broker:\n  port: " + port + "\n");
        String[] where = {"--config", config.toString()};

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(null);
            p.send(s.createQueue("DLQ.carebridge.outbound.home-a"), deadLetter(s, "m-1", "transfer", "9434765919"));
            p.send(s.createQueue("DLQ.carebridge.outbound.home-a"), deadLetter(s, "m-2", "observation", "9434765870"));
            p.send(s.createQueue("DLQ.carebridge.outbound.nurses"), deadLetter(s, "m-3", "discharge", "9434765919"));

            CliRun list = cli(concat(new String[] {"dlq", "list"}, where));
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("DLQ.carebridge.outbound.home-a: 2 message(s)", "DLQ.carebridge.outbound.nurses: 1 message(s)",
                    "m-1  event=transfer from=sunny attempts=1", "rejected by partner: HTTP 422 (partner's answer: see 'dlq show')",
                    "3 dead letter(s).")
                    .doesNotContain("Ada").doesNotContain("Lovelace");
            assertThat(cli(concat(new String[] {"dlq", "list", "--partner", "nurses"}, where)).out())
                    .contains("nurses: 1 message(s)").doesNotContain("home-a");

            CliRun show = cli(concat(new String[] {"dlq", "show", "m-1"}, where));
            assertThat(show.exit()).isZero();
            assertThat(show.out()).contains("the partner answered: {\"issue\":\"Ada\"}", "partner answered:", "transfer")
                    .doesNotContain("Lovelace");
            assertThat(cli(concat(new String[] {"dlq", "show", "m-1", "--body"}, where)).out()).contains("Lovelace");
            assertThat(cli(concat(new String[] {"dlq", "show", "nope"}, where)).exit()).isEqualTo(1);

            CliRun replay = cli(concat(new String[] {"dlq", "replay", "m-1"}, where));
            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("replayed m-1 (transfer) to carebridge.outbound.home-a", "1 of 1 replayed.");
            List<Message> outbound = browse(s, "carebridge.outbound.home-a");
            assertThat(outbound).singleElement().satisfies(m -> {
                assertThat(((TextMessage) m).getText()).contains("Lovelace");
                assertThat(m.getStringProperty(MessageHeaders.MESSAGE_ID)).isEqualTo("m-1");
                assertThat(m.getStringProperty(MessageHeaders.EVENT)).isEqualTo("transfer");
                assertThat(m.getStringProperty("JMSXGroupID")).isEqualTo("9434765919");
                assertThat(m.getStringProperty(MessageHeaders.REPLAYED_AT)).isNotBlank();
                assertThat(m.getObjectProperty(MessageHeaders.ATTEMPTS)).isNull();
                assertThat(m.getObjectProperty(MessageHeaders.FAILURE_REASON)).isNull();
            });
            assertThat(browse(s, "DLQ.carebridge.outbound.home-a")).hasSize(1);
            assertThat(cli(concat(new String[] {"dlq", "replay", "m-1"}, where)).exit()).as("already replayed").isEqualTo(1);

            CliRun refused = cli(concat(new String[] {"dlq", "purge", "--all", "--partner", "home-a"}, where));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.out()).contains("Would delete 1 dead letter(s)", "m-2");
            assertThat(refused.err()).contains("--yes");
            assertThat(browse(s, "DLQ.carebridge.outbound.home-a")).hasSize(1);

            CliRun purged = cli(concat(new String[] {"dlq", "purge", "--all", "--yes"}, where));
            assertThat(purged.exit()).as(purged.err()).isZero();
            assertThat(purged.out()).contains("purged m-2", "purged m-3", "2 of 2 purged.");
            assertThat(browse(s, "DLQ.carebridge.outbound.home-a")).isEmpty();
            assertThat(browse(s, "DLQ.carebridge.outbound.nurses")).isEmpty();
            assertThat(cli(concat(new String[] {"dlq", "list"}, where)).out()).contains("No dead letters.");
        }
    }

    private static TextMessage deadLetter(Session s, String id, String event, String nhs) throws Exception {
        TextMessage m = s.createTextMessage("{\"resourceType\":\"Bundle\",\"name\":\"Ada Lovelace\"}");
        m.setStringProperty(MessageHeaders.MESSAGE_ID, id);
        m.setStringProperty(MessageHeaders.EVENT, event);
        m.setStringProperty(MessageHeaders.SOURCE, "sunny");
        m.setStringProperty(MessageHeaders.RESOURCE_TYPES, "Patient,Encounter");
        m.setStringProperty(MessageHeaders.FAILURE_REASON, "rejected by partner: HTTP 422; the partner answered: {\"issue\":\"Ada\"}");
        m.setStringProperty(MessageHeaders.PARTNER_RESPONSE, "{\"issue\":\"Ada\"}");
        m.setIntProperty(MessageHeaders.ATTEMPTS, 1);
        m.setStringProperty("JMSXGroupID", nhs);
        return m;
    }

    private static List<Message> browse(Session s, String queue) throws Exception {
        try (QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
            List<Message> out = new ArrayList<>();
            Collections.list(b.getEnumeration()).forEach(m -> out.add((Message) m));
            return out;
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
