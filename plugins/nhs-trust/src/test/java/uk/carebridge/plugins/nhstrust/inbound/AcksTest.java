package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/** The HL7 ACKs built for inbound messages: MSH swapped, MSA, and ERR naming what was wrong where. */
class AcksTest {

    /** An A01 whose sending and receiving application and facility all differ, to see them swapped. */
    private static Adt inbound() {
        return Adt.event("A01").set("MSH", 3, "PAS").set("MSH", 4, "RXX01").set("MSH", 5, "CAREBRIDGE")
                .set("MSH", 6, "CB-HUB");
    }

    @Test
    void anAcceptAckSwapsSenderAndReceiverAndEchoesTheControlId() {
        String ack = Acks.ack(inbound().er7(), "AA", null);

        assertThat(ack).endsWith("\r").doesNotContain("\n");
        List<String[]> segments = segments(ack);
        assertThat(segments).extracting(s -> s[0]).containsExactly("MSH", "MSA");
        String[] msh = segments.get(0);
        assertThat(msh[1]).as("MSH-2").isEqualTo("^~\\&");
        assertThat(Arrays.copyOfRange(msh, 2, 6)).as("MSH-3..6").containsExactly("CAREBRIDGE", "CB-HUB", "PAS", "RXX01");
        assertThat(msh[6]).as("MSH-7, now").matches("\\d{14}[+-]\\d{4}");
        assertThat(msh[8]).as("MSH-9").isEqualTo("ACK^A01^ACK");
        assertThat(msh[9]).as("MSH-10, its own id").isNotEqualTo("MSG00001").hasSizeBetween(1, 20);
        assertThat(msh[10]).as("MSH-11").isEqualTo("P");
        assertThat(msh[11]).as("MSH-12, the sender's version").isEqualTo("2.4");
        assertThat(segments.get(1)).containsExactly("MSA", "AA", "MSG00001");
    }

    @Test
    void eachAckHasItsOwnControlId() {
        String in = inbound().er7();

        assertThat(field(Acks.ack(in, "AA", null), "MSH", 10)).isNotEqualTo(field(Acks.ack(in, "AA", null), "MSH", 10));
    }

    @Test
    void anErrorAckNamesTheSegmentFieldAndErrorCodeWithoutThePatientsData() {
        String in = inbound().set("PID", 3, Adt.BAD_NHS_NUMBER + "^^^NHS^NH").er7();
        AdtReading.Refused refused = Readings.refused(in);

        String ack = Acks.ack(in, refused.code(), refused);

        String reason = Acks.escape(refused.reason());
        assertThat(segments(ack)).extracting(s -> s[0]).containsExactly("MSH", "MSA", "ERR");
        assertThat(segment(ack, "MSA")).containsExactly("MSA", "AE", "MSG00001", reason);
        String[] err = segment(ack, "ERR");
        assertThat(err[1]).as("ERR-1 (v2.3/2.4 receivers)").isEqualTo("PID^1^3^102&Data type error&HL70357");
        assertThat(err[2]).as("ERR-2 location").isEqualTo("PID^1^3");
        assertThat(err[3]).as("ERR-3 HL7 table 0357").isEqualTo("102^Data type error^HL70357");
        assertThat(err[4]).as("ERR-4 severity").isEqualTo("E");
        assertThat(err[8]).as("ERR-8 user message").isEqualTo(reason);
        for (String value : List.of(Adt.BAD_NHS_NUMBER, Adt.FAMILY, Adt.GIVEN, Adt.HOSPITAL_NUMBER, Adt.BIRTH_DATE)) {
            assertThat(ack).doesNotContain(value);
        }
    }

    @Test
    void aV251AckHasNoErr1() {
        String in = inbound().version("2.5.1").set("PID", 8, "Z").er7();
        AdtReading.Refused refused = Readings.refused(in);

        String[] err = segment(Acks.ack(in, refused.code(), refused), "ERR");

        assertThat(err[1]).isEmpty();
        assertThat(err[2]).isEqualTo("PID^1^8");
        assertThat(err[3]).isEqualTo("103^Table value not found^HL70357");
        assertThat(field(Acks.ack(in, "AA", null), "MSH", 12)).isEqualTo("2.5.1");
    }

