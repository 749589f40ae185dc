package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ways real senders write the same message (separators, byte order marks, framing, versions, delimiters,
 * escapes, optional segments): each must translate exactly as the plain, CR-separated v2.4 message does.
 */
class Er7VariantsTest {

    /** The reference: the synthetic A01, segments terminated by CR. */
    private static final String PLAIN = Adt.event("A01").er7();

    static Stream<Arguments> sameMessageWrittenDifferently() {
        return Stream.of(
                variant("LF separators", t -> t.replace('\r', '\n')),
                variant("CRLF separators", t -> t.replace("\r", "\r\n")),
                variant("mixed CR, LF and CRLF", t -> t.replaceFirst("\r", "\n").replaceFirst("\r", "\r\n")),
                variant("no separator after the last segment", t -> t.substring(0, t.length() - 1)),
                variant("UTF-8 byte order mark", t -> "\uFEFF" + t),
                variant("UTF-8 byte order mark read as ISO-8859-1",
                        t -> new String(("\uFEFF" + t).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)),
                variant("MLLP framing left on", t -> "\u000b" + t + "\u001c\r"),
                variant("leading blank lines", t -> "\r\n\r\n" + t),
                variant("trailing spaces and tabs after segments", t -> t.replace("\r", "  \t \r")),
                variant("blank lines between segments", t -> t.replace("\r", "\r\r\n\n")),
                variant("literal \\r text ending each line", t -> t.replace("\r", "\\r\n")),
                variant("literal \\r text between segments on one line", t -> t.replace("\r", "\\r")),
                variant("MSH-2 written with a doubled escape ^~\\\\&", t -> t.replace("MSH|^~\\&|", "MSH|^~\\\\&|")),
                variant("non-default delimiters #$%!*", Er7VariantsTest::otherDelimiters),
                variant("a Z-segment", t -> t + "ZU1|1|local data^x\r"),
                variant("segments we do not map (OBX, AL1, DG1)", t -> t
                        + "OBX|1|ST|X^Y||value\rAL1|1|DA|^PENICILLIN\rDG1|1||I10^Hypertension^I10\r"),
                variant("MSH-9.3 naming a non-standard structure", t -> t.replace("ADT^A01^ADT_A01", "ADT^A01^ADT_A04")),
                variant("MSH-9 without the structure", t -> t.replace("ADT^A01^ADT_A01", "ADT^A01")),
                variant("MSH-12 with an international code", t -> t.replace("|P|2.4|", "|P|2.4^GBR|")));
    }

    private static Arguments variant(String name, UnaryOperator<String> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameMessageWrittenDifferently")
    void translatesAsThePlainMessage(String name, UnaryOperator<String> change) {
        String variant = change.apply(PLAIN);
        assertThat(variant).as("the variant changes the text").isNotEqualTo(PLAIN);

        assertThat(Fhir.canonicalJson(Readings.translated(variant)))
                .isEqualTo(Fhir.canonicalJson(Readings.translated(PLAIN)));
    }

    @ParameterizedTest(name = "MSH-12 {0}")
    @ValueSource(strings = {"2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.2", "2.9"})
    void everyVersionFromV22IsReadAsV251(String version) {
        Bundle message = Readings.translated(Adt.event("A01").version(version));

        assertThat(Fhir.canonicalJson(message)).isEqualTo(Fhir.canonicalJson(Readings.translated(PLAIN)));
    }

    @Test
    void aV28MessageWithTheTruncationCharacterInMsh2IsRead() {
        // v2.7 added a fifth encoding character, the truncation character #.
        String v28 = Adt.event("A01").version("2.8").er7().replace("MSH|^~\\&|", "MSH|^~\\&#|");

        assertThat(Fhir.canonicalJson(Readings.translated(v28))).isEqualTo(Fhir.canonicalJson(Readings.translated(PLAIN)));
    }

    @Test
    void v28FieldsReadIntoTheirV251PlaceGiveTheirFirstComponent() {
        // v2.8 made PV1-4, PV1-14, PV1-36 and PID-8 CWE (code^text^system); v2.5.1 has IS/ID there.
        Bundle message = Readings.translated(Adt.event("A03").version("2.8").set("PID", 8, "F^Female^HL70001")
                .set("PV1", 14, "19^Usual place of residence^NHSDD").set("PV1", 36, "19^Usual place^NHSDD"));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getHospitalization().getAdmitSource().getCodingFirstRep().getCode()).isEqualTo("19");
        assertThat(encounter.getHospitalization().getDischargeDisposition().getCodingFirstRep().getCode()).isEqualTo("19");
        assertThat(Fhir.resources(message, Patient.class).get(0).getGender().toCode()).isEqualTo("female");
    }

    @Test
    void withoutEvnTheMessageTimeIsMsh7() {
        // microsoft-fhir-converter ADT04-251.hl7 has no EVN (HL7 requires one).
        Bundle message = Readings.translated(Adt.event("A04").without("EVN").set("MSH", 7, "20251123150000"));

        assertThat(message.getTimestampElement().getValueAsString()).startsWith("2025-11-23T15:00:00");
        assertThat(((Encounter) Fhir.focus(message)).getPeriod().getStartElement().getValueAsString())
                .as("PV1-44 still starts the visit").isEqualTo("2025-11-16T14:25:00+00:00");
    }

