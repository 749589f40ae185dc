package uk.carebridge.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.advisory.DestinationSource;
import org.apache.activemq.command.ActiveMQQueue;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.broker.BrokerCredentials;
import uk.carebridge.server.config.ConfigFiles;
import uk.carebridge.server.config.ServerConfig;
import uk.carebridge.server.config.ServerSettingsFile;
import uk.carebridge.server.broker.Queues;

/**
 * The CLI's own connection to the running server's broker, for {@code carebridge dlq}: the external broker of
 * {@code broker.url}, else the embedded broker's TCP listener on 127.0.0.1. Short timeouts everywhere: an
 * admin asking about dead letters wants an answer or a clear "cannot connect", not a hang.
 */
final class DlqBroker implements AutoCloseable {

    static final String DLQ_PREFIX = Queues.deadLetter("");
    static final String OUTBOUND_PREFIX = Queues.outbound("");
    static final int CONNECT_TIMEOUT_MS = 5000;

    /** The broker could not be reached, or the config does not let the CLI reach it: exit 2 with this text. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /**
     * Where the broker is, and the credentials to use; {@code credentialsHint}, when the CLI found none, says where
     * they should have been (the answer when the broker refuses the connection).
     */
    record Address(String url, String username, String password, String credentialsHint) {
        Address(String url, String username, String password) {
            this(url, username, password, null);
        }
    }

    /** One dead-lettered message: its JMS id, its queue's partner, and the message itself. */
    record DeadLetter(String partner, String jmsId, Message message) {
        String property(String name) {
            try {
                Object v = message.getObjectProperty(name);
                return v == null ? null : v.toString();
            } catch (JMSException e) {
                return null;
            }
        }

        String messageId() {
            String id = property(MessageHeaders.MESSAGE_ID);
            return id == null ? jmsId : id;
        }

        Instant deadLetteredAt() {
            try {
                return message.getJMSTimestamp() == 0 ? null : Instant.ofEpochMilli(message.getJMSTimestamp());
            } catch (JMSException e) {
                return null;
            }
        }

        String body() throws JMSException {
            if (message instanceof TextMessage t) {
                return t.getText();
            }
            if (message instanceof BytesMessage b) {
                byte[] bytes = new byte[(int) b.getBodyLength()];
                b.readBytes(bytes);
                b.reset();
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            return null;
        }
    }

    private final Connection connection;

    private DlqBroker(Connection connection) {
        this.connection = connection;
    }

    /** Reads broker settings from {@code carebridge.yaml} in the config folder (defaults when there is none). */
    static Address address(Path configFolder, String override) throws Unreachable {
        if (override != null && !override.isBlank()) {
            return new Address(override, null, null);
        }
        ServerConfig server;
        try {
            server = ServerSettingsFile.read(configFolder);
        } catch (ServerSettingsFile.Unreadable e) {
            throw new Unreachable(e.getMessage() + " (run 'carebridge validate' to check the config)");
        }
        Path file = configFolder.resolve(ConfigFiles.SERVER_FILE);
        ServerConfig.BrokerSettings broker = server.broker();
        if (!broker.embedded()) {
            return new Address(broker.url().trim(), env(broker.usernameEnv()), env(broker.passwordEnv()));
        }
        if (broker.port() <= 0) {
            throw new Unreachable("the embedded broker has no TCP listener (broker.port is " + broker.port() + " in " + file
                    + "): it is reachable from inside the server's JVM only, so this command cannot reach it. Set broker.port"
                    + " (e.g. 61616; it listens on 127.0.0.1 only) and restart CareBridge, or pass --broker URL.");
        }
        Path home = configFolder.toAbsolutePath().getParent() == null ? configFolder.toAbsolutePath()
                : configFolder.toAbsolutePath().getParent();
        Path brokerFolder = Path.of(broker.dataFolder()).isAbsolute() ? Path.of(broker.dataFolder())
                : home.resolve(broker.dataFolder()).normalize();
        String url = "tcp://127.0.0.1:" + broker.port();
        return BrokerCredentials.forClient(broker, brokerFolder)
                .map(identity -> new Address(url, identity.username(), identity.password()))
                // Nothing to present: try anyway, so "nothing listens there" is told apart from "not let in".
                .orElseGet(() -> new Address(url, null, null, "this command found no credentials in "
                        + brokerFolder.resolve(BrokerCredentials.FILE) + " (the embedded broker takes CareBridge's own "
                        + "identity only, which the server writes there on its first run): run it as the user that runs "
                        + "CareBridge, with the same --config, or set broker.usernameEnv/passwordEnv"));
    }

