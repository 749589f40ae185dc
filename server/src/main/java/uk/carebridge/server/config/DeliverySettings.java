package uk.carebridge.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How hard CareBridge tries to deliver to a partner before dead-lettering: {@code maxAttempts} tries,
 * waiting {@code initialDelayMs}, then multiplying the wait by {@code backoffMultiplier} up to
 * {@code maxDelayMs}. Server-wide in carebridge.yaml, overridable per partner.
 */
public record DeliverySettings(
        @JsonProperty("maxAttempts") Integer maxAttempts,
        @JsonProperty("initialDelayMs") Long initialDelayMs,
        @JsonProperty("backoffMultiplier") Double backoffMultiplier,
        @JsonProperty("maxDelayMs") Long maxDelayMs,
        @JsonProperty("consumers") Integer consumers) {

    public static final DeliverySettings DEFAULTS = new DeliverySettings(6, 1000L, 2.0, 60_000L, 1);

    /** Fills what this one leaves out from {@code base}. */
    public DeliverySettings withDefaults(DeliverySettings base) {
        return new DeliverySettings(
                maxAttempts != null ? maxAttempts : base.maxAttempts,
                initialDelayMs != null ? initialDelayMs : base.initialDelayMs,
                backoffMultiplier != null ? backoffMultiplier : base.backoffMultiplier,
                maxDelayMs != null ? maxDelayMs : base.maxDelayMs,
                consumers != null ? consumers : base.consumers);
    }
}
