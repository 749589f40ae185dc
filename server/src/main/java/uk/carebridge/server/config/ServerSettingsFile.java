package uk.carebridge.server.config;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * {@code carebridge.yaml} read on its own, leniently, for commands that need a server setting before or without the
 * full check of {@link ConfigLoader} (the plugin folder before the plugins load; the broker for {@code carebridge
 * dlq}): the defaults when the file is missing or empty, unknown keys ignored. {@code carebridge validate} reports
 * what is wrong with the file, with its line.
 */
public final class ServerSettingsFile {

    /** The file exists but is not a server settings file. */
    public static final class Unreadable extends RuntimeException {
        private final Path file;

        Unreadable(Path file, Exception cause) {
            super("cannot read " + file + ": " + cause.getMessage(), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServerSettingsFile() {
    }

    /** The server settings of {@code configFolder/carebridge.yaml}; throws {@link Unreadable} naming the file. */
    public static ServerConfig read(Path configFolder) {
        Path file = configFolder.resolve(ConfigFiles.SERVER_FILE);
        if (!Files.exists(file)) {
            return ServerConfig.defaults();
        }
        try {
            ServerConfig read = YAML.readValue(file.toFile(), ServerConfig.class);
            return read == null ? ServerConfig.defaults() : read;
        } catch (Exception e) {
            throw new Unreadable(file, e);
        }
    }
}
