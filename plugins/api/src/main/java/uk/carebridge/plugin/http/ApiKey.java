package uk.carebridge.plugin.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The key a partner must send in {@code X-API-Key} to one of its HTTP endpoints, or none (a trusted network).
 * Compared in constant time, so response timing does not reveal how much of a guess was right.
 */
public final class ApiKey {

    public static final String HEADER = "X-API-Key";

    private final Optional<byte[]> expected;

    private ApiKey(Optional<String> key) {
        this.expected = key.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code key}: the secret ({@link uk.carebridge.plugin.PartnerContext#secret}), or empty for no key. */
    public static ApiKey of(Optional<String> key) {
        return new ApiKey(key);
    }

    public boolean required() {
        return expected.isPresent();
    }

    /** True when no key is required, or {@code presented} is the key. */
    public boolean accepts(String presented) {
        return expected.isEmpty() || (presented != null
                && MessageDigest.isEqual(expected.get(), presented.getBytes(StandardCharsets.UTF_8)));
    }
}
