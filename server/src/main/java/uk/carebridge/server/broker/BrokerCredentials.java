package uk.carebridge.server.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

import uk.carebridge.server.config.ServerConfig;
import uk.carebridge.server.security.OwnerOnlyFile;

/**
 * The one identity the embedded broker lets in: CareBridge's own. Loopback is no boundary (any process on the host
 * can open 127.0.0.1:61616), so the broker never takes an anonymous connection. The name and password come from
 * the environment variables {@code broker.usernameEnv} / {@code broker.passwordEnv} name when both are set;
 * otherwise they are generated on first run into {@value #FILE} in the broker's data folder, readable by its
 * owner only, where the server and every {@code carebridge} command run by that user read them.
 */
public record BrokerCredentials(String username, String password) {

    public static final String FILE = "credentials.properties";
    public static final String DEFAULT_USERNAME = "carebridge";

    @Override
    public String toString() {
        return "BrokerCredentials[" + username + ", password hidden]";
    }

    /** For the embedded broker: the configured identity, or the generated one (made now if there is none yet). */
    static BrokerCredentials forEmbedded(ServerConfig.BrokerSettings settings, Path brokerFolder) {
        return fromEnvironment(settings).orElseGet(() -> {
            Path file = brokerFolder.resolve(FILE);
            try {
                if (!Files.exists(file)) {
                    generate(file);
                }
                return read(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the broker's credentials in " + file + ": " + e.getMessage()
                        + " (the data folder must be writable by the user running CareBridge)", e);
            }
        });
    }

    /**
     * For a command that connects to the running embedded broker: the same identity, never a new one; empty when
     * the server has never run with this data folder (or the file cannot be read by this user).
     */
    public static Optional<BrokerCredentials> forClient(ServerConfig.BrokerSettings settings, Path brokerFolder) {
        Optional<BrokerCredentials> configured = fromEnvironment(settings);
        if (configured.isPresent()) {
            return configured;
        }
        Path file = brokerFolder.resolve(FILE);
        try {
            return Files.isReadable(file) ? Optional.of(read(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<BrokerCredentials> fromEnvironment(ServerConfig.BrokerSettings settings) {
        String user = env(settings.usernameEnv());
        String password = env(settings.passwordEnv());
        if (user == null || password == null) {
            return Optional.empty();
        }
        return Optional.of(new BrokerCredentials(user, password));
    }

    private static String env(String name) {
        String value = name == null || name.isBlank() ? null : System.getenv(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static BrokerCredentials read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String user = p.getProperty("username");
        String password = p.getProperty("password");
        if (user == null || password == null || password.isEmpty()) {
            throw new IOException("the file has no username and password; delete it to have new ones generated");
        }
        return new BrokerCredentials(user, password);
    }

    /** 32 random bytes, in an owner-only file ({@link OwnerOnlyFile}). */
    private static void generate(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Properties p = new Properties();
        p.setProperty("username", DEFAULT_USERNAME);
        p.setProperty("password", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        StringWriter text = new StringWriter();
        p.store(text, "CareBridge's embedded broker identity, generated on first run. Keep it secret; delete it (with "
                + "the server stopped) for a new one.");
        OwnerOnlyFile.createOnce(file, text.toString());
    }
}