    @Test
    void aV23AckHasNoMessageStructureInMsh9() {
        String ack = Acks.ack(inbound().version("2.3").er7(), "AA", null);

        assertThat(field(ack, "MSH", 9)).isEqualTo("ACK^A01");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.3");
    }

    @Test
    void aRejectOfAnotherMessageTypePointsAtMsh9() {
        String in = inbound().set("MSH", 9, "ORU^R01^ORU_R01").er7();
        AdtReading.Refused refused = Readings.refused(in);

        String ack = Acks.ack(in, refused.code(), refused);

        assertThat(field(ack, "MSH", 9)).isEqualTo("ACK^R01^ACK");
        assertThat(segment(ack, "MSA")[1]).isEqualTo("AR");
        assertThat(segment(ack, "ERR")[2]).isEqualTo("MSH^1^9");
        assertThat(segment(ack, "ERR")[3]).isEqualTo("200^Unsupported message type^HL70357");
        assertThat(segment(ack, "MSA")[3]).contains("ORU\\S\\R01");
    }

    @Test
    void aRefusalOfAWholeSegmentHasNoFieldInItsLocation() {
        String in = inbound().without("PV1").er7();
        AdtReading.Refused refused = Readings.refused(in);

        String[] err = segment(Acks.ack(in, refused.code(), refused), "ERR");

        assertThat(err[1]).isEqualTo("PV1^1^^100&Segment sequence error&HL70357");
        assertThat(err[2]).isEqualTo("PV1^1");
    }

    @Test
    void aRefusalOfNoOneSegmentHasAnEmptyLocation() {
        String in = inbound().er7() + "// not a segment\r";
        AdtReading.Refused refused = Readings.refused(in);

        String[] err = segment(Acks.ack(in, refused.code(), refused), "ERR");

        assertThat(err[1]).isEmpty();
        assertThat(err[2]).isEmpty();
        assertThat(err[3]).startsWith("100^");
    }

    @Test
    void delimitersAndLineBreaksInTheReasonAreEscaped() {
        AdtReading.Refused refused = new AdtReading.Refused("MSG00001", "AE", "PID", 5, "102",
                "a|b^c&d~e\\f\r\nnext");

        String ack = Acks.ack(inbound().er7(), "AE", refused);

        String escaped = "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f  next";
        assertThat(segment(ack, "MSA")[3]).isEqualTo(escaped);
        assertThat(segment(ack, "ERR")[8]).isEqualTo(escaped);
        assertThat(ack.split("\r")).hasSize(3);
    }

    @Test
    void anAcceptIgnoresARefusalPassedWithIt() {
        AdtReading.Refused refused = new AdtReading.Refused("MSG00001", "AE", "PID", 3, "102", "reason");

        String ack = Acks.ack(inbound().er7(), "AA", refused);

        assertThat(segments(ack)).extracting(s -> s[0]).containsExactly("MSH", "MSA");
        assertThat(segment(ack, "MSA")).containsExactly("MSA", "AA", "MSG00001");
    }

    @Test
    void textThatIsNotHl7StillGetsAnAck() {
        AdtReading.Refused refused = Readings.refused("\u0000garbage\u00ff");

        String ack = Acks.ack("\u0000garbage\u00ff", refused.code(), refused);

        String[] msh = segment(ack, "MSH");
        assertThat(Arrays.copyOfRange(msh, 2, 6)).containsOnly("");
        assertThat(msh[8]).isEqualTo("ACK");
        assertThat(msh[10]).isEqualTo("P");
        assertThat(msh[11]).as("our version when the sender's is unknown").isEqualTo("2.5.1");
        assertThat(segment(ack, "MSA")).startsWith("MSA", "AR", "");
        assertThat(segment(ack, "ERR")[2]).isEqualTo("MSH^1");
        assertThat(ack).doesNotContain("garbage");
    }

