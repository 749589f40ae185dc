package uk.carebridge.plugins.nhstrust.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import uk.carebridge.plugin.DeliveryException;

/**
 * Judges a trust's HL7 v2 acknowledgement of an ADT message CareBridge sent.
 *
 * <p>Accepted: MSA-1 {@code AA} (original mode) or {@code CA} (enhanced mode, commit accept) with MSA-2 equal
 * to the MSH-10 we sent. Everything else is a failed delivery, reported as
 * {@link DeliveryException#transientFailure transient} so the server retries with backoff and then
 * dead-letters with the reason: AE/CE (error), AR/CR (reject: HL7 allows these for a receiver that is
 * busy or down), an ACK for another message, an unknown code, or a reply that is not HL7.
 *
 * <p>The reason quotes MSA-1, MSA-3 and the ERR segments (ERR-8 user message, ERR-3 HL7 error code and text,
 * ERR-1 location and code of v2.3/2.4 ACKs), unescaped, each cut to {@value #MAX_QUOTE} characters.
 * That text is the trust's, not ours: runs of six or more digits (an NHS number, a date of birth, a
 * hospital number) are replaced by {@code [digits]} so a reason in the journal or the dead-letter queue
 * does not carry patient identifiers. Parsing is tolerant on purpose (CR, LF or CRLF between segments, MLLP
 * framing bytes, a BOM, any HL7 version, missing MSH-12): the question is only what MSA says.
 */
public final class AckCheck {
    private AckCheck() {
    }