    private static String env(String name) {
        return name == null || name.isBlank() ? null : System.getenv(name);
    }

    /**
     * The URL with the client-side timeouts the CLI needs: a TCP connect timeout, and for failover no endless
     * reconnecting at start-up.
     */
    static String withTimeouts(String url) {
        String u = url.trim();
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("failover:")) {
            return appendOptions(u, "startupMaxReconnectAttempts=1", "maxReconnectAttempts=0", "timeout=" + CONNECT_TIMEOUT_MS);
        }
        if (lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("nio:") || lower.startsWith("nio+ssl:")) {
            return appendOptions(u, "connectionTimeout=" + CONNECT_TIMEOUT_MS);
        }
        return u;
    }

    private static String appendOptions(String url, String... options) {
        // failover:(a,b)?x=y: the outer query comes after the closing parenthesis
        int close = url.lastIndexOf(')');
        int query = url.indexOf('?', Math.max(close, 0));
        StringBuilder sb = new StringBuilder(url);
        boolean first = query < 0;
        for (String option : options) {
            String key = option.substring(0, option.indexOf('=') + 1);
            if (query >= 0 && url.substring(query).contains(key)) {
                continue; // the admin's own setting wins
            }
            sb.append(first ? '?' : '&').append(option);
            first = false;
        }
        return sb.toString();
    }

