package uk.carebridge.server.cli;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;

import org.apache.activemq.ActiveMQConnectionFactory;

import uk.carebridge.server.broker.BrokerCredentials;
import uk.carebridge.server.config.ConfigFiles;
import uk.carebridge.server.config.ServerConfig;
import uk.carebridge.server.config.ServerSettingsFile;

/**
 * The CLI's own connection to the running server's broker, for {@code carebridge dlq}: the external broker of
 * {@code broker.url}, else the embedded broker's TCP listener on 127.0.0.1, with the credentials that broker takes.
 * Short timeouts everywhere: an admin asking about dead letters wants an answer or a clear "cannot connect", not a hang.
 */
final class BrokerClient implements AutoCloseable {

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

    private final Connection connection;

    private BrokerClient(Connection connection) {
        this.connection = connection;
    }

    /** The started connection; closed by {@link #close()}. */
    Connection connection() {
        return connection;
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

    static BrokerClient connect(Address address) throws Unreachable {
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
            return new BrokerClient(attempt.get(CONNECT_TIMEOUT_MS + 3000L, TimeUnit.MILLISECONDS));
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

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // nothing to do: the CLI is exiting
        }
    }
}
