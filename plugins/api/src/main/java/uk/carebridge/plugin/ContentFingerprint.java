package uk.carebridge.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a partner's record hashes to, so that a reused id can be told from a resend ({@link InboundRecord}).
 * SHA-256 over the parts, each length-prefixed (so {@code "ab","c"} and {@code "a","bc"} differ), the first
 * 128 bits in hex: short enough for a journal column, far too long to collide by chance. It reveals nothing
 * of the record.
 */
public final class ContentFingerprint {
    private ContentFingerprint() {
    }

    public static String of(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
