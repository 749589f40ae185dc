package uk.carebridge.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The installation's secret key: it signs what CareBridge itself put on its queues ({@link #stamp}), so a message
 * that reached the broker any other way is never delivered, and it turns a person's key (the NHS number) into the
 * per-person message group ({@link #personGroup}), so broker metadata names no one. Every instance sharing a broker
 * must have the same key: from the environment variable {@code security.secretEnv} names, else the file
 * {@code security.secretFile} (default {@code data/secret.key}), generated on first run, owner-only.
 * Thread-safe.
 */
public final class InstallationKey {

    private static final String HMAC = "HmacSHA256";
    private final SecretKeySpec key;

    private InstallationKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** From the environment variable {@code secretEnv} when given, else {@code file} (generated if missing). */
    public static InstallationKey load(String secretEnv, Path file) {
        if (secretEnv != null && !secretEnv.isBlank()) {
            String value = System.getenv(secretEnv);
            if (value == null || value.length() < 16) {
                throw new IllegalStateException("security.secretEnv names " + secretEnv + ", which is "
                        + (value == null ? "not set" : "shorter than 16 characters") + ": set it to the installation's "
                        + "secret (the same on every instance), e.g. the output of 'openssl rand -base64 32'");
            }
            return new InstallationKey(value.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                OwnerOnlyFile.createOnce(file, Base64.getEncoder().encodeToString(secret) + "\n");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (text.length() < 16) {
                throw new IllegalStateException(file + " holds no key (under 16 characters): delete it, with every "
                        + "instance stopped and no message waiting in the broker, to have a new one generated");
            }
            return new InstallationKey(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the installation key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What CareBridge writes on a message it puts on one of its queues: an HMAC over the message's id, the party
     * it is for or from, and its body. Anyone without the key can neither forge one nor move one to another body.
     */
    public String stamp(String purpose, String messageId, String party, String body) {
        Mac mac = mac();
        for (String part : new String[] {purpose, messageId, party}) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            mac.update(bytes);
        }
        mac.update(String.valueOf(body).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** True when {@code stamp} is what {@link #stamp} gives for these values (compared in constant time). */
    public boolean verify(String stamp, String purpose, String messageId, String party, String body) {
        if (stamp == null) {
            return false;
        }
        return MessageDigest.isEqual(stamp.getBytes(StandardCharsets.US_ASCII),
                stamp(purpose, messageId, party, body).getBytes(StandardCharsets.US_ASCII));
    }

    /** The message group of one person: 32 hex characters that keep their order and say nothing about them. */
    public String personGroup(String personKey) {
        Mac mac = mac();
        mac.update("person\n".getBytes(StandardCharsets.UTF_8));
        return "p-" + HexFormat.of().formatHex(mac.doFinal(personKey.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
