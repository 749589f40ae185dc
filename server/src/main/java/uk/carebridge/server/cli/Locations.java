package uk.carebridge.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The folders every command needs, with the defaults a new user expects: the {@code config/} and
 * {@code routes/} of the CareBridge home ($CAREBRIDGE_HOME, else the current folder), and the
 * {@code plugins/} folder of this installation.
 */
final class Locations {

    @Option(names = "--config", paramLabel = "DIR",
            description = "Config folder: carebridge.yaml and partners/ (default: $CAREBRIDGE_HOME/config, else ./config)")
    Path config;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Routes folder: the route files (default: $CAREBRIDGE_HOME/routes, else ./routes)")
    Path routes;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Plugin folder (default: plugins.folder in carebridge.yaml, else this installation's plugins/)")
    Path plugins;

    static Path home() {
        String env = System.getenv("CAREBRIDGE_HOME");
        return (env == null || env.isBlank() ? Path.of("") : Path.of(env)).toAbsolutePath().normalize();
    }

    Path configFolder() {
        return config != null ? config : home().resolve("config");
    }

    Path routesFolder() {
        return routes != null ? routes : home().resolve("routes");
    }

    /**
     * The plugin folder: --plugins, else plugins.folder from carebridge.yaml (relative to the home
     * folder), else the plugins/ beside this installation's lib/.
     */
    Path pluginFolder(String configured) {
        if (plugins != null) {
            return plugins.toAbsolutePath().normalize();
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            Path home = configFolder().toAbsolutePath().normalize().getParent();
            return p.isAbsolute() ? p : home.resolve(p).normalize();
        }
        return installationPlugins();
    }

    private static Path installationPlugins() {
        try {
            Path code = Path.of(Locations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../lib/carebridge-server.jar -> .../plugins
            if (Files.isRegularFile(code) && code.getParent() != null && code.getParent().getParent() != null) {
                return code.getParent().getParent().resolve("plugins");
            }
        } catch (Exception ignored) {
            // fall through to the home folder
        }
        return home().resolve("plugins");
    }
}
