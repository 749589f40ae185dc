package uk.carebridge.plugins.nhstrust.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v2 ER7 ("pipe") text before HAPI sees it: the real-world variants we accept are normalised here, and
 * the MSH fields an ACK needs are read by hand so that even a message HAPI cannot parse gets an answer.
 *
 * <p>Normalisation (README "Real-world variants"): a leading UTF-8 byte order mark and MLLP framing bytes are
 * dropped; segments may be separated by CR, LF or CRLF (HL7 says CR); blank lines and trailing spaces/tabs
 * after a segment are dropped; the literal two-character text {@code \r} or {@code \n} (a separator escaped
 * once too often) is read as a segment break where it ends a line or is followed by the next segment's id;
 * MSH-2 written {@code ^~\\&} (the escape character doubled) is read as {@code ^~\&}.
 */
final class Er7 {

    private Er7() {
    }

    /** The standard encoding characters, MSH-1 and MSH-2. */
    static final char FIELD = '|';
    static final String ENCODING = "^~\\&";

    private static final char BOM = '\uFEFF';
    /** The UTF-8 byte order mark decoded as ISO-8859-1 (a listener set to Latin-1 sees it like this). */
    private static final String BOM_AS_LATIN1 = "\u00EF\u00BB\u00BF";
    private static final char MLLP_START = '\u000b';
    private static final char MLLP_END = '\u001c';

    /**
     * Normalises the text (see the class comment): segments separated by CR, no blank segments, no
     * trailing blanks. Never throws; null becomes the empty string.
     */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String text = raw.startsWith(BOM_AS_LATIN1) ? raw.substring(BOM_AS_LATIN1.length()) : raw;
        int start = 0;
        while (start < text.length() && (text.charAt(start) == BOM || text.charAt(start) == MLLP_START
                || Character.isWhitespace(text.charAt(start)))) {
            start++;
        }
        text = text.substring(start).replace(String.valueOf(MLLP_END), "");
        char fieldSeparator = text.startsWith("MSH") && text.length() > 3 ? text.charAt(3) : FIELD;
        text = literalBreaks(fieldSeparator).matcher(text).replaceAll("\r");

        List<String> segments = new ArrayList<>();
        for (String line : text.split("\r\n|\n|\r")) {
            String segment = stripTrailingBlanks(line);
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (!segments.isEmpty()) {
            segments.set(0, undoubleEscape(segments.get(0)));
        }
        return String.join("\r", segments);
    }

    /** {@code \r} or {@code \n} as literal text, at the end of a line or before the next segment's id. */
    private static Pattern literalBreaks(char fieldSeparator) {
        return Pattern.compile("(?:\\\\[rn])+(?=$|[\\r\\n]|[A-Z][A-Z0-9]{2}" + Pattern.quote(String.valueOf(fieldSeparator))
                + ")", Pattern.MULTILINE);
    }

    private static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** {@code MSH|^~\\&|...} -> {@code MSH|^~\&|...}: a doubled escape character cannot be meant. */
    private static String undoubleEscape(String msh) {
        if (msh.length() < 9 || !msh.startsWith("MSH")) {
            return msh;
        }
        char sep = msh.charAt(3);
        String doubled = sep + "^~\\\\&" + sep;
        if (msh.startsWith(doubled, 3)) {
            return "MSH" + sep + ENCODING + msh.substring(3 + doubled.length() - 1);
        }
        return msh;
    }

    private static final Pattern SEGMENT_ID = Pattern.compile("[A-Z][A-Z0-9]{2}");
    private static final Set<String> BATCH_SEGMENTS = Set.of("FHS", "BHS", "BTS", "FTS");

