package uk.carebridge.plugins.careprovider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The names an inbox file may keep, and the safe name a file gets when its own cannot be used.
 *
 * <p>Camel's file consumer cannot take some names (a backslash is a path separator to it, so the read lock
 * fails at every poll; a line break never matches the include pattern), and a long name leaves no room for
 * what {@code done/} and {@code error/} add to it (a time stamp, {@code -errors.csv}, {@code .reason.txt})
 * within the 255 bytes a file system allows. Such a file is renamed in the inbox before Camel lists it:
 * characters that cannot be kept become {@code _}, trailing spaces go, a long name keeps its first
 * {@value #PREFIX_BYTES} bytes (so the kind, {@code residents...}, and more are still recognisable), and a
 * short hash of the original name is added, so two names never end up as one.
 *
 * <p>Dot-files (a file still being written, by the documented write-then-rename) and names that do not end
 * in {@code .csv} are not the plugin's and keep their names.
 */
final class InboxNames {

    /** Longest name kept as it is: with the longest addition ({@code .<base>-<stamp>-errors.csv.tmp}) within 255 bytes. */
    static final int MAX_NAME_BYTES = 150;

    /** How much of a shortened name is kept before the hash. */
    static final int PREFIX_BYTES = 100;

    private static final String EXTENSION = ".csv";

    private InboxNames() {
    }

    /** A file to rename and why (the why names no character of the name: it may hold anything). */
    record Rename(String safeName, String why) {
    }

    /** The safe name for {@code name}, or empty when it can be used as it is (or is not the plugin's). */
    static Optional<Rename> safeName(String name) {
        if (name.isEmpty() || name.startsWith(".")) {
            return Optional.empty();
        }
        String trimmed = stripTrailing(name);
        String cleaned = replaceUnsafe(trimmed);
        if (!cleaned.toLowerCase(Locale.ROOT).endsWith(EXTENSION) || cleaned.length() == EXTENSION.length()) {
            return Optional.empty();
        }
        boolean tooLong = bytes(name) > MAX_NAME_BYTES;
        if (cleaned.equals(name) && !tooLong) {
            return Optional.empty();
        }
        String why = !cleaned.equals(trimmed) ? "it holds a backslash, a line break or another control character"
                : !trimmed.equals(name) ? "it ends in spaces or control characters"
                : "it is longer than " + MAX_NAME_BYTES + " bytes";
        String extension = cleaned.substring(cleaned.length() - EXTENSION.length());
        String base = truncate(cleaned.substring(0, cleaned.length() - EXTENSION.length()), PREFIX_BYTES);
        return Optional.of(new Rename(base + "-" + hash(name) + extension, why));
    }

    /** Whether a character may stay in a name: no control or invisible formatting character, no path separator. */
    static boolean keepable(int codePoint) {
        if (codePoint == '\\' || codePoint == '/' || Character.isISOControl(codePoint)) {
            return false;
        }
        int type = Character.getType(codePoint);
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE;
    }

    private static String replaceUnsafe(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (keepable(c)) {
                out.appendCodePoint(c);
            } else {
                out.append('_');
            }
        });
        return out.toString();
    }

    /** Without trailing white space and unkeepable characters: {@code "residents.csv\n"} is a CSV file. */
    private static String stripTrailing(String name) {
        int end = name.length();
        while (end > 0) {
            int c = name.codePointBefore(end);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && keepable(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return name.substring(0, end);
    }

    /** The longest start of {@code text} of at most {@code maxBytes} UTF-8 bytes, never cutting a character. */
    private static String truncate(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int c = text.codePointAt(end);
            int size = bytes(new String(Character.toChars(c)));
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(c);
        }
        return text.substring(0, end);
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** 10 hex characters of the SHA-256 of the original name. */
    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
