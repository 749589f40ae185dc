package uk.carebridge.server.config;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One file of {@code config/partners/}: an organisation, the plugin it uses and that plugin's settings. */
public record PartnerConfig(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("odsCode") String odsCode,
        @JsonProperty("plugin") String plugin,
        @JsonProperty("settings") Map<String, String> settings,
        @JsonProperty("delivery") DeliverySettings delivery) {

    public PartnerConfig {
        settings = settings == null ? Map.of() : settings;
    }
}
