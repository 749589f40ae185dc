package uk.carebridge.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where a partner's secrets come from; the one implementation of {@link PartnerContext#secret} (the server and the
 * test kits call it with their own environment). Plugins call {@code context.secret(name)}, never this.
 *
 * <p>The convention: a secret called {@code name} (e.g. {@code apiKey}) is given by at most one of two settings,
 * never by its value in the partner file:
 * <ul>
 *   <li>{@code <name>Env} ({@code apiKeyEnv}) names an environment variable holding it;</li>
 *   <li>{@code <name>File} ({@code apiKeyFile}) names a file whose content, without leading and trailing white
 *       space (a final newline), is it: container secrets such as {@code /run/secrets/council-key}. A relative
 *       path is taken from the CareBridge home ({@link PartnerContext#resolvePath}). The file is read as UTF-8.</li>
 * </ul>
 * Neither set: no secret (empty). Both set, a variable not set or blank, a file missing, unreadable or blank: an
 * error naming the partner, the setting and the variable or path. The secret itself is never logged and never in
 * an error message.
 */
public final class Secrets {

    /** Suffix of the setting naming the environment variable: {@code apiKey} -> {@code apiKeyEnv}. */
    public static final String ENV = "Env";
    /** Suffix of the setting naming the file: {@code apiKey} -> {@code apiKeyFile}. */
    public static final String FILE = "File";

    private Secrets() {
    }

    /**
     * The secret {@code name} of {@code partner}.
     *
     * @param environment looks an environment variable up ({@code System::getenv} in the server)
     * @param resolvePath turns a setting's path into a file path (relative: from the CareBridge home)
     */
    public static Optional<String> read(Partner partner, String name, UnaryOperator<String> environment,
                                        Function<String, Path> resolvePath) {
        SettingReader settings = new SettingReader(partner);
        String envKey = name + ENV;
        String fileKey = name + FILE;
        Optional<String> variable = settings.text(envKey).filter(v -> !v.isEmpty());
        Optional<String> file = settings.text(fileKey).filter(v -> !v.isEmpty());
        if (variable.isPresent() && file.isPresent()) {
            throw settings.invalid(fileKey, "is set together with " + envKey + ": give the secret one way");
        }
        if (variable.isPresent()) {
            String secret = environment.apply(variable.get());
            if (secret == null || secret.isBlank()) {
                throw settings.invalid(envKey, "names the environment variable " + variable.get()
                        + ", which is not set or empty");
            }
            return Optional.of(secret);
        }
        return file.map(value -> fromFile(settings, fileKey, resolvePath.apply(value)));
    }

    private static String fromFile(SettingReader settings, String key, Path path) {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw settings.invalid(key, "names the file " + path + ", which does not exist");
        } catch (IOException | RuntimeException e) {
            // Not the exception's message: a decoding error could quote the content.
            throw settings.invalid(key, "names the file " + path + ", which cannot be read as UTF-8 text ("
                    + e.getClass().getSimpleName() + ")");
        }
        String secret = content.strip();
        if (secret.isEmpty()) {
            throw settings.invalid(key, "names the file " + path + ", which is empty");
        }
        return secret;
    }

    /**
     * The declaration of {@code <name>File}, to list beside {@code <name>Env}: {@code what} says what the secret is,
     * e.g. "the API key the trust must send".
     */
    public static PluginSetting fileSetting(String name, String what) {
        return PluginSetting.optional(name + FILE, null, "File holding " + what + " (its content, trimmed), "
                + "instead of " + name + ENV + ": for container secrets; a relative path is from the CareBridge home.");
    }
}
