package uk.carebridge.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code config/carebridge.yaml}: the server's own settings. Every field has a default, so an empty
 * file runs the demo. Relative paths are taken from the CareBridge home (the folder holding config/).
 * Secrets are never written here: the file names environment variables that hold them.
 * {@code reload} (default true): watch routes/, config/partners/ and config/groups.yaml and apply a valid edit
 * while running; this file itself is read at start-up only.
 */
public record ServerConfig(
        @JsonProperty("dataFolder") String dataFolder,
        @JsonProperty("broker") BrokerSettings broker,
        @JsonProperty("http") HttpSettings http,
        @JsonProperty("mllp") MllpSettings mllp,
        @JsonProperty("journal") JournalSettings journal,
        @JsonProperty("plugins") PluginSettings plugins,
        @JsonProperty("router") RouterSettings router,
        @JsonProperty("delivery") DeliverySettings delivery,
        @JsonProperty("validation") ValidationSettings validation,
        @JsonProperty("shutdownTimeoutSeconds") Integer shutdownTimeoutSeconds,
        @JsonProperty("reload") Boolean reload,
        @JsonProperty("security") SecuritySettings security) {

    /**
     * H2 in the data folder, commits written to the file within 100 ms. Not WRITE_DELAY=0: with it H2's MVStore
     * writes a chunk per commit and never reclaims the old ones (no background writer), so the file grew by about
     * 55 KB per message, 13 GB for 230,000 messages in the benchmark (BENCHMARKS.md). The price: a process killed
     * outright may lose the last ~0.1-0.2 s of journal rows (never a message: those are in the broker). A durable
     * audit trail at volume belongs in a database server (PostgreSQL), which groups commits itself.
     */
    public static final String DEFAULT_JOURNAL_URL = "jdbc:h2:file:{home}/data/journal/carebridge;WRITE_DELAY=100";

    public ServerConfig {
        dataFolder = dataFolder == null ? "data" : dataFolder;
        broker = broker == null ? new BrokerSettings(null, null, null, null, null, null, null, null, null, null) : broker;
        http = http == null ? new HttpSettings(null, null, null) : http;
        mllp = mllp == null ? new MllpSettings(null) : mllp;
        journal = journal == null ? new JournalSettings(null, null, null) : journal;
        plugins = plugins == null ? new PluginSettings(null) : plugins;
        router = router == null ? new RouterSettings(null) : router;
        delivery = delivery == null ? DeliverySettings.DEFAULTS : delivery.withDefaults(DeliverySettings.DEFAULTS);
        validation = validation == null ? new ValidationSettings(null) : validation;
        shutdownTimeoutSeconds = shutdownTimeoutSeconds == null ? 20 : shutdownTimeoutSeconds;
        reload = reload == null || reload;
        security = security == null ? new SecuritySettings(null, null) : security;
        if (!broker.embedded() && !security.explicit()) {
            throw new IllegalArgumentException("with an external broker (broker.url), set security.secretEnv (or "
                    + "security.secretFile): every CareBridge instance on that broker must sign and group messages with "
                    + "the same installation key, or one instance's messages are refused by another");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The broker. With {@code url} unset an embedded, persistent ActiveMQ broker runs in this JVM;
     * with {@code url} set the server connects to that external broker instead.
     *
     * <p>Limits of the embedded broker, in MiB (unset: a default worked out at start-up, see
     * {@code MessageBroker}): {@code storeLimitMb} the KahaDB store (every message waiting anywhere),
     * {@code memoryLimitMb} messages held in memory, {@code tempLimitMb} the temporary store (non-persistent
     * messages only). When one is reached a send fails at once instead of blocking, and inbound
     * partners are told to resend later. {@code minFreeDiskMb}: partners are refused the same way while the disk holding
     * the data folder has less than this free (default: 256 MiB, or 5% of a disk smaller than 5 GiB), checked as
     * the disk fills, not once at start-up, so the store, the journal and the outboxes never meet a full disk.
     * {@code journalFileMb}: size of one KahaDB journal file; disk space is
     * given back a whole file at a time, once nothing in it is still waiting. An external broker has these
     * limits in its own activemq.xml.
     */
    public record BrokerSettings(
            @JsonProperty("url") String url,
            @JsonProperty("usernameEnv") String usernameEnv,
            @JsonProperty("passwordEnv") String passwordEnv,
            @JsonProperty("port") Integer port,
            @JsonProperty("dataFolder") String dataFolder,
            @JsonProperty("storeLimitMb") Long storeLimitMb,
            @JsonProperty("memoryLimitMb") Long memoryLimitMb,
            @JsonProperty("tempLimitMb") Long tempLimitMb,
            @JsonProperty("journalFileMb") Integer journalFileMb,
            @JsonProperty("minFreeDiskMb") Long minFreeDiskMb) {
        public BrokerSettings {
            requirePositive("broker.minFreeDiskMb", minFreeDiskMb);
            port = port == null ? 61616 : port;
            dataFolder = dataFolder == null ? "data/broker" : dataFolder;
            requirePositive("broker.storeLimitMb", storeLimitMb);
            requirePositive("broker.memoryLimitMb", memoryLimitMb);
            requirePositive("broker.tempLimitMb", tempLimitMb);
            if (tempLimitMb != null && tempLimitMb < 32) {
                // ActiveMQ's temporary store writes 32 MiB journal files: a smaller limit accepts nothing.
                throw new IllegalArgumentException("broker.tempLimitMb must be at least 32 (one temporary-store file), not "
                        + tempLimitMb);
            }
            requirePositive("broker.journalFileMb", journalFileMb == null ? null : journalFileMb.longValue());
            journalFileMb = journalFileMb == null ? 32 : journalFileMb;
        }

        private static void requirePositive(String key, Long value) {
            if (value != null && value <= 0) {
                throw new IllegalArgumentException(key + " must be a positive number of MiB, not " + value);
            }
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * The one HTTP listener (Vert.x, through Camel's platform-http) that serves {@code GET /health} and
     * every partner's HTTP endpoints, each under {@code /partners/<partner-id>/}. {@code host} is the
     * interface to listen on (default all: partners call in from their own networks); {@code port} 0
     * means no HTTP listener at all (partners whose plugin receives over HTTP then do not start);
     * a request body over {@code maxBodyBytes} is refused with 413 before it is held in memory.
     */
    public record HttpSettings(
            @JsonProperty("host") String host,
            @JsonProperty("port") Integer port,
            @JsonProperty("maxBodyBytes") Long maxBodyBytes) {

        public static final String DEFAULT_HOST = "0.0.0.0";
        public static final int DEFAULT_PORT = 8080;
        public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
        /** The whole body of a request is held in memory while it is handled: keep the limit sane. */
        public static final long MAX_MAX_BODY_BYTES = 1024L * 1024 * 1024;

        public HttpSettings {
            host = host == null ? DEFAULT_HOST : host.trim();
            port = port == null ? DEFAULT_PORT : port;
            maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        }

        /** False when {@code port} is 0: no HTTP listener. */
        public boolean enabled() {
            return port != 0;
        }
    }

    /**
     * Bounds shared by every partner's MLLP listener: {@code maxConnections}, the connections open at once across
     * all of them (each partner has its own {@code maxConnections} within it), so that no set of senders can take
     * every thread and file handle of the server.
     */
    public record MllpSettings(@JsonProperty("maxConnections") Integer maxConnections) {
        /** A thread and a socket each: more than this is a misconfiguration, not a trust. */
        public static final int MAX_MAX_CONNECTIONS = 10_000;

        public MllpSettings {
            maxConnections = maxConnections == null
                    ? uk.carebridge.plugin.PartnerContext.DEFAULT_SERVER_MAX_MLLP_CONNECTIONS : maxConnections;
        }
    }

    /** The journal database. {@code {home}} in the URL is replaced by the CareBridge home folder. */
    public record JournalSettings(
            @JsonProperty("url") String url,
            @JsonProperty("usernameEnv") String usernameEnv,
            @JsonProperty("passwordEnv") String passwordEnv) {
        public JournalSettings {
            url = url == null ? DEFAULT_JOURNAL_URL : url;
        }
    }

    /** Where plugin jars are; unset: the {@code plugins/} folder of this installation. */
    public record PluginSettings(@JsonProperty("folder") String folder) {
    }

    public record RouterSettings(@JsonProperty("consumers") Integer consumers) {
        public RouterSettings {
            consumers = consumers == null ? 2 : consumers;
        }
    }

    /** {@code profile: true} runs full HAPI instance validation on every inbound message (~12-15 ms each). */
    public record ValidationSettings(@JsonProperty("profile") Boolean profile) {
        public ValidationSettings {
            profile = profile != null && profile;
        }
    }

    /**
     * The installation key ({@code InstallationKey}): it signs what CareBridge puts on its queues and keys the
     * per-person message groups. {@code secretEnv}: the environment variable holding it (the same on every instance);
     * else {@code secretFile} (default {@code data/secret.key}), generated on first run, owner-only. Required to be
     * set explicitly with an external broker, where several instances must share it.
     */
    public record SecuritySettings(
            @JsonProperty("secretEnv") String secretEnv,
            @JsonProperty("secretFile") String secretFile) {

        public static final String DEFAULT_SECRET_FILE = "data/secret.key";

        public boolean explicit() {
            return secretEnv != null && !secretEnv.isBlank() || secretFile != null && !secretFile.isBlank();
        }

        /** The key file to use when no environment variable is named. */
        public String secretFileOrDefault() {
            return secretFile == null || secretFile.isBlank() ? DEFAULT_SECRET_FILE : secretFile;
        }
    }
}
