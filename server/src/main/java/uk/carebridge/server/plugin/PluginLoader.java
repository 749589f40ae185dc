package uk.carebridge.server.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.PartnerPlugin;

/**
 * Loads every plugin in the plugin folder. Each entry of the folder is one plugin: a jar, or a
 * folder of jars (the plugin's jar and its private libraries). Each gets its own
 * {@link PluginClassLoader} and is found through {@link ServiceLoader}. A plugin that fails to load
 * is reported and skipped; the others still run.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {
    }

    public static PluginCatalog load(Path folder) {
        List<PluginCatalog.Loaded> loaded = new ArrayList<>();
        List<PluginCatalog.Failure> failures = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            failures.add(new PluginCatalog.Failure(folder, "plugin folder does not exist: build with"
                    + " 'mvn -B package' or set plugins.folder in carebridge.yaml"));
            return new PluginCatalog(folder, loaded, failures);
        }
        Set<String> ids = new HashSet<>();
        for (Path entry : entries(folder)) {
            try {
                List<PartnerPlugin> found = loadEntry(entry);
                if (found.isEmpty()) {
                    failures.add(new PluginCatalog.Failure(entry, "no plugin found: the jar needs a"
                            + " META-INF/services/" + PartnerPlugin.class.getName() + " file naming its plugin class"));
                }
                for (PartnerPlugin plugin : found) {
                    String id = plugin.id();
                    // Ask for everything once now, so a plugin that throws fails here and not mid-start.
                    plugin.settings();
                    plugin.version();
                    if (!ids.add(id)) {
                        failures.add(new PluginCatalog.Failure(entry, "plugin id '" + id + "' is already"
                                + " loaded from another jar: remove one of them"));
                        continue;
                    }
                    loaded.add(new PluginCatalog.Loaded(plugin, entry));
                    LOG.info("Loaded plugin {} {} from {}", id, plugin.version(), entry);
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String reason = describe(e);
                failures.add(new PluginCatalog.Failure(entry, reason));
                LOG.error("Plugin {} skipped: {}", entry, reason);
            }
        }
        return new PluginCatalog(folder, loaded, failures);
    }

    private static List<PartnerPlugin> loadEntry(Path entry) {
        URL[] jars = jars(entry);
        PluginClassLoader loader = new PluginClassLoader(entry.getFileName().toString(), jars,
                PluginLoader.class.getClassLoader());
        List<PartnerPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(PartnerPlugin.class, loader).stream()
                // Only this plugin's own providers, not any the server's class path may hold.
                .filter(p -> p.type().getClassLoader() == loader)
                .forEach(p -> plugins.add(p.get()));
        return plugins;
    }

    private static URL[] jars(Path entry) {
        List<Path> files;
        if (Files.isDirectory(entry)) {
            try (Stream<Path> s = Files.list(entry)) {
                files = s.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + entry + ": " + e.getMessage(), e);
            }
        } else {
            files = List.of(entry);
        }
        return files.stream().map(f -> {
            try {
                return f.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    private static List<Path> entries(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list plugin folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            sb.append(" <- ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
        }
        return sb.toString();
    }
}
