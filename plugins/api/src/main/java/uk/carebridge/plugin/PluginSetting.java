package uk.carebridge.plugin;

/**
 * A setting a plugin reads from a partner's {@code settings:} block.
 *
 * @param name         key in the partner file
 * @param required     whether a partner file must give it
 * @param defaultValue used when the partner file leaves it out (null: none)
 * @param description  what it means, shown by {@code carebridge plugins} and in config errors
 */
public record PluginSetting(String name, boolean required, String defaultValue, String description) {

    public static PluginSetting required(String name, String description) {
        return new PluginSetting(name, true, null, description);
    }

    public static PluginSetting optional(String name, String defaultValue, String description) {
        return new PluginSetting(name, false, defaultValue, description);
    }
}
