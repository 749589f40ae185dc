package uk.carebridge.plugins.nhstrust.inbound;

import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v2 acknowledgements (original mode) for inbound messages, built by hand from the inbound text so that
 * even a message HAPI cannot parse gets one. Segments are terminated by CR; the ACK uses the standard
 * delimiters {@code |^~\&} whatever the inbound used.
 *
 * <pre>
 * MSH|^~\&amp;|&lt;in MSH-5&gt;|&lt;in MSH-6&gt;|&lt;in MSH-3&gt;|&lt;in MSH-4&gt;|&lt;now&gt;||ACK^&lt;trigger&gt;^ACK|&lt;new id&gt;|&lt;in MSH-11&gt;|&lt;in MSH-12&gt;
 * MSA|AE|&lt;in MSH-10&gt;|&lt;reason&gt;
 * ERR|&lt;ERR-1, v2.2 to v2.4 only&gt;|PID^1^3|102^Data type error^HL70357|E||||&lt;reason&gt;
 * </pre>
 */
public final class Acks {
    private Acks() {
    }

    private static final Set<String> CODES = Set.of("AA", "AE", "AR", "CA", "CE", "CR");
    private static final Pattern VERSION = Pattern.compile("2\\.(\\d{1,3})(?:\\.\\d{1,3})?");
    private static final String DEFAULT_VERSION = "2.5.1";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The ACK for the inbound message text (which may be unparseable: the MSH fields are read by hand).
     * MSA-1 = {@code code} (AA, AE or AR), MSA-2 = the inbound MSH-10; MSH-3/4 and MSH-5/6 swapped. For AE/AR
     * with a refusal: MSA-3 (for older receivers) and an ERR segment (ERR-2 location segment^1^field, ERR-3
     * HL7 table 0357 code, ERR-4 severity E, ERR-8 the reason; ERR-1 too for v2.2 to v2.4 senders).
     *
     * @param refused the refusal for AE/AR; may be null (and is ignored) for AA
     */
    public static String ack(String inboundEr7, String code, AdtReading.Refused refused) {
        if (code == null || !CODES.contains(code)) {
            throw new IllegalArgumentException("an ACK code is AA, AE or AR (CA, CE, CR in enhanced mode)");
        }
        boolean accepted = code.endsWith("A");
        AdtReading.Refused error = accepted ? null : refused;
        return build(inboundEr7, code, error == null ? null : error.reason(), error == null ? null : error.segment(),
                error == null ? null : error.field(), error == null ? null : error.hl7ErrorCode());
    }

    /**
     * AR for a message CareBridge cannot take now (the broker is unavailable): "temporarily unable to accept,
     * resend later". ERR-3 is 207 (application internal error), the only HL7 table 0357 code that fits.
     */
    public static String unavailable(String inboundEr7, String reason) {
        String text = "temporarily unable to accept the message, resend later"
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return build(inboundEr7, "AR", text, null, null, Hl7Errors.APPLICATION_INTERNAL_ERROR);
    }

    private static String build(String inboundEr7, String code, String text, String segment, Integer field,
            String errorCode) {
        Er7.Header in = Er7.header(Er7.normalise(inboundEr7));
        String version = in == null ? DEFAULT_VERSION : in.version();
        Matcher v = VERSION.matcher(version);
        if (!v.matches()) {
            version = DEFAULT_VERSION;
        }
        int minor = Integer.parseInt(VERSION.matcher(version).replaceAll("$1"));
        String trigger = in == null ? "" : in.trigger().replaceAll("[^A-Za-z0-9]", "");
        String processing = in == null ? "P" : in.processingId().toUpperCase(Locale.ROOT);
        if (!Set.of("P", "T", "D").contains(processing)) {
            processing = "P";
        }

        StringBuilder ack = new StringBuilder();
        ack.append("MSH|").append(Er7.ENCODING)
                .append('|').append(field(in, 5)).append('|').append(field(in, 6))
                .append('|').append(field(in, 3)).append('|').append(field(in, 4))
                .append('|').append(ZonedDateTime.now(Hl7Time.UK).format(TS))
                .append("||ACK").append(trigger.isEmpty() ? "" : "^" + trigger + (minor >= 4 ? "^ACK" : ""))
                .append('|').append(newControlId())
                .append('|').append(processing)
                .append('|').append(version)
                .append('\r');
        ack.append("MSA|").append(code).append('|').append(field(in, 10));
        if (text != null) {
            ack.append('|').append(escape(text));
        }
        ack.append('\r');
        if (text != null || errorCode != null) {
            String location = segment == null ? "" : segment + "^1" + (field == null ? "" : "^" + field);
            String err3 = errorCode == null ? "" : errorCode + "^" + escape(Hl7Errors.text(errorCode)) + "^HL70357";
            String err1 = "";
            if (minor < 5 && segment != null) {
                err1 = segment + "^1" + "^" + (field == null ? "" : field)
                        + (errorCode == null ? "" : "^" + errorCode + "&" + escape(Hl7Errors.text(errorCode)) + "&HL70357");
            }
            ack.append("ERR|").append(err1).append('|').append(location).append('|').append(err3).append("|E||||")
                    .append(text == null ? "" : escape(text)).append('\r');
        }
        return ack.toString();
    }

    /** MSH-n of the inbound message, re-encoded with the standard delimiters; "" when absent. */
    private static String field(Er7.Header in, int n) {
        if (in == null) {
            return "";
        }
        String raw = in.field(n);
        StringBuilder out = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            if (c == in.componentSeparator()) {
                out.append('^');
            } else if (c == in.subcomponentSeparator()) {
                out.append('&');
            } else if (c == in.repetitionSeparator()) {
                out.append('~');
            } else if (c == in.escapeCharacter()) {
                out.append('\\');
            } else {
                out.append(escapeChar(c));
            }
        }
        return out.toString();
    }

    /** Text for an ST/TX field: delimiters escaped, line breaks as spaces. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(escapeChar(c));
        }
        return out.toString();
    }

    private static String escapeChar(char c) {
        return switch (c) {
            case '|' -> "\\F\\";
            case '^' -> "\\S\\";
            case '&' -> "\\T\\";
            case '~' -> "\\R\\";
            case '\\' -> "\\E\\";
            case '\r', '\n' -> " ";
            default -> String.valueOf(c);
        };
    }

    /** A fresh MSH-10 for the ACK: 20 characters (the v2.5 maximum). */
    private static String newControlId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "CB" + HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }
}