    @ParameterizedTest(name = "inbound \"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "MSH", "MSH|"})
    void anEmptyOrTruncatedInboundStillGetsAnAck(String inbound) {
        String ack = Acks.ack(inbound, "AR", new AdtReading.Refused(null, "AR", "MSH", null, "100", "no message"));

        assertThat(segments(ack)).extracting(s -> s[0]).containsExactly("MSH", "MSA", "ERR");
    }

    @Test
    void theInboundsHeaderIsReadWhateverItsDelimitersSeparatorsAndBom() {
        String in = "\uFEFF" + inbound().set("MSH", 3, "PAS^EPIC").set("MSH", 11, "T").er7().replace('\r', '\n')
                .replace('|', '#').replace('^', '$');

        String ack = Acks.ack(in, "AA", null);

        String[] msh = segment(ack, "MSH");
        assertThat(msh[1]).isEqualTo("^~\\&");
        assertThat(msh[4]).as("re-encoded with the standard delimiters").isEqualTo("PAS^EPIC");
        assertThat(msh[8]).isEqualTo("ACK^A01^ACK");
        assertThat(msh[10]).isEqualTo("T");
        assertThat(segment(ack, "MSA")[2]).isEqualTo("MSG00001");
    }

    @Test
    void anUnknownProcessingIdIsAnsweredAsProduction() {
        assertThat(field(Acks.ack(inbound().set("MSH", 11, "X").er7(), "AR", null), "MSH", 11)).isEqualTo("P");
    }

    @Test
    void anUnavailableAckAsksForAResend() {
        String ack = Acks.unavailable(inbound().er7(), "the broker is down");

        assertThat(segment(ack, "MSA")).containsExactly("MSA", "AR", "MSG00001",
                "temporarily unable to accept the message, resend later: the broker is down");
        String[] err = segment(ack, "ERR");
        assertThat(err[1]).isEmpty();
        assertThat(err[2]).isEmpty();
        assertThat(err[3]).isEqualTo("207^Application internal error^HL70357");
        assertThat(err[4]).isEqualTo("E");
    }

    @ParameterizedTest(name = "reason \"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "  "})
    void anUnavailableAckWithoutADetailSaysResendLater(String reason) {
        assertThat(segment(Acks.unavailable(inbound().er7(), reason), "MSA")[3])
                .isEqualTo("temporarily unable to accept the message, resend later");
    }

    @ParameterizedTest(name = "code \"{0}\"")
    @NullSource
    @ValueSource(strings = {"", "OK", "aa", "AX"})
    void onlyHl7AckCodesAreAccepted(String code) {
        assertThatThrownBy(() -> Acks.ack(inbound().er7(), code, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {"2.3", "2.4", "2.5.1", "2.8"})
    void hapiReadsTheAckBack(String version) throws Exception {
        String in = inbound().version(version).set("PID", 3, Adt.BAD_NHS_NUMBER + "^^^NHS^NH").er7();
        AdtReading.Refused refused = Readings.refused(in);

        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        Message parsed = hapi.getPipeParser().parse(Acks.ack(in, refused.code(), refused));

        Terser terser = new Terser(parsed);
        assertThat(terser.get("/MSA-1")).isEqualTo("AE");
        assertThat(terser.get("/MSA-2")).isEqualTo("MSG00001");
        assertThat(terser.get("/MSH-5")).isEqualTo("PAS");
        assertThat(terser.get("/ERR-3-1")).isEqualTo("102");
        assertThat(terser.get("/ERR-8")).isEqualTo(refused.reason());
    }

    // ---- reading the ACK ----

    /** The ACK's segments split on |: MSH-n is at index n - 1 (MSH-1 is the separator), other fields at n. */
    private static List<String[]> segments(String ack) {
        return Arrays.stream(ack.split("\r")).map(s -> s.split("\\|", -1)).toList();
    }

    private static String[] segment(String ack, String name) {
        return segments(ack).stream().filter(s -> s[0].equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + ack));
    }

    /** Field n (MSH-n counting MSH-1 as the separator). */
    private static String field(String ack, String name, int n) {
        String[] fields = segment(ack, name);
        int index = name.equals("MSH") ? n - 1 : n;
        return index < fields.length ? fields[index] : "";
    }
}
