package uk.carebridge.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import uk.carebridge.plugin.PartnerState;

/** The server keeps partner state in the journal database (tested there); plugin tests keep it in a map. */
public final class InMemoryPartnerState implements PartnerState {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        if (key.length() > MAX_KEY || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("partner state key or value too long");
        }
        values.put(key, value);
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }

    public Map<String, String> snapshot() {
        return Map.copyOf(values);
    }
}
