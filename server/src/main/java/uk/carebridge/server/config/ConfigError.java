package uk.carebridge.server.config;

import java.nio.file.Path;

/** One problem in the config: the file, the line (0 when unknown) and what to do about it. */
public record ConfigError(Path file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