    /**
     * Structure checks on normalised text before HAPI reads it, because HAPI accepts almost anything: it
     * keeps a line of garbage as an unknown segment, and reads a second message in the same text as more
     * segments of the first, so a batch would be acknowledged while all but its first message were lost.
     * Throws an AR {@link ContentError} when the text holds more than one message (or batch segments), a
     * line that does not start with a segment id, or control characters / undecodable bytes. The reasons
     * name the segment's position and id, never its content.
     */
    static void checkSegments(String normalised, char fieldSeparator) {
        String[] segments = normalised.split("\r", -1);
        String previous = null;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            String id = segment.length() >= 3 ? segment.substring(0, 3) : segment;
            boolean wellFormed = SEGMENT_ID.matcher(id).matches()
                    && (segment.length() == 3 || segment.charAt(3) == fieldSeparator);
            if (!wellFormed) {
                throw ContentError.ar(null, null, Hl7Errors.SEGMENT_SEQUENCE, "segment " + (i + 1)
                        + (previous == null ? "" : " (after " + previous + ")") + " does not start with a segment id "
                        + "(three capital letters or digits, then the field separator): the text is not HL7 v2");
            }
            if (i > 0 && (id.equals("MSH") || BATCH_SEGMENTS.contains(id))) {
                throw ContentError.ar(id, null, Hl7Errors.SEGMENT_SEQUENCE, "segment " + (i + 1) + " is " + id
                        + ": the text holds more than one message or a batch, which this interface does not take: "
                        + "send one message at a time (one per MLLP frame)");
            }
            if (!cleanText(segment)) {
                throw ContentError.ar(id, null, Hl7Errors.DATA_TYPE, "segment " + (i + 1) + " (" + id + ") contains "
                        + "control characters or bytes that could not be decoded: check the character set the "
                        + "interface sends (MSH-18) and receives");
            }
            previous = id;
        }
    }

    /** The segment ids of normalised text, in order (the first three characters of each segment). */
    static List<String> segmentIds(String normalised) {
        List<String> ids = new ArrayList<>();
        for (String segment : normalised.split("\r")) {
            ids.add(segment.length() > 3 ? segment.substring(0, 3) : segment);
        }
        return ids;
    }

    /**
     * Whether the first segment {@code id} of normalised text holds any value: anything besides its id,
     * delimiters, blanks and the HL7 null {@code ""}.
     */
    static boolean hasValues(String normalised, String id, Header msh) {
        String delimiters = msh.fieldSeparator() + msh.encodingCharacters() + "\"";
        for (String segment : normalised.split("\r")) {
            if (segment.startsWith(id) && (segment.length() == 3 || segment.charAt(3) == msh.fieldSeparator())) {
                for (char c : segment.substring(3).toCharArray()) {
                    if (delimiters.indexOf(c) < 0 && !Character.isWhitespace(c)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /** No control characters (tab aside) and no U+FFFD, the mark a decoder leaves for bytes it could not read. */
    private static boolean cleanText(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }

    /** The MSH segment of a message, read by hand (no HAPI): enough to route, check and acknowledge. */
    record Header(char fieldSeparator, String encodingCharacters, List<String> fields) {

        /** MSH-n as written (still escaped, with the message's own delimiters); "" when absent. */
        String field(int n) {
            if (n == 1) {
                return String.valueOf(fieldSeparator);
            }
            int index = n - 1;
            return index < fields.size() ? fields.get(index) : "";
        }

        /** Component c (1-based) of the first repetition of MSH-n, unescaped, trimmed; "" when absent. */
        String component(int n, int c) {
            String value = field(n);
            if (n > 2 && encodingCharacters.length() > 1) {
                value = splitFirst(value, encodingCharacters.charAt(1));
            }
            String[] parts = encodingCharacters.isEmpty() ? new String[] {value}
                    : value.split(Pattern.quote(String.valueOf(encodingCharacters.charAt(0))), -1);
            String part = c - 1 < parts.length ? parts[c - 1] : "";
            if (encodingCharacters.length() > 3) {
                part = splitFirst(part, encodingCharacters.charAt(3));
            }
            return unescape(part).strip();
        }

        char componentSeparator() {
            return encodingCharacters.isEmpty() ? '^' : encodingCharacters.charAt(0);
        }

        char repetitionSeparator() {
            return encodingCharacters.length() > 1 ? encodingCharacters.charAt(1) : '~';
        }

        char escapeCharacter() {
            return encodingCharacters.length() > 2 ? encodingCharacters.charAt(2) : '\\';
        }

        char subcomponentSeparator() {
            return encodingCharacters.length() > 3 ? encodingCharacters.charAt(3) : '&';
        }

        String controlId() {
            return field(10).strip();
        }

        String messageType() {
            return component(9, 1);
        }

        String trigger() {
            return component(9, 2);
        }

        String version() {
            return component(12, 1);
        }

        String processingId() {
            return component(11, 1);
        }

        private String unescape(String value) {
            if (encodingCharacters.length() < 3 || value.indexOf(escapeCharacter()) < 0) {
                return value;
            }
            char esc = escapeCharacter();
            Matcher m = Pattern.compile(Pattern.quote(String.valueOf(esc)) + "([FSTRE])" + Pattern.quote(String.valueOf(esc)))
                    .matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                char replacement = switch (m.group(1).charAt(0)) {
                    case 'F' -> fieldSeparator;
                    case 'S' -> componentSeparator();
                    case 'T' -> subcomponentSeparator();
                    case 'R' -> repetitionSeparator();
                    default -> esc;
                };
                m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(replacement)));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static String splitFirst(String value, char separator) {
            int i = value.indexOf(separator);
            return i < 0 ? value : value.substring(0, i);
        }
    }

    /**
     * The MSH of normalised text, or null when the text does not start with an MSH segment that has at
     * least its encoding characters.
     */
    static Header header(String normalised) {
        if (normalised == null || normalised.length() < 8 || !normalised.startsWith("MSH")) {
            return null;
        }
        char sep = normalised.charAt(3);
        if (Character.isLetterOrDigit(sep) || Character.isWhitespace(sep)) {
            return null;
        }
        int end = normalised.indexOf('\r');
        String msh = end < 0 ? normalised : normalised.substring(0, end);
        List<String> fields = new ArrayList<>(List.of(msh.substring(4).split(Pattern.quote(String.valueOf(sep)), -1)));
        fields.add(0, "MSH");
        // fields.get(1) is MSH-2; fields.get(k) is MSH-(k+1).
        String encoding = fields.size() > 1 ? fields.get(1) : "";
        return new Header(sep, encoding, List.copyOf(fields));
    }
}
