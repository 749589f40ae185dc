package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * HL7 v2.2, read in the v2.5.1 model (issue 15). Its PID-2 (external id) and PID-3 (internal id) are CK:
 * id^check digit^check digit scheme^assigning facility, with no identifier type, so the NHS number is the one
 * whose facility (CX-4 in the v2.5.1 reading) is NHS.
 */
class V22Test {

    /** A v2.2 admission: MSH to MSH-12, no PD1 (added in v2.3), PID-3 a single CK with a check digit. */
    private static Adt v22() {
        return Adt.event("A01").version("2.2").set("MSH", 9, "ADT^A01").without("PD1")
                .set("PID", 2, Adt.NHS_NUMBER + "^^^NHS")
                .set("PID", 3, Adt.HOSPITAL_NUMBER + "^7^M11^RXX01")
                .set("PID", 32, "");
    }

    @Test
    void aV22AdmissionIsReadWithTheNhsNumberFromPid2AndTheHospitalNumberFromPid3() {
        Bundle message = Readings.translated(v22());

        Patient patient = Fhir.only(message, Patient.class);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FhirSystems.NHS_NUMBER, Adt.NHS_NUMBER),
                org.assertj.core.groups.Tuple.tuple(Adt.RXX01_SYSTEM, Adt.HOSPITAL_NUMBER)); // CX-4 from the CK facility
        Identifier local = patient.getIdentifier().get(1);
        assertThat(local.getAssigner().getDisplay()).as("CK-4, the assigning facility").isEqualTo("RXX01");
        assertThat(local.hasType()).as("v2.2 has no identifier type").isFalse();
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(Adt.FAMILY);
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1931-02-14");
        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("V0001234");
        assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
    }

    @Test
    void aV22NhsNumberInPid3IsTheNhsNumber() {
        Patient patient = Fhir.only(Readings.translated(v22().set("PID", 2, "").set("PID", 3, Adt.NHS_NUMBER + "^^^NHS")),
                Patient.class);

        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.NHS_NUMBER);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(Adt.NHS_NUMBER);
    }

    @Test
    void aV22NhsNumberFailingModulus11IsRefusedAtPid2() {
        AdtReading.Refused refused = Readings.refused(v22().set("PID", 2, Adt.BAD_NHS_NUMBER + "^^^NHS"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.location()).isEqualTo("PID-2");
    }

    @Test
    void aV22RefusalIsAcknowledgedInV22Form() {
        String er7 = v22().without("PID").er7();
        AdtReading.Refused refused = Readings.refused(er7);

        String ack = Acks.ack(er7, refused.code(), refused);

        assertThat(MllpFrames.field(ack, "MSH", 9)).isEqualTo("ACK^A01");
        assertThat(MllpFrames.field(ack, "MSH", 12)).isEqualTo("2.2");
        assertThat(MllpFrames.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(MllpFrames.field(ack, "ERR", 1)).as("ERR-1, the only ERR field v2.2 has").startsWith("PID^1^^100");
    }
}
