package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of refusal: the ACK code (AR: we do not take this message; AE: its content is wrong), the
 * segment and field at fault, the HL7 table 0357 code, and a reason that never quotes a patient value
 * ({@link Readings#refused} checks the last for every case).
 */
class RefusalTest {

    // ---- not HL7 v2 at all (AR, no control id) ----

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\r", "\r\n\t \r\n", "\u000b\u001c\r"})
    void anEmptyMessageIsRefusedArSayingItIsEmpty(String text) {
        AdtReading.Refused refused = refusedArAtMsh(text);

        assertThat(refused.reason()).startsWith("the message is empty");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "hello, this is not HL7",
        "PID|1||9990000018^^^NHS^NH||CRAWLEY^Edith",          // a segment, but no MSH first
        "MSH",                                               // too short to have delimiters
        "MSHA^~\\&|PAS",                                     // a letter cannot be the field separator
        "{\"resourceType\":\"Bundle\"}",                     // FHIR JSON sent to the HL7 port
        "\u0000\u0001\u0002\u00ff\u00fe garbage \u0007",     // binary garbage
    })
    void textThatIsNotAnHl7MessageIsRefusedAr(String text) {
        AdtReading.Refused refused = refusedArAtMsh(text);

        assertThat(refused.reason()).contains("does not start with an MSH segment");
    }

    /** AR at MSH (100) with no control id: what a text that is no HL7 message gets. */
    private static AdtReading.Refused refusedArAtMsh(String text) {
        AdtReading.Refused refused = Readings.refused(text);
        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.segment()).isEqualTo("MSH");
        assertThat(refused.field()).isNull();
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.controlId()).isNull();
        return refused;
    }

    @Test
    void aBatchIsRefusedAsSuch() {
        String batch = "FHS|^~\\&|PAS|RXX01\rBHS|^~\\&|PAS|RXX01\r" + Adt.event("A01").er7() + "BTS|1\rFTS|1\r";

        AdtReading.Refused refused = Readings.refused(batch);

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.reason()).contains("batch").contains("one message at a time");
    }

    @Test
    void twoMessagesInOneTextAreRefusedRatherThanHalfTaken() {
        // HAPI would read the second message as more segments of the first: acknowledged, yet lost.
        String two = Adt.event("A01").er7() + Adt.event("A03").set("MSH", 10, "MSG00002").er7();

        AdtReading.Refused refused = Readings.refused(two);

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.segment()).isEqualTo("MSH");
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.controlId()).isEqualTo("MSG00001");
        assertThat(refused.reason()).contains("segment 6 is MSH").contains("more than one message");
    }

    @Test
    void batchSegmentsInsideAMessageAreRefused() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").segment("BTS|1"));

        assertThat(refused.segment()).isEqualTo("BTS");
        assertThat(refused.reason()).contains("batch");
    }

    @ParameterizedTest(name = "[{index}] appended line")
    @ValueSource(strings = {
        "// a comment line",
        "this is free text",
        "\u0000\u0001\u00ff\u00fegarbage|||",
        "pid|1",                   // segment ids are capitals
        "PIDX|1",                  // four letters
        "P|1",
    })
    void aLineThatIsNotASegmentIsRefusedAr(String line) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").er7() + line + "\r");

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.segment()).isNull();
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.reason()).contains("segment 6 (after PV1) does not start with a segment id");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\u0000", "\u0007", "\u001b", "\u007f", "\uFFFD", "\u000b"})
    void controlCharactersOrUndecodableBytesInASegmentAreRefusedAr(String bad) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("PID", 5, "CRAWLEY^Ed" + bad + "ith"));

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.DATA_TYPE);
        assertThat(refused.reason()).contains("segment 3 (PID) contains control characters");
    }

    @Test
    void latin1BytesReadAsUtf8AreRefusedNotGarbled() {
        // A name with é sent in ISO-8859-1 to a listener decoding UTF-8 arrives as U+FFFD.
        byte[] latin1 = Adt.event("A01").set("PID", 5, "CRAWLEY^Ren\u00e9e").er7().getBytes(StandardCharsets.ISO_8859_1);

        AdtReading.Refused refused = Readings.refused(new String(latin1, StandardCharsets.UTF_8));

        assertThat(refused.reason()).contains("character set");
    }

    // ---- MSH: messages we do not take (AR) ----

    @ParameterizedTest(name = "MSH-9 {0}")
    @CsvSource({"ORU^R01^ORU_R01, ORU^R01", "ORM^O01, ORM^O01", "SIU^S12, SIU^S12", "BAR^P01, BAR^P01",
        "QRY^Q01, QRY^Q01", "ACK^A01^ACK, ACK^A01", "ACK, ACK", "MDM^T02, MDM^T02", "ADT_A01, ADT_A01"})
    void aMessageTypeOtherThanAdtIsRefusedArNamingIt(String messageType, String named) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, messageType));

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.segment()).isEqualTo("MSH");
        assertThat(refused.field()).isEqualTo(9);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.UNSUPPORTED_MESSAGE_TYPE);
        assertThat(refused.controlId()).isEqualTo("MSG00001");
        assertThat(refused.reason()).startsWith("message type " + named + " is not supported");
    }

    @Test
    void theMessageTypeIsReportedEvenWhenTheEncodingCharactersAreAlsoWrong() {
        // hapi-hl7v2 messages.txt: a BAR^P01 with MSH-2 "^~}" (three characters) must still be refused as BAR.
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, "BAR^P01").er7()
                .replace("MSH|^~\\&|", "MSH|^~}|"));

        assertThat(refused.field()).isEqualTo(9);
        assertThat(refused.reason()).contains("BAR^P01");
    }

    @Test
    void anEmptyMessageTypeIsRefused() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, ""));

        assertThat(refused.field()).isEqualTo(9);
        assertThat(refused.reason()).startsWith("message type (empty) is not supported");
    }

    @ParameterizedTest(name = "ADT^{0}")
    @ValueSource(strings = {"A09", "A10", "A14", "A17", "A24", "A29", "A34", "A47", "Z99"})
    void anAdtEventWeDoNotTakeIsRefusedAr(String trigger) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, "ADT^" + trigger));

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.field()).isEqualTo(9);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.UNSUPPORTED_EVENT);
        assertThat(refused.reason()).startsWith("ADT^" + trigger + " is not supported")
                .contains("A01, A02, A03, A04, A05, A06, A07, A08, A11, A12, A13, A28, A31, A38, A40");
    }

    @Test
    void anAdtMessageWithoutATriggerIsRefused() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, "ADT"));

        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.UNSUPPORTED_EVENT);
        assertThat(refused.reason()).startsWith("MSH-9 names no trigger event");
    }

    @Test
    void onlyWhatHasTheShapeOfACodeIsQuotedInAReason() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 9, "ADT^A01<script>alert(1)</script>"));
        assertThat(refused.reason()).doesNotContain("<").doesNotContain("script").contains("(a value that is not a code)");

        // A truncated or shifted message puts patient data in MSH (a family name as MSH-12): described, not quoted.
        AdtReading.Refused shifted = Readings.refused(Adt.event("A01").version("LOVELACE"));
        assertThat(shifted.field()).isEqualTo(12);
        assertThat(shifted.reason()).doesNotContain("LOVELACE").startsWith("HL7 version (a value that is not a code)");
        assertThat(Readings.refused(Adt.event("A01").set("MSH", 9, "9990000034^A01")).reason()).doesNotContain("9990000034");

        // A version whose minor number overflows an int was a NumberFormatException, and its ACK none at all.
        String overflow = Adt.event("A01").version("2." + "4".repeat(200)).er7();
        assertThat(Readings.refused(overflow).field()).isEqualTo(12);
        assertThat(Acks.ack(overflow, "AR", Readings.refused(overflow))).contains("MSA|AR|");
    }

    @ParameterizedTest(name = "MSH-12 \"{0}\"")
    @ValueSource(strings = {"2.1", "2.0", "1.0", "3.0", "2", "", "v2.4", "two"})
    void aVersionOutsideV23ToV2IsRefusedAr(String version) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").version(version));

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.field()).isEqualTo(12);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.UNSUPPORTED_VERSION);
        assertThat(refused.reason()).startsWith("HL7 version " + (version.isEmpty() ? "(empty)" : version))
                .contains("v2.2 to v2.5.1");
    }

    @ParameterizedTest(name = "MSH-11 {0}")
    @ValueSource(strings = {"X", "PRODUCTION", "Q"})
    void anUnknownProcessingIdIsRefusedAr(String processingId) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 11, processingId));

        assertThat(refused.field()).isEqualTo(11);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.UNSUPPORTED_PROCESSING_ID);
    }

    @ParameterizedTest(name = "MSH-11 {0}")
    @ValueSource(strings = {"P", "T", "D", "p", "P^T", ""})
    void productionTrainingAndDebuggingAreTaken(String processingId) {
        Readings.translated(Adt.event("A01").set("MSH", 11, processingId));
    }

    @Test
    void aMessageWithoutAControlIdIsRefusedAr() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("MSH", 10, " "));

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.field()).isEqualTo(10);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
        assertThat(refused.controlId()).isNull();
        assertThat(refused.reason()).contains("MSH-10").contains("resend");
    }

    @ParameterizedTest(name = "MSH-2 {0}")
    @ValueSource(strings = {"^~}", "^^\\&", "^", "^~", "^~\\&#$", "^~\\&^"})
    void badEncodingCharactersAreRefusedAr(String encoding) {
        String er7 = Adt.event("A01").er7().replace("MSH|^~\\&|", "MSH|" + encoding + "|");

        AdtReading.Refused refused = Readings.refused(er7);

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.field()).isEqualTo(2);
        // Five characters are allowed (v2.7's truncation character): the reason must not say "must be four".
        assertThat(refused.reason()).contains("or five with the v2.7+ truncation character");
    }

    // ---- content errors (AE) ----

    @Test
    void aMessageWithoutPidIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").without("PID").without("PD1"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.field()).isNull();
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.reason()).contains("no PID segment");
    }

    @Test
    void aMergeWithoutPidIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A40").without("PID").without("PD1"));

        assertThat(refused.segment()).isEqualTo("PID");
    }

    @ParameterizedTest(name = "PID-3 {0}")
    @ValueSource(strings = {
        Adt.BAD_NHS_NUMBER + "^^^NHS^NH",          // Modulus 11 check digit wrong
        Adt.BAD_NHS_NUMBER + "^^^NHS^HN",
        "999000001^^^NHS^NH",                      // nine digits
        "99900000180^^^NHS^NH",                    // eleven
        "999000001X^^^^NH",
        "1234567890^^^NHS",                        // check digit would be 10: no valid number
    })
    void anNhsNumberFailingModulus11IsRefusedAeWithoutQuotingIt(String pid3) {
        Adt adt = Adt.event("A01").set("PID", 3, pid3 + "~H1234567^^^RXX01^PI");

        AdtReading.Refused refused = Readings.refused(adt.er7(), withValueOf(pid3));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.DATA_TYPE);
        assertThat(refused.reason()).contains("not a valid NHS number").contains("Modulus 11");
    }

    @Test
    void anInvalidNhsNumberInPid2IsRefusedAtPid2() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("PID", 2, Adt.BAD_NHS_NUMBER + "^^^NHS^NH")
                .set("PID", 3, "H1234567^^^RXX01^PI"));

        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.field()).isEqualTo(2);
    }

    @Test
    void anInvalidNhsNumberInMrgIsRefusedAtMrg1() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A40").set("MRG", 1, Adt.BAD_NHS_NUMBER + "^^^NHS^NH"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("MRG");
        assertThat(refused.field()).isEqualTo(1);
    }

    @Test
    void twoDifferentNhsNumbersAreRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01")
                .set("PID", 3, Adt.NHS_NUMBER + "^^^NHS^NH~" + Adt.OTHER_NHS_NUMBER + "^^^NHS^NH"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.reason()).contains("two different NHS numbers");
    }

    @Test
    void freeTextInPid3IsRefusedAe() {
        // UCLH TestForJunit.txt: "this is a test NHS number" as a PID-3 repetition without any type.
        AdtReading.Refused refused = Readings.refused(Adt.event("A01")
                .set("PID", 3, "H1234567^^^RXX01^PI~this is a test NHS number"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.reason()).contains("contains spaces").doesNotContain("this is a test");
    }

    @ParameterizedTest(name = "PID-3 \"{0}\"")
    @ValueSource(strings = {"", "^^^NHS^NH", "\"\"", "~~"})
    void aPatientWithoutAnyIdentifierIsRefusedAe(String pid3) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("PID", 3, pid3));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
    }

    @ParameterizedTest(name = "PID-7 {0}")
    @ValueSource(strings = {"Aug 15, 1942", "19311302", "19310230", "14/02/1931", "1931-02-30", "31", "20991231"})
    void aBirthDateThatIsNoDateOrInTheFutureIsRefusedAe(String birthDate) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("PID", 7, birthDate));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.field()).isEqualTo(7);
        assertThat(refused.reason()).doesNotContain(birthDate);
    }

    @Test
    void anUnknownSexCodeIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").set("PID", 8, "Z"));

        assertThat(refused.field()).isEqualTo(8);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.TABLE_VALUE_NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"EVN, 6", "PV1, 44", "PV1, 45", "PID, 29"})
    void anUnreadableDateTimeIsRefusedAeAtItsField(String segment, int field) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A03").set(segment, field, "16/11/2025 14:25"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo(segment);
        assertThat(refused.field()).isEqualTo(field);
        assertThat(refused.reason()).contains("not a valid HL7 date/time").doesNotContain("16/11/2025");
    }

    @Test
    void anUnreadableMessageTimeIsRefusedAtMsh7WhenThereIsNoEvn2() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A03").set("EVN", 2, "").set("MSH", 7, "16/11/2025"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("MSH");
        assertThat(refused.field()).isEqualTo(7);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.DATA_TYPE);
    }

    @Test
    void anUnreadableRecordedTimeIsRefusedAtEvn2WhenMsh7CannotStandIn() {
        AdtReading.Refused onlyEvn2 = Readings.refused(Adt.event("A03").set("MSH", 7, "").set("EVN", 2, "16/11/2025"));
        AdtReading.Refused both = Readings.refused(Adt.event("A03").set("MSH", 7, "yesterday").set("EVN", 2, "16/11/2025"));

        assertThat(onlyEvn2.segment()).isEqualTo("EVN");
        assertThat(onlyEvn2.field()).isEqualTo(2);
        assertThat(onlyEvn2.reason()).startsWith("EVN-2 (recorded date/time) is not a valid HL7 date/time");
        assertThat(both.segment()).isEqualTo("EVN");
        assertThat(both.field()).isEqualTo(2);
        assertThat(both.hl7ErrorCode()).isEqualTo(Hl7Errors.DATA_TYPE);
        assertThat(both.reason()).contains("neither EVN-2").contains("nor MSH-7");
    }

    @Test
    void aDischargeBeforeTheAdmissionIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A03").set("PV1", 45, "20251115000000"));

        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isEqualTo(45);
    }

    @Test
    void aDischargeEventTimeBeforeTheAdmissionIsRefusedAtEvn6() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A03").set("PV1", 45, "").set("EVN", 6, "20251115"));

        assertThat(refused.segment()).isEqualTo("EVN");
        assertThat(refused.field()).isEqualTo(6);
    }

    @ParameterizedTest(name = "ADT^{0} without PV1")
    @ValueSource(strings = {"A01", "A02", "A03", "A04", "A05", "A06", "A07", "A11", "A12", "A13", "A38"})
    void aVisitEventWithoutAVisitIsRefusedAe(String trigger) {
        AdtReading.Refused refused = Readings.refused(Adt.event(trigger).without("PV1"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isNull();
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.reason()).contains("ADT^" + trigger).contains("needs a PV1 segment");
    }

    @ParameterizedTest(name = "ADT^{0} with \"{1}\"")
    @CsvSource(delimiter = ';', value = {"A01; PV1|1|", "A01; PV1|", "A03; PV1|1||||||||||||||||||", "A04; PV1|1|\"\"",
        "A11; PV1|1|", "A13; PV1|", "A05; PV1|1|", "A38; PV1|", "A12; PV1|1|", "A06; PV1|1|"})
    void aPv1ThatDescribesNoVisitIsRefusedAtPv12NotAsMissing(String trigger, String pv1) {
        AdtReading.Refused refused = Readings.refused(Adt.event(trigger).without("PV1").segment(pv1));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isEqualTo(2);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
        assertThat(refused.reason()).startsWith("PV1 describes no visit: PV1-2 (patient class) is empty")
                .contains("ADT^" + trigger).doesNotContain("needs a PV1 segment");
    }

    @ParameterizedTest(name = "ADT^A02 with \"{0}\"")
    @ValueSource(strings = {"PV1|1|", "PV1|", "PV1|1|I", "PV1|1|I|||WARD7^BAY2^BED3"})
    void aTransferWhosePv1GivesNoNewLocationIsRefusedAtPv13(String pv1) {
        AdtReading.Refused refused = Readings.refused(Adt.event("A02").without("PV1").segment(pv1));

        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
        assertThat(refused.reason()).startsWith("PV1-3 (assigned patient location) is empty");
    }

    @ParameterizedTest(name = "ADT^{0}")
    @ValueSource(strings = {"A01", "A02", "A05", "A07", "A38"})
    void aVisitEventWhosePv1SaysNotApplicableIsRefusedAtPv12(String trigger) {
        AdtReading.Refused refused = Readings.refused(Adt.event(trigger).set("PV1", 2, "N"));

        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isEqualTo(2);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
        assertThat(refused.reason()).startsWith("PV1-2 (patient class) is N").contains("ADT^" + trigger);
    }

    @ParameterizedTest(name = "ADT^{0}")
    @ValueSource(strings = {"A06", "A07"})
    void aClassChangeWithoutTheNewClassIsRefusedAtPv12(String trigger) {
        AdtReading.Refused refused = Readings.refused(Adt.event(trigger).set("PV1", 2, ""));

        assertThat(refused.field()).isEqualTo(2);
        assertThat(refused.reason()).isEqualTo("PV1-2 (patient class) is empty: ADT^" + trigger + " ("
                + AdtEvent.valueOf(trigger).description + ") must give the new patient class");
    }

    @ParameterizedTest(name = "ADT^{0}")
    @ValueSource(strings = {"A01", "A05", "A06"})
    void aPv1AfterASegmentItsStructurePutsLaterIsRefusedAsOutOfPlaceNotAsMissing(String trigger) {
        // HAPI sets aside a PV1 that follows an AL1 (ADT_A01, A05, A06 put AL1 after PV1).
        String er7 = Adt.event(trigger).er7().replace("\rPV1|", "\rAL1|1|DA|^PENICILLIN\rPV1|");

        AdtReading.Refused refused = Readings.refused(er7);

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PV1");
        assertThat(refused.field()).isNull();
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
        assertThat(refused.reason()).startsWith("segment 6 (PV1) cannot be read where it stands");
    }

    @Test
    void anEmptyPidIsRefusedForItsMissingIdentifierNotAsMissing() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").without("PID").without("PD1")
                .without("PV1").segment("PID|").segment("PV1|1|I"));

        assertThat(refused.segment()).isEqualTo("PID");
        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.reason()).doesNotContain("no PID segment");
    }

    @Test
    void anEmptyMrgIsRefusedForItsMissingIdentifierNotAsMissing() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A40").without("MRG").segment("MRG|"));

        assertThat(refused.segment()).isEqualTo("MRG");
        assertThat(refused.field()).isEqualTo(1);
        assertThat(refused.reason()).doesNotContain("needs an MRG segment");
    }

    @Test
    void aTransferWithoutTheNewLocationIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A02").set("PV1", 3, ""));

        assertThat(refused.field()).isEqualTo(3);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.REQUIRED_FIELD_MISSING);
    }

    @Test
    void aMergeWithoutMrgIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A40").without("MRG"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("MRG");
        assertThat(refused.field()).isNull();
    }

    @Test
    void aMergeWhoseMrg1IsEmptyIsRefusedAe() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A40").set("MRG", 1, "").set("MRG", 7, "SMITH"));

        assertThat(refused.segment()).isEqualTo("MRG");
        assertThat(refused.field()).isEqualTo(1);
    }

    @Test
    void aMergeOfSeveralPairsIsRefusedAr() {
        Adt adt = Adt.event("A40").segment("PID|1||" + Adt.OTHER_NHS_NUMBER + "^^^NHS^NH").segment("MRG|H1^^^RXX01^PI");

        AdtReading.Refused refused = Readings.refused(adt);

        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.reason()).contains("one merge per message");
    }

    private static java.util.List<String> withValueOf(String pid3) {
        java.util.List<String> values = new java.util.ArrayList<>(Adt.PATIENT_VALUES);
        values.add(pid3.substring(0, pid3.indexOf('^')));
        return values;
    }
}
