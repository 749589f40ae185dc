package uk.carebridge.plugins.careprovider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The first 16 hex characters of the SHA-256 of a file's bytes. With the row number it makes each row's
 * source key: the same file dropped again is recognised as a resend, a new file under an old name is not.
 * Public for the benchmark, which works out each row's CareBridge message id before it drops the file.
 */
public final class FileFingerprint {
    private FileFingerprint() {
    }

    public static String of(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