    static DlqBroker connect(Address address) throws Unreachable {
        String url = withTimeouts(address.url());
        // The transport logs a failed connect as an ERROR with a stack trace; the CLI says it once, plainly.
        ch.qos.logback.classic.Logger transport = org.slf4j.LoggerFactory.getLogger("org.apache.activemq.transport")
                instanceof ch.qos.logback.classic.Logger l ? l : null;
        ch.qos.logback.classic.Level level = transport == null ? null : transport.getLevel();
        if (transport != null) {
            transport.setLevel(ch.qos.logback.classic.Level.OFF);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "carebridge-dlq-connect");
            t.setDaemon(true);
            return t;
        });
        Future<Connection> attempt = executor.submit(() -> {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
            factory.setConnectResponseTimeout(CONNECT_TIMEOUT_MS);
            factory.setSendTimeout(CONNECT_TIMEOUT_MS);
            factory.setWatchTopicAdvisories(false);
            factory.setNestedMapAndListEnabled(false);
            Connection c = address.username() == null ? factory.createConnection()
                    : factory.createConnection(address.username(), address.password());
            c.setClientID("carebridge-dlq-" + java.util.UUID.randomUUID());
            c.start();
            return c;
        });
        try {
            return new DlqBroker(attempt.get(CONNECT_TIMEOUT_MS + 3000L, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw unreachable(address, "no answer within " + (CONNECT_TIMEOUT_MS + 3000) / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(address, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (isRefusal(e.getCause())) {
                throw new Unreachable("the broker at " + address.url() + " refused the connection: "
                        + (address.credentialsHint() != null ? address.credentialsHint()
                                : "wrong user name or password (broker.usernameEnv/passwordEnv, or the embedded broker's "
                                        + BrokerCredentials.FILE + ")"));
            }
            throw unreachable(address, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } finally {
            executor.shutdownNow();
            if (transport != null) {
                transport.setLevel(level);
            }
        }
    }

    private static boolean isRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof jakarta.jms.JMSSecurityException || c instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }

    private static Unreachable unreachable(String url, String why) {
        return new Unreachable("cannot connect to the broker at " + url + ": " + why + ". Is CareBridge running?"
                + " (the CLI reads broker.url, else broker.port, from carebridge.yaml in --config)");
    }

    private static Unreachable unreachable(Address address, String why) {
        return unreachable(address.url(), why);
    }

    /**
     * Partners with a dead-letter queue on the broker: the broker's destination advisories, else (advisories
     * off) the partners configured in {@code partners/} of the config folder.
     */
    List<String> deadLetterPartners(Path configFolder) throws JMSException {
        Set<String> partners = new TreeSet<>();
        if (connection instanceof ActiveMQConnection amq) {
            DestinationSource source = amq.getDestinationSource();
            // The broker answers the advisory subscription with the queues it has, asynchronously: wait until the
            // set stops growing.
            long deadline = System.currentTimeMillis() + 2000;
            int seen = -1;
            long stableSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                int now = source.getQueues().size();
                if (now != seen) {
                    seen = now;
                    stableSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - stableSince > (now == 0 ? 700 : 300)) {
                    break;
                }
                sleep(50);
            }
            for (ActiveMQQueue q : source.getQueues()) {
                String name = q.getQueueName();
                if (name.startsWith(DLQ_PREFIX) && name.length() > DLQ_PREFIX.length()) {
                    partners.add(name.substring(DLQ_PREFIX.length()));
                }
            }
            source.stop();
        }
        if (partners.isEmpty()) {
            partners.addAll(configuredPartners(configFolder));
        }
        return new ArrayList<>(partners);
    }

    static List<String> configuredPartners(Path configFolder) {
        Path folder = configFolder.resolve("partners");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    continue;
                }
                try {
                    JsonNode node = yaml.readTree(f.toFile());
                    String id = node == null ? null : node.path("id").asText(null);
                    ids.add(id != null ? id : name.substring(0, name.lastIndexOf('.')));
                } catch (Exception e) {
                    // a broken partner file: 'carebridge validate' reports it
                }
            }
        } catch (java.io.IOException e) {
            return ids;
        }
        return ids;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every message on one partner's dead-letter queue, oldest first, not consumed. */
    List<DeadLetter> browse(String partner) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DLQ_PREFIX + partner))) {
            List<DeadLetter> out = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            for (Object o : Collections.list(e)) {
                Message m = (Message) o;
                out.add(new DeadLetter(partner, m.getJMSMessageID(), m));
            }
            return out;
        }
    }

    /** Header names a replayed copy does not take along: the provider's own, and the previous failure. */
    private static boolean copied(String property) {
        if (property.startsWith("JMSX")) {
            return property.equals("JMSXGroupID") || property.equals("JMSXGroupSeq");
        }
        return !property.startsWith("JMS_") && !property.equals("dlqDeliveryFailureCause")
                && !property.equals(MessageHeaders.ATTEMPTS) && !property.equals(MessageHeaders.FAILURE_REASON)
                && !property.equals(MessageHeaders.PARTNER_RESPONSE) && !property.equals(MessageHeaders.REPLAYED_AT);
    }

    /**
     * Moves one dead letter back to its outbound queue in one transaction: take it off the dead-letter queue by
     * its JMS id, send a copy (properties, group, priority; failure properties dropped, attempts reset, marked
     * {@link MessageHeaders#REPLAYED_AT}), commit. False when it was no longer there.
     */
    boolean replay(DeadLetter letter, Instant at) throws JMSException {
        return take(letter, at);
    }

    /** Deletes one dead letter (by its JMS id) in one transaction. False when it was no longer there. */
    boolean purge(DeadLetter letter) throws JMSException {
        return take(letter, null);
    }

    private boolean take(DeadLetter letter, Instant replayAt) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            Queue dlq = session.createQueue(DLQ_PREFIX + letter.partner());
            try (MessageConsumer consumer = session.createConsumer(dlq, "JMSMessageID = " + quote(letter.jmsId()))) {
                Message m = consumer.receive(3000);
                if (m == null) {
                    session.rollback();
                    return false;
                }
                if (replayAt != null) {
                    Message copy;
                    if (m instanceof TextMessage t) {
                        copy = session.createTextMessage(t.getText());
                    } else if (m instanceof BytesMessage b) {
                        byte[] bytes = new byte[(int) b.getBodyLength()];
                        b.readBytes(bytes);
                        BytesMessage bm = session.createBytesMessage();
                        bm.writeBytes(bytes);
                        copy = bm;
                    } else {
                        session.rollback();
                        throw new JMSException("message " + letter.jmsId() + " is a " + m.getClass().getSimpleName()
                                + ", not a text or bytes message: not replayed");
                    }
                    for (Object name : Collections.list(m.getPropertyNames())) {
                        String property = (String) name;
                        if (copied(property)) {
                            copy.setObjectProperty(property, m.getObjectProperty(property));
                        }
                    }
                    if (m.getJMSCorrelationID() != null) {
                        copy.setJMSCorrelationID(m.getJMSCorrelationID());
                    }
                    copy.setStringProperty(MessageHeaders.REPLAYED_AT, replayAt.toString());
                    try (MessageProducer producer = session.createProducer(session.createQueue(OUTBOUND_PREFIX + letter.partner()))) {
                        producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
                        producer.send(copy, jakarta.jms.DeliveryMode.PERSISTENT, m.getJMSPriority(), 0);
                    }
                }
                session.commit();
                return true;
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException ignored) {
                    // the session goes with the exception
                }
                throw e;
            }
        }
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // nothing to do: the CLI is exiting
        }
    }
}
