package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What tells a resend from a different message under the same MSH-10. */
class Hl7FingerprintTest {

    private static final String A03 = Adt.event("A03").set("MSH", 10, "MSG00001").er7();

    @Test
    void aByteIdenticalResendHasTheSameFingerprint() {
        assertThat(Hl7Fingerprint.of(A03)).isEqualTo(Hl7Fingerprint.of(new String(A03.toCharArray())));
    }

    @Test
    void whatEnginesRewriteOnResendDoesNotCount() {
        String resent = Adt.event("A03").set("MSH", 10, "MSG00001").set("MSH", 7, "20991231235959").er7();
        String renumbered = Adt.event("A03").set("MSH", 10, "RESEND-77").er7();
        String otherLineEnds = "\u000b" + A03.replace("\r", "\r\n") + "\u001c\r";

        assertThat(resent).isNotEqualTo(A03);
        assertThat(Hl7Fingerprint.of(resent)).isEqualTo(Hl7Fingerprint.of(A03));
        assertThat(Hl7Fingerprint.of(renumbered)).isEqualTo(Hl7Fingerprint.of(A03));
        assertThat(Hl7Fingerprint.of(otherLineEnds)).isEqualTo(Hl7Fingerprint.of(A03));
    }

    @Test
    void anyOtherChangeIsADifferentMessage() {
        String a11 = Adt.event("A11").set("MSH", 10, "MSG00001").er7();
        String otherPerson = Adt.event("A03").set("MSH", 10, "MSG00001").set("PID", 3, Adt.OTHER_NHS_NUMBER + "^^^NHS^NH").er7();
        String otherSender = Adt.event("A03").set("MSH", 10, "MSG00001").set("MSH", 3, "EPR").er7();
        String otherEventTime = Adt.event("A03").set("MSH", 10, "MSG00001").set("EVN", 2, "20991231235959").er7();

        for (String other : new String[] {a11, otherPerson, otherSender, otherEventTime}) {
            assertThat(other).isNotEqualTo(A03);
            assertThat(Hl7Fingerprint.of(other)).as(other).isNotEqualTo(Hl7Fingerprint.of(A03));
        }
    }

    @Test
    void textThatIsNotHl7StillHasAFingerprint() {
        assertThat(Hl7Fingerprint.of("")).isNotBlank().isEqualTo(Hl7Fingerprint.of(null));
        assertThat(Hl7Fingerprint.of("MS")).isNotEqualTo(Hl7Fingerprint.of(""));
    }
}
