package uk.carebridge.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code config/carebridge.yaml}: the server's own settings. Every field has a default, so an empty
 * file runs the demo. Relative paths are taken from the CareBridge home (the folder holding config/).
 * Secrets are never written here: the file names environment variables that hold them.
 */
public record ServerConfig(
        @JsonProperty("dataFolder") String dataFolder,
        @JsonProperty("broker") BrokerSettings broker,
        @JsonProperty("journal") JournalSettings journal,
        @JsonProperty("plugins") PluginSettings plugins,
        @JsonProperty("router") RouterSettings router,
        @JsonProperty("delivery") DeliverySettings delivery,
        @JsonProperty("validation") ValidationSettings validation,
        @JsonProperty("shutdownTimeoutSeconds") Integer shutdownTimeoutSeconds) {

    public ServerConfig {
        dataFolder = dataFolder == null ? "data" : dataFolder;
        broker = broker == null ? new BrokerSettings(null, null, null, null, null) : broker;
        journal = journal == null ? new JournalSettings(null, null, null) : journal;
        plugins = plugins == null ? new PluginSettings(null) : plugins;
        router = router == null ? new RouterSettings(null) : router;
        delivery = delivery == null ? DeliverySettings.DEFAULTS : delivery.withDefaults(DeliverySettings.DEFAULTS);
        validation = validation == null ? new ValidationSettings(null) : validation;
        shutdownTimeoutSeconds = shutdownTimeoutSeconds == null ? 20 : shutdownTimeoutSeconds;
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null);
    }

    /**
     * The broker. With {@code url} unset an embedded, persistent ActiveMQ broker runs in this JVM;
     * with {@code url} set the server connects to that external broker instead.
     */
    public record BrokerSettings(
            @JsonProperty("url") String url,
            @JsonProperty("usernameEnv") String usernameEnv,
            @JsonProperty("passwordEnv") String passwordEnv,
            @JsonProperty("port") Integer port,
            @JsonProperty("dataFolder") String dataFolder) {
        public BrokerSettings {
            port = port == null ? 61616 : port;
            dataFolder = dataFolder == null ? "data/broker" : dataFolder;
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /** The journal database. {@code {home}} in the URL is replaced by the CareBridge home folder. */
    public record JournalSettings(
            @JsonProperty("url") String url,
            @JsonProperty("usernameEnv") String usernameEnv,
            @JsonProperty("passwordEnv") String passwordEnv) {
        public JournalSettings {
            url = url == null ? "jdbc:h2:file:{home}/data/journal/carebridge" : url;
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
}
