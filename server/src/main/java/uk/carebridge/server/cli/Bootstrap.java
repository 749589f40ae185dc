package uk.carebridge.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import uk.carebridge.server.config.ConfigError;
import uk.carebridge.server.config.ConfigLoader;
import uk.carebridge.server.config.ServerSettingsFile;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.plugin.PluginLoader;
import uk.carebridge.server.plugin.PluginPartnerCheck;

/** The steps run, validate and plugins share: find the plugin folder, load the plugins, read the config. */
final class Bootstrap {

    record Loaded(PluginCatalog plugins, ConfigLoader.Result config) {
    }

    private Bootstrap() {
    }

    static PluginCatalog plugins(Locations where) {
        return PluginLoader.load(where.pluginFolder(pluginFolderSetting(where.configFolder())));
    }

    static Loaded load(Locations where) {
        PluginCatalog plugins = plugins(where);
        ConfigLoader.Result config = new ConfigLoader().load(where.configFolder(), where.routesFolder(),
                plugins.settingsById(), new PluginPartnerCheck(plugins));
        return new Loaded(plugins, config);
    }

    /** plugins.folder from carebridge.yaml, read on its own (the full config needs the plugins first). */
    private static String pluginFolderSetting(Path configFolder) {
        try {
            return ServerSettingsFile.read(configFolder).plugins().folder();
        } catch (ServerSettingsFile.Unreadable e) {
            return null; // the full config load reports what is wrong with the file
        }
    }

    /** At start-up: every error as {@code file:line: reason}, then that nothing was started. */
    static void printErrors(PrintWriter err, List<ConfigError> errors) {
        printErrors(err, errors, "; nothing was started. Fix the files above and run 'carebridge validate' to check.");
    }

    /** Every error as {@code file:line: reason}, then "N error(s)" and the summary (validate, routes, explain, run). */
    static void printErrors(PrintWriter err, List<ConfigError> errors, String summary) {
        errors.forEach(err::println);
        err.println(errors.size() + " error(s)" + summary);
        err.flush();
    }

    static void printPluginFailures(PrintWriter err, PluginCatalog plugins) {
        for (PluginCatalog.Failure f : plugins.failures()) {
            err.println("plugin " + f.source() + " skipped: " + f.reason());
        }
    }
}
