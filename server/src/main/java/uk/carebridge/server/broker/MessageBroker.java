package uk.carebridge.server.broker;

import java.nio.file.Path;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.pool.PooledConnectionFactory;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.server.config.ServerConfig;

/**
 * The broker every message moves through: an embedded, persistent ActiveMQ Classic broker in this
 * JVM (KahaDB in the data folder, TCP on 127.0.0.1 only, the in-JVM transport for the server itself),
 * or, when {@code broker.url} is set, an external broker shared by several CareBridge instances.
 */
public final class MessageBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageBroker.class);
    private static final String EMBEDDED_NAME = "carebridge";

    private final BrokerService embedded;
    private final PooledConnectionFactory connections;
    private final String description;

    private MessageBroker(BrokerService embedded, PooledConnectionFactory connections, String description) {
        this.embedded = embedded;
        this.connections = connections;
        this.description = description;
    }

    public static MessageBroker start(ServerConfig.BrokerSettings settings, Path dataFolder) throws Exception {
        if (!settings.embedded()) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(settings.url());
            if (settings.usernameEnv() != null) {
                factory.setUserName(System.getenv(settings.usernameEnv()));
            }
            if (settings.passwordEnv() != null) {
                factory.setPassword(System.getenv(settings.passwordEnv()));
            }
            return new MessageBroker(null, pooled(factory), "external broker " + settings.url());
        }

        BrokerService broker = new BrokerService();
        broker.setBrokerName(EMBEDDED_NAME);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dataFolder.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataFolder.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        // CareBridge stops the broker itself, after Camel has finished or rolled back in-flight work.
        broker.setUseShutdownHook(false);
        broker.setDestinationPolicy(deadLetterPolicy());
        String tcp = null;
        if (settings.port() > 0) {
            tcp = "tcp://127.0.0.1:" + settings.port();
            broker.addConnector(tcp);
        }
        broker.start();
        broker.waitUntilStarted();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + EMBEDDED_NAME + "?create=false");
        String description = "embedded broker, data in " + dataFolder + (tcp == null ? "" : ", listening on " + tcp);
        LOG.info("Started {}", description);
        return new MessageBroker(broker, pooled(factory), description);
    }

    /**
     * Messages the client gives up on (a route that keeps rolling back) land in {@code DLQ.<queue>},
     * the same names CareBridge uses for its own dead-lettering, never in one shared ActiveMQ.DLQ. An external
     * broker should be given the same policy (in activemq.xml: individualDeadLetterStrategy queuePrefix="DLQ.").
     */
    public static PolicyMap deadLetterPolicy() {
        IndividualDeadLetterStrategy dlq = new IndividualDeadLetterStrategy();
        dlq.setQueuePrefix("DLQ.");
        dlq.setUseQueueForQueueMessages(true);
        PolicyEntry all = new PolicyEntry();
        all.setQueue(">");
        all.setDeadLetterStrategy(dlq);
        PolicyMap map = new PolicyMap();
        map.setPolicyEntries(List.of(all));
        return map;
    }

    private static PooledConnectionFactory pooled(ActiveMQConnectionFactory factory) {
        // Camel handles delivery retries and dead-lettering itself; the client's redelivery only
        // covers rollbacks (crash, shutdown, a failing router) and then backs off briefly.
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setMaximumRedeliveries(20);
        redelivery.setInitialRedeliveryDelay(500);
        redelivery.setUseExponentialBackOff(true);
        redelivery.setMaximumRedeliveryDelay(30_000);
        factory.setRedeliveryPolicy(redelivery);
        factory.setWatchTopicAdvisories(false);
        PooledConnectionFactory pool = new PooledConnectionFactory();
        pool.setConnectionFactory(factory);
        pool.setMaxConnections(8);
        pool.start();
        return pool;
    }

    /** Pooled connections to the broker: a Camel producer without pooling is ~3.5x slower. */
    public ConnectionFactory connectionFactory() {
        return connections;
    }

    /**
     * Whether the broker can be used now: the embedded broker runs, and a pooled connection to it is
     * open with its transport connected (a failover URL hides a lost connection behind reconnect
     * attempts; the transport says whether one is up). May block while a first connection is made
     * to an external broker: call it off any event loop, with a time limit (the health endpoint does).
     */
    public boolean isReachable() {
        if (embedded != null && (!embedded.isStarted() || embedded.isStopping() || embedded.isStopped())) {
            return false;
        }
        try {
            Connection c = connections.createConnection();
            if (c == null) {
                return false;
            }
            try {
                Connection real = c instanceof org.apache.activemq.jms.pool.PooledConnection pooled ? pooled.getConnection() : c;
                if (real instanceof ActiveMQConnection amq) {
                    return !amq.isClosed() && !amq.isTransportFailed() && amq.getTransport().isConnected();
                }
                return true;
            } finally {
                c.close();
            }
        } catch (Exception e) {
            return false;
        }
    }

    public String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        connections.stop();
        if (embedded != null) {
            embedded.stop();
            embedded.waitUntilStopped();
        }
    }
}
