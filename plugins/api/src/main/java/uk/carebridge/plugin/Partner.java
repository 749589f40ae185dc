package uk.carebridge.plugin;

import java.util.Map;
import java.util.Optional;

/**
 * One configured organisation (a file in {@code config/partners/}).
 *
 * @param id       CareBridge's name for it, used in routes, queue names and the journal
 * @param name     human name
 * @param odsCode  its NHS ODS organisation code (care homes and councils have them too)
 * @param plugin   the plugin id it uses
 * @param settings the plugin settings, defaults already applied
 */
public record Partner(String id, String name, String odsCode, String plugin, Map<String, String> settings) {

    public Partner {
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(s -> !s.isBlank());
    }
}
