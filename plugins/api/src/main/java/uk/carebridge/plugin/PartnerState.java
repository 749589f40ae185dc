package uk.carebridge.plugin;

import java.util.Optional;

/**
 * Small durable values a plugin keeps for one partner: a polling cursor, which people a council has told
 * CareBridge about. Kept in the journal database, so they survive restarts and every CareBridge instance
 * sharing that database sees the same values.
 *
 * <p>Keys are at most 200 characters, values at most 1000. Never patient data in clear: key people by a
 * one-way hash of their identifier, as the journal holds no clinical content.
 */
public interface PartnerState {

    int MAX_KEY = 200;
    int MAX_VALUE = 1000;

    Optional<String> get(String key);

    /** Sets the value, replacing any; returns only once it is stored durably. */
    void put(String key, String value);

    void remove(String key);
}
