package uk.carebridge.plugins.nhstrust.inbound;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import ca.uhn.hl7v2.parser.DefaultEscaping;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escaping;

/**
 * HL7 v2 escape sequences as the text a FHIR element should hold. HAPI's own unescaping only knows the
 * delimiter escapes and leaves every other sequence in the value as raw text ({@code O\X27\NEILL} would
 * reach FHIR like that), so this replaces it when reading (HL7 v2.5.1 chapter 2.7):
 * <ul>
 *   <li>{@code \F\ \S\ \T\ \R\ \E\}: the field, component, subcomponent, repetition and escape characters;</li>
 *   <li>{@code \Xhh...\}: the bytes in hex, read as UTF-8 when they are valid UTF-8, else ISO-8859-1 (the
 *       usual single-byte set of UK PAS feeds); decoded control characters (CR, LF...) become one space,
 *       since every field we map is a single line;</li>
 *   <li>{@code \.br\} (line break) becomes a space; the other formatting commands ({@code \.sp\ \.in\ \.ti\
 *       \.sk\ \.ce\ \.fi\ \.nf\}), highlighting ({@code \H\ \N\}), character set switches ({@code \Cxxyy\
 *       \Mxxyyzz\}) and locally defined sequences ({@code \Z...\}) carry no text and are dropped;</li>
 *   <li>an escape character without a recognised, closed sequence is kept as written.</li>
 * </ul>
 * Sequences are read in one pass, so an escaped escape character ({@code \E\}) never starts a new sequence.
 * Writing (escape) is HAPI's, unchanged.
 */
final class Hl7Escaping implements Escaping {

    private final Escaping standard = new DefaultEscaping();

    @Override
    public String escape(String text, EncodingCharacters encoding) {
        return standard.escape(text, encoding);
    }

    @Override
    public String unescape(String text, EncodingCharacters encoding) {
        char esc = encoding.getEscapeCharacter();
        if (text == null || text.indexOf(esc) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int close = c == esc ? text.indexOf(esc, i + 1) : -1;
            String replacement = close > i + 1 ? sequence(text.substring(i + 1, close), encoding) : null;
            if (replacement == null) {
                out.append(c);
                i++;
            } else {
                // A line break (\.br\, \X0D\\X0A\) after a space reads as one space, not two.
                boolean afterSpace = out.length() > 0 && out.charAt(out.length() - 1) == ' ';
                out.append(afterSpace && replacement.startsWith(" ") ? replacement.substring(1) : replacement);
                i = close + 1;
            }
        }
        return out.toString();
    }

    /** The text for the sequence between two escape characters; null when it is not one we know. */
    private static String sequence(String body, EncodingCharacters encoding) {
        switch (body) {
            case "F":
                return String.valueOf(encoding.getFieldSeparator());
            case "S":
                return String.valueOf(encoding.getComponentSeparator());
            case "T":
                return String.valueOf(encoding.getSubcomponentSeparator());
            case "R":
                return String.valueOf(encoding.getRepetitionSeparator());
            case "E":
                return String.valueOf(encoding.getEscapeCharacter());
            case "H", "N", ".fi", ".nf":
                return "";
            case ".br":
                return " ";
            default:
                break;
        }
        char kind = body.charAt(0);
        if (kind == 'X' && body.length() > 1 && body.length() % 2 == 1 && body.substring(1).matches("[0-9A-Fa-f]+")) {
            return hex(body.substring(1));
        }
        if ((kind == 'C' || kind == 'M' || kind == 'Z') && body.length() > 1
                || body.matches("\\.(sp|in|ti|sk|ce)[+-]?\\d*")) {
            return "";
        }
        return null;
    }

    private static String hex(String digits) {
        byte[] bytes = new byte[digits.length() / 2];
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = (byte) Integer.parseInt(digits.substring(2 * b, 2 * b + 2), 16);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if (!Character.isISOControl(ch)) {
                out.append(ch);
            } else if (out.isEmpty() || out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        return out.toString();
    }
}