    @Test
    void withoutEvnOrPv144AnAdmissionHasNoStart() {
        Bundle message = Readings.translated(Adt.event("A01").without("EVN").set("PV1", 44, ""));

        assertThat(((Encounter) Fhir.focus(message)).hasPeriod()).isFalse();
    }

    @Test
    void theMessageTimeKeepsItsWrittenOffset() {
        Bundle message = Readings.translated(Adt.event("A01").without("EVN").set("MSH", 7, "20251123150000+0200"));

        assertThat(message.getTimestamp().toInstant()).hasToString("2025-11-23T13:00:00Z");
    }

    // ---- escape sequences ----

    @Test
    void delimiterEscapesBecomeTheDelimiters() {
        HumanName name = patient(Adt.event("A01").set("PID", 5, "A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F^Edith")).getNameFirstRep();

        assertThat(name.getFamily()).as("\\E\\F is an escape character, then F").isEqualTo("A|B^C&D~E\\F");
    }

    @Test
    void hexEscapesAreDecoded() {
        Patient patient = patient(Adt.event("A01").set("PID", 5, "O\\X27\\BRIEN^Ren\\XC3A9\\e^Zo\\XEB\\"));

        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("O'BRIEN");
        assertThat(patient.getNameFirstRep().getGiven()).extracting(PrimitiveType::getValue)
                .as("UTF-8 bytes, else ISO-8859-1").containsExactly("Ren\u00e9e", "Zo\u00eb");
    }

    @Test
    void lineBreaksInAnAddressBecomeOneSpace() {
        Address address = patient(Adt.event("A01")
                .set("PID", 11, "Flat 1\\X0D\\\\X0A\\12 High Street^Chapel\\.br\\Allerton^Leeds\\X0D0A\\")).getAddressFirstRep();

        assertThat(address.getLine()).extracting(PrimitiveType::getValue)
                .containsExactly("Flat 1 12 High Street", "Chapel Allerton");
        assertThat(address.getCity()).isEqualTo("Leeds");
    }

    @Test
    void formattingAndCharacterSetEscapesCarryNoText() {
        HumanName name = patient(Adt.event("A01").set("PID", 5, "\\H\\CRAWLEY\\N\\^\\C2842\\Ed\\M2442\\ith\\Zabc\\")).getNameFirstRep();

        assertThat(name.getFamily()).isEqualTo("CRAWLEY");
        assertThat(name.getGivenAsSingleString()).isEqualTo("Edith");
    }

    @Test
    void anEscapeCharacterWithoutASequenceIsKept() {
        HumanName name = patient(Adt.event("A01").set("PID", 5, "C:\\TEMP^back\\slash\\")).getNameFirstRep();

        assertThat(name.getFamily()).isEqualTo("C:\\TEMP");
        assertThat(name.getGivenAsSingleString()).isEqualTo("back\\slash\\");
    }

    @Test
    void escapesUseTheMessagesOwnEscapeCharacter() {
        String er7 = otherDelimiters(Adt.event("A01").set("PID", 5, "O\\X27\\BRIEN\\T\\SONS^Edith").er7());

        assertThat(patient(er7).getNameFirstRep().getFamily()).isEqualTo("O'BRIEN*SONS");
    }

    @Test
    void escapedDelimitersInAnIdentifierDoNotSplitIt() {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "9990000018^^^NHS^NH~H12\\S\\34^^^RXX01^PI"));

        assertThat(patient.getIdentifier().get(1).getValue()).isEqualTo("H12^34");
    }

    @Test
    void escapesInLocationAndPracticeNamesAreDecodedToo() {
        Bundle message = Readings.translated(Adt.event("A01").set("PV1", 3, "A\\T\\E^^^RXX01")
                .set("PD1", 3, "ST MARY\\X27\\S SURGERY^^B86001"));

        assertThat(Fhir.only(message, Location.class).getName()).isEqualTo("A&E");
        assertThat(Fhir.resources(message, Organization.class)).extracting(Organization::getName)
                .contains("ST MARY'S SURGERY");
    }

    // ---- helpers ----

    /** The same message with other delimiters: field #, component $, repetition %, escape !, subcomponent *. */
    private static String otherDelimiters(String er7) {
        StringBuilder out = new StringBuilder(er7.length());
        for (char c : er7.toCharArray()) {
            out.append(switch (c) {
                case '|' -> '#';
                case '^' -> '$';
                case '~' -> '%';
                case '\\' -> '!';
                case '&' -> '*';
                default -> c;
            });
        }
        return out.toString();
    }

    private static Patient patient(Adt adt) {
        return patient(adt.er7());
    }

    private static Patient patient(String er7) {
        return Fhir.resources(Readings.translated(er7), Patient.class).get(0);
    }
}
