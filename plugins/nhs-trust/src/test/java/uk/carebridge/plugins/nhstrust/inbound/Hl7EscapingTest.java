package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ca.uhn.hl7v2.parser.EncodingCharacters;

/** HL7 v2.5.1 section 2.7 escape sequences, as read into FHIR text. */
class Hl7EscapingTest {

    private static final EncodingCharacters STANDARD = new EncodingCharacters('|', "^~\\&");
    private final Hl7Escaping escaping = new Hl7Escaping();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "plain;                     plain",
        "a\\F\\b;                   a|b",
        "a\\S\\b;                   a^b",
        "a\\T\\b;                   a&b",
        "a\\R\\b;                   a~b",
        "a\\E\\b;                   a\\b",
        "\\E\\F\\;                  \\F\\",                   // an escaped escape starts no sequence
        "O\\X27\\NEILL;             O'NEILL",
        "Ren\\XC3A9\\e;             Ren\u00e9e",              // UTF-8 bytes
        "Zo\\XEB\\;                 Zo\u00eb",                // else ISO-8859-1
        "\\X4142\\;                 AB",
        "line\\X0D0A\\two;          line two",               // control characters -> one space
        "line \\.br\\two;           line two",
        "one\\.br\\\\.br\\two;      one two",
        "\\H\\bold\\N\\;            bold",
        "x\\.sp\\y\\.sp2\\z\\.in+4\\w\\.ti-2\\v\\.sk3\\u\\.ce\\t\\.fi\\s\\.nf\\r; xyzwvutsr",
        "\\C2842\\a\\M2442\\b;      ab",                      // character set switches
        "\\Zlocal\\text;            text",                    // locally defined
        "C:\\temp;                  C:\\temp",                // no closing escape: kept
        "a\\Q\\b;                   a\\Q\\b",                 // unknown sequence: kept
        "\\X\\;                     \\X\\",                   // no hex digits
        "\\X4\\;                    \\X4\\",                  // odd digits
        "\\XZZ\\;                   \\XZZ\\",                 // not hex
        "\\\\;                      \\\\",
    })
    void unescapes(String raw, String text) {
        assertThat(escaping.unescape(raw, STANDARD)).isEqualTo(text);
    }

    @Test
    void theMessagesOwnDelimitersAreUsed() {
        EncodingCharacters other = new EncodingCharacters('#', "$%!*");

        assertThat(escaping.unescape("a!F!b!S!c!T!d!R!e!E!f!X27!", other)).isEqualTo("a#b$c*d%e!f'");
        assertThat(escaping.unescape("a\\F\\b", other)).as("the standard escape means nothing here")
                .isEqualTo("a\\F\\b");
    }

    @Test
    void nullStaysNull() {
        assertThat(escaping.unescape(null, STANDARD)).isNull();
    }

    @Test
    void escapingIsHapisOwn() {
        assertThat(escaping.escape("a|b^c&d~e\\f", STANDARD)).isEqualTo("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f");
    }
}