    static final int MAX_QUOTE = 200;
    private static final Set<String> ACCEPTED = Set.of("AA", "CA");
    private static final Set<String> KNOWN = Set.of("AA", "AE", "AR", "CA", "CE", "CR");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ -]?\\d){5,}");

    /**
     * Accepts only an ACK whose MSA-1 is AA (or CA) and MSA-2 equals controlId.
     *
     * @throws DeliveryException transient, for anything else, with a reason quoting MSA-1, MSA-3 and ERR text
     */
    public static void verify(String ackEr7, String controlId) throws DeliveryException {
        String sent = controlId == null ? "" : controlId.strip();
        String what = "the trust's reply to HL7 v2 message " + cut(sent);
        if (ackEr7 == null || ackEr7.isBlank()) {
            throw failure(what + " was empty");
        }
        List<String> segments = segments(ackEr7);
        if (segments.isEmpty() || !segments.get(0).startsWith("MSH") || segments.get(0).length() < 8) {
            throw failure(what + " is not an HL7 v2 message (it does not start with an MSH segment)");
        }
        Delimiters d = Delimiters.of(segments.get(0));
        String[] msa = null;
        List<String> errors = new ArrayList<>();
        for (String segment : segments) {
            if (segment.startsWith("MSA" + d.field) && msa == null) {
                msa = d.fields(segment);
            } else if (segment.startsWith("ERR" + d.field)) {
                String error = errorText(d, d.fields(segment));
                if (!error.isEmpty()) {
                    errors.add(error);
                }
            }
        }
        if (msa == null) {
            throw failure(what + " has no MSA segment: it is not an acknowledgement");
        }
        String code = d.text(field(msa, 1)).toUpperCase(Locale.ROOT);
        String acked = d.text(field(msa, 2));
        StringBuilder detail = new StringBuilder();
        detail.append("MSA-1 ").append(code.isEmpty() ? "(empty)" : quote(code));
        String msa3 = d.text(field(msa, 3));
        if (!msa3.isEmpty()) {
            detail.append(", MSA-3 \"").append(quote(msa3)).append('"');
        }
        if (!errors.isEmpty()) {
            detail.append(", ERR \"").append(String.join("\"; \"", errors)).append('"');
        }
        if (ACCEPTED.contains(code)) {
            if (acked.equals(sent)) {
                return;
            }
            throw failure(what + " acknowledges a different message (MSA-2 " + cut(acked) + "): " + detail);
        }
        String meaning = switch (code) {
            case "AE" -> "application error";
            case "AR" -> "application reject";
            case "CE" -> "commit error";
            case "CR" -> "commit reject";
            default -> "unknown acknowledgement code";
        };
        throw failure(what + (KNOWN.contains(code) ? " refused it (" : " is not an acceptance (") + meaning + "): "
                + detail + (acked.equals(sent) ? "" : " [MSA-2 " + cut(acked) + " is not the message sent]"));
    }

    private static DeliveryException failure(String reason) {
        return DeliveryException.transientFailure(reason, null);
    }

    /** ERR-8 user message, ERR-3 code^text (v2.5+), ERR-2 / ERR-1 location and ERR-1 code (v2.3/2.4). */
    private static String errorText(Delimiters d, String[] err) {
        List<String> parts = new ArrayList<>();
        String location = location(d, field(err, 2));
        String[] eld = d.components(d.firstRepetition(field(err, 1)));
        if (location.isEmpty() && eld.length > 0) {
            location = location(d, field(err, 1));
        }
        if (!location.isEmpty()) {
            parts.add(location);
        }
        String[] cwe = d.components(d.firstRepetition(field(err, 3)));
        String hl7Error = join(d.text(at(cwe, 0)), d.text(at(cwe, 1)));
        if (!hl7Error.isEmpty()) {
            parts.add(hl7Error);
        }
        if (eld.length > 3) {
            String[] ce = d.subcomponents(eld[3]);
            String oldError = join(d.text(at(ce, 0)), d.text(at(ce, 1)));
            if (!oldError.isEmpty()) {
                parts.add(oldError);
            }
        }
        String userMessage = d.text(field(err, 8));
        if (!userMessage.isEmpty()) {
            parts.add(userMessage);
        }
        return quote(String.join(": ", parts));
    }

    /** "PID-3" from ERL/ELD: segment id ^ sequence ^ field position. */
    private static String location(Delimiters d, String value) {
        String[] c = d.components(d.firstRepetition(value));
        String segment = d.text(at(c, 0));
        String position = d.text(at(c, 2));
        if (segment.isEmpty()) {
            return "";
        }
        return position.isEmpty() ? segment : segment + "-" + position;
    }

    private static String join(String code, String text) {
        if (code.isEmpty()) {
            return text;
        }
        return text.isEmpty() ? code : code + " " + text;
    }

    private static String field(String[] fields, int index) {
        return at(fields, index);
    }

    private static String at(String[] values, int index) {
        return index < values.length ? values[index] : "";
    }

    /** Trust free text for a reason: digit runs redacted, cut to MAX_QUOTE. */
    static String quote(String text) {
        return cut(DIGIT_RUN.matcher(text).replaceAll("[digits]"));
    }

    /** A message control id (ours or the one the trust quoted): not patient data, only cut to MAX_QUOTE. */
    private static String cut(String text) {
        return text.length() <= MAX_QUOTE ? text : text.substring(0, MAX_QUOTE) + "...";
    }

    private static List<String> segments(String er7) {
        String s = er7.replace("\u000b", "").replace("\u001c", "").replace("\ufeff", "");
        List<String> segments = new ArrayList<>();
        for (String line : s.split("\r\n|\r|\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                segments.add(t);
            }
        }
        return segments;
    }

    /** The delimiters an ER7 message declares in MSH-1 and MSH-2. */
    private record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {

        static Delimiters of(String msh) {
            char field = msh.charAt(3);
            int end = msh.indexOf(field, 4);
            String enc = end < 0 ? msh.substring(4) : msh.substring(4, end);
            return new Delimiters(field, charAt(enc, 0, '^'), charAt(enc, 1, '~'), charAt(enc, 2, '\\'),
                    charAt(enc, 3, '&'));
        }

        private static char charAt(String s, int i, char fallback) {
            return i < s.length() ? s.charAt(i) : fallback;
        }

        /** Fields numbered as HL7 does: [0] is the segment id, [1] the first field. */
        String[] fields(String segment) {
            return segment.split(Pattern.quote(String.valueOf(field)), -1);
        }

        String firstRepetition(String field) {
            int i = field.indexOf(repetition);
            return i < 0 ? field : field.substring(0, i);
        }

        String[] components(String field) {
            return field.isEmpty() ? new String[0] : field.split(Pattern.quote(String.valueOf(component)), -1);
        }

        String[] subcomponents(String component) {
            return component.isEmpty() ? new String[0]
                    : component.split(Pattern.quote(String.valueOf(subcomponent)), -1);
        }

        /** A value as text: escape sequences decoded (\F\ \S\ \R\ \T\ \E\, \.br\ as a space; others dropped). */
        String text(String value) {
            if (value.indexOf(escape) < 0) {
                return value.strip();
            }
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (i < value.length()) {
                char c = value.charAt(i);
                int close = c == escape ? value.indexOf(escape, i + 1) : -1;
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                String seq = value.substring(i + 1, close);
                switch (seq) {
                    case "F" -> sb.append(field);
                    case "S" -> sb.append(component);
                    case "R" -> sb.append(repetition);
                    case "T" -> sb.append(subcomponent);
                    case "E" -> sb.append(escape);
                    case ".br" -> sb.append(' ');
                    default -> {
                        // \H\ \N\ highlighting, \Xhh\ hex, \Cxxyy\ charsets: not needed to read a reason.
                    }
                }
                i = close + 1;
            }
            return sb.toString().strip();
        }
    }
}
