package uk.carebridge.server.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.pool.PooledConnectionFactory;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.AuthorizationEntry;
import org.apache.activemq.security.AuthorizationPlugin;
import org.apache.activemq.security.DefaultAuthorizationMap;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.activemq.usage.SystemUsage;
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
    private static final String CAREBRIDGE_GROUP = "carebridge";
    private static final long MIB = 1024L * 1024;
    static final long DEFAULT_STORE_LIMIT = 10L * 1024 * MIB;
    static final long DEFAULT_TEMP_LIMIT = 1024 * MIB;
    static final long DEFAULT_MEMORY_LIMIT = 256 * MIB;
    /** Partners' new messages are refused at this share of the store limit (see {@link #destinationPolicy()}). */
    public static final int INBOUND_STORE_HIGH_WATER_MARK = 90;

    private final BrokerService embedded;
    /** Refuses partners while the disk under the data folder runs low; null for an external broker. */
    private volatile DiskGuard disk;
    /** Told when the store failed for good and the broker stops ({@link #onStoreFailure}). */
    private volatile Runnable storeFailed = () -> { };
    private final PooledConnectionFactory connections;
    private final PooledConnectionFactory inboundConnections;
    private final String description;

    private MessageBroker(BrokerService embedded, Supplier<ActiveMQConnectionFactory> factory, String description) {
        this.embedded = embedded;
        this.connections = pooled(factory.get());
        this.inboundConnections = pooled(factory.get());
        this.description = description;
    }

    public static MessageBroker start(ServerConfig.BrokerSettings settings, Path dataFolder) throws Exception {
        if (!settings.embedded()) {
            Supplier<ActiveMQConnectionFactory> factory = () -> {
                ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(settings.url());
                if (settings.usernameEnv() != null) {
                    f.setUserName(System.getenv(settings.usernameEnv()));
                }
                if (settings.passwordEnv() != null) {
                    f.setPassword(System.getenv(settings.passwordEnv()));
                }
                return f;
            };
            return new MessageBroker(null, factory, "external broker " + settings.url());
        }

        BrokerService broker = new BrokerService();
        broker.setBrokerName(EMBEDDED_NAME);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dataFolder.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataFolder.resolve("kahadb").toFile());
        kahaDb.setJournalMaxFileLength((int) Math.min(Integer.MAX_VALUE, settings.journalFileMb() * MIB));
        // Journal files whose messages are all consumed are deleted at the next clean-up: every 10 s, not
        // ActiveMQ's 30 s, so a store that was full takes messages again soon after the backlog drains.
        kahaDb.setCleanupInterval(10_000);
        // A write cut short (a full disk, a kill) leaves a torn record at the journal's end: skip it at the next start
        // instead of refusing to start. Such a record was never committed, so no sender was acknowledged for it.
        kahaDb.setCheckForCorruptJournalFiles(true);
        kahaDb.setIgnoreMissingJournalfiles(true);
        broker.setPersistenceAdapter(kahaDb);
        applyLimits(broker, settings, dataFolder);
        broker.setUseJmx(false);
        // CareBridge stops the broker itself, after Camel has finished or rolled back in-flight work.
        broker.setUseShutdownHook(false);
        broker.setDestinationPolicy(destinationPolicy());
        BrokerCredentials identity = BrokerCredentials.forEmbedded(settings, dataFolder);
        MessageBroker[] self = new MessageBroker[1];
        broker.setIoExceptionHandler(new StoreFailureHandler(() -> self[0] == null ? null : self[0].disk,
                () -> {
                    if (self[0] != null) {
                        self[0].storeFailed.run();
                    }
                }));
        broker.setPlugins(new BrokerPlugin[] {authentication(identity), authorisation()});
        String tcp = null;
        if (settings.port() > 0) {
            tcp = "tcp://127.0.0.1:" + settings.port();
            broker.addConnector(tcp);
        }
        broker.start();
        broker.waitUntilStarted();
        Supplier<ActiveMQConnectionFactory> factory = () -> new ActiveMQConnectionFactory(identity.username(),
                identity.password(), "vm://" + EMBEDDED_NAME + "?create=false");
        String description = "embedded broker, data in " + dataFolder + (tcp == null ? "" : ", listening on " + tcp
                + " (user " + identity.username() + " only; credentials in " + dataFolder.resolve(BrokerCredentials.FILE)
                + " unless broker.usernameEnv/passwordEnv name them)");
        LOG.info("Started {}", description);
        MessageBroker started = new MessageBroker(broker, factory, description);
        started.disk = DiskGuard.of(settings.minFreeDiskMb(), dataFolder);
        self[0] = started;
        return started;
    }

    /** No anonymous connection, and no identity but CareBridge's own. */
    private static SimpleAuthenticationPlugin authentication(BrokerCredentials identity) {
        SimpleAuthenticationPlugin plugin = new SimpleAuthenticationPlugin(
                List.of(new AuthenticationUser(identity.username(), identity.password(), CAREBRIDGE_GROUP)));
        plugin.setAnonymousAccessAllowed(false);
        return plugin;
    }

    /**
     * Every queue and topic (CareBridge's, the dead-letter queues, ActiveMQ's advisories) to CareBridge's group only:
     * should another identity ever be added to the broker, it gets nothing unless an entry here grants it.
     */
    private static AuthorizationPlugin authorisation() throws Exception {
        AuthorizationEntry queues = new AuthorizationEntry();
        queues.setQueue(">");
        AuthorizationEntry topics = new AuthorizationEntry();
        topics.setTopic(">");
        for (AuthorizationEntry e : List.of(queues, topics)) {
            e.setRead(CAREBRIDGE_GROUP);
            e.setWrite(CAREBRIDGE_GROUP);
            e.setAdmin(CAREBRIDGE_GROUP);
        }
        DefaultAuthorizationMap map = new DefaultAuthorizationMap();
        map.setAuthorizationEntries(List.of(queues, topics));
        return new AuthorizationPlugin(map);
    }

    /**
     * Store, memory and temporary-store limits, and what a producer meets at a limit: the send fails
     * at once (jakarta.jms.ResourceAllocationException) instead of blocking the partner's thread until space
     * frees up. The inbound gateway turns that into "resend later" for the partner.
     * Explicit defaults below what the disk has: otherwise ActiveMQ lowers its own defaults (100 GiB store,
     * 50 GiB temp) to the free space at every start, with a WARN.
     */
    static void applyLimits(BrokerService broker, ServerConfig.BrokerSettings settings, Path dataFolder) {
        long usable = usableSpace(dataFolder);
        // What the store already holds is space it has, too (ActiveMQ counts it the same way).
        long store = settings.storeLimitMb() != null ? settings.storeLimitMb() * MIB
                : defaultDiskLimit(usable + folderSize(dataFolder.resolve("kahadb")), DEFAULT_STORE_LIMIT);
        long temp = settings.tempLimitMb() != null ? settings.tempLimitMb() * MIB
                : defaultDiskLimit(usable, DEFAULT_TEMP_LIMIT);
        long memory = settings.memoryLimitMb() != null ? settings.memoryLimitMb() * MIB
                : Math.min(DEFAULT_MEMORY_LIMIT, Runtime.getRuntime().maxMemory() / 4);
        SystemUsage usage = broker.getSystemUsage();
        usage.getStoreUsage().setLimit(store);
        usage.getTempUsage().setLimit(temp);
        usage.getMemoryUsage().setLimit(memory);
        // Fail at once: a waiting send would hold the partner's thread, and a transacted batch would wait once
        // per message. The memory limit (with KahaDB's store cursors) is only reached under real overload.
        usage.setSendFailIfNoSpace(true);
        LOG.info("Broker limits: store {} MiB, memory {} MiB, temp {} MiB (free disk {} MiB)", store / MIB,
                memory / MIB, temp / MIB, usable / MIB);
    }

    /** The smaller of {@code preferred} and the free disk space less a margin (a tenth of it, at most 1 GiB). */
    static long defaultDiskLimit(long usable, long preferred) {
        long margin = Math.min(usable / 10, 1024 * MIB);
        return Math.max(MIB, Math.min(preferred, usable - margin));
    }

    private static long folderSize(Path folder) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // not there yet
        }
    }

    /** Free space where the store lives (the folder may not exist yet: its nearest existing parent). */
    private static long usableSpace(Path folder) {
        java.io.File f = folder.toAbsolutePath().toFile();
        while (f != null && !f.exists()) {
            f = f.getParentFile();
        }
        return f == null ? Long.MAX_VALUE : f.getUsableSpace();
    }

    /**
     * Messages the client gives up on (a route that keeps rolling back) land in {@code DLQ.<queue>},
     * the same names CareBridge uses for its own dead-lettering, never in one shared ActiveMQ.DLQ. An external
     * broker should be given the same policy (in activemq.xml: individualDeadLetterStrategy queuePrefix="DLQ.").
     */
    public static PolicyMap deadLetterPolicy() {
        PolicyMap map = new PolicyMap();
        map.setPolicyEntries(List.of(entry(">")));
        return map;
    }

    /**
     * The embedded broker's policy: dead letters as above, and {@code carebridge.inbound} refused at
     * {@value #INBOUND_STORE_HIGH_WATER_MARK}% of the store limit. The headroom is for messages already
     * acknowledged to partners: the router must still be able to put their copies on the outbound queues.
     */
    static PolicyMap destinationPolicy() {
        PolicyEntry inbound = entry(Queues.INBOUND);
        inbound.setStoreUsageHighWaterMark(INBOUND_STORE_HIGH_WATER_MARK);
        PolicyMap map = new PolicyMap();
        map.setPolicyEntries(List.of(entry(">"), inbound));
        return map;
    }

    private static PolicyEntry entry(String queue) {
        IndividualDeadLetterStrategy dlq = new IndividualDeadLetterStrategy();
        dlq.setQueuePrefix("DLQ.");
        dlq.setUseQueueForQueueMessages(true);
        PolicyEntry entry = new PolicyEntry();
        entry.setQueue(queue);
        entry.setDeadLetterStrategy(dlq);
        return entry;
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
     * A pool of its own for the inbound gateways. A send the broker refuses (store full) comes back as an
     * asynchronous error on its connection (transacted sends are one-way), and the pool then closes that
     * connection: that must not happen under the routes' consumers.
     */
    public ConnectionFactory inboundConnectionFactory() {
        return inboundConnections;
    }

    /**
     * Why the embedded broker would refuse a persistent send now (store or memory limit reached), or null.
     * Unknown for an external broker (null): its refusal shows at the send or commit instead.
     */
    public String limitReached() {
        if (embedded == null) {
            return null;
        }
        String low = disk == null ? null : disk.lowSpace();
        if (low != null) {
            return low;
        }
        SystemUsage usage = embedded.getSystemUsage();
        if (usage.getStoreUsage().isFull(INBOUND_STORE_HIGH_WATER_MARK)) {
            return "Persistent store is Full, " + usage.getStoreUsage().getPercentUsage() + "% of "
                    + usage.getStoreUsage().getLimit() / MIB + " MiB, new messages are taken up to "
                    + INBOUND_STORE_HIGH_WATER_MARK + "%";
        }
        if (usage.getMemoryUsage().isFull()) {
            return "Memory limit reached, " + usage.getMemoryUsage().getPercentUsage() + "% of "
                    + usage.getMemoryUsage().getLimit() / MIB + " MiB";
        }
        return null;
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

    /**
     * What to do when the embedded broker's store fails for a reason other than a full disk, and the broker stops:
     * the {@code run} command exits non-zero, so a supervisor restarts CareBridge.
     */
    public void onStoreFailure(Runnable action) {
        storeFailed = action;
    }

    /** Also guard the disks of these folders (the journal, the partners' folders), when they are elsewhere. */
    public void guardDisksOf(java.util.Collection<Path> folders) {
        if (disk != null) {
            disk = disk.with(folders);
        }
    }

    public String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        inboundConnections.stop();
        connections.stop();
        if (embedded != null) {
            embedded.stop();
            embedded.waitUntilStopped();
        }
    }
}
