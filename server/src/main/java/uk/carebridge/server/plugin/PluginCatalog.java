package uk.carebridge.server.plugin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.PluginSetting;

/** What the plugin folder held: the plugins that loaded, and why the others did not. */
public record PluginCatalog(Path folder, List<Loaded> plugins, List<Failure> failures) {

    /** A plugin ready to use. */
    public record Loaded(PartnerPlugin plugin, Path source) {
        public String id() {
            return plugin.id();
        }
    }

    /** A jar or folder that could not be used as a plugin, and why. */
    public record Failure(Path source, String reason) {
    }

    public Optional<PartnerPlugin> plugin(String id) {
        return plugins.stream().filter(p -> p.id().equals(id)).map(Loaded::plugin).findFirst();
    }

    /** The settings each plugin declares, by plugin id: what the config checks partner files against. */
    public Map<String, List<PluginSetting>> settingsById() {
        Map<String, List<PluginSetting>> settings = new LinkedHashMap<>();
        plugins.forEach(p -> settings.put(p.id(), p.plugin().settings()));
        return settings;
    }
}
