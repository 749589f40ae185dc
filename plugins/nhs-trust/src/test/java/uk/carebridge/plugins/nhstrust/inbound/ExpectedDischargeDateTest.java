package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import uk.carebridge.fhir.FhirSystems;

/**
 * PV2-9 (expected discharge date/time) -> the CareBridge expected-discharge-date extension on
 * Encounter.hospitalization. Every translated message here is also validated against R4 + UK Core
 * ({@link Readings#translated}).
 */
class ExpectedDischargeDateTest {

    @Test
    void aDateTimeBecomesADateTimeInUkLocalTime() {
        Encounter encounter = encounter(withPv29("A01", "20251125120000"));

        DateTimeType edd = expectedDischarge(encounter);
        assertThat(edd.getValueAsString()).isEqualTo("2025-11-25T12:00:00+00:00");
        assertThat(edd.getPrecision()).isEqualTo(TemporalPrecisionEnum.SECOND);
    }

    @Test
    void aDateOnlyStaysADate() {
        Encounter encounter = encounter(withPv29("A01", "20251125"));

        DateTimeType edd = expectedDischarge(encounter);
        assertThat(edd.getValueAsString()).isEqualTo("2025-11-25");
        assertThat(edd.getPrecision()).isEqualTo(TemporalPrecisionEnum.DAY);
    }

    @ParameterizedTest(name = "PV2-9 {0} -> {1}")
    @CsvSource({
        "202511251200, 2025-11-25T12:00:00+00:00",          // to the minute: FHIR needs seconds
        "20250725, 2025-07-25",
        "20250725120000, 2025-07-25T12:00:00+01:00",        // BST
        "20251125120000+0200, 2025-11-25T12:00:00+02:00",   // a written offset is kept
        "202511, 2025-11",
        "2025-11-25, 2025-11-25",                           // ISO 8601, as some engines write it
    })
    void theValueKeepsItsPrecisionAndOffset(String pv29, String fhir) {
        assertThat(expectedDischarge(encounter(withPv29("A01", pv29))).getValueAsString()).isEqualTo(fhir);
    }

    @Test
    void withoutPv2ThereIsNoExpectedDischargeDate() {
        Encounter encounter = encounter(Adt.event("A01"));

        assertThat(encounter.getHospitalization().hasExtension(FhirSystems.EXPECTED_DISCHARGE_DATE)).isFalse();
    }

    @ParameterizedTest(name = "PV2-9 [{0}]")
    @ValueSource(strings = {"", "\"\""})
    void anEmptyOrNullPv29IsAbsent(String pv29) {
        Encounter encounter = encounter(Adt.event("A01").segment("PV2|||malaria").set("PV2", 9, pv29));

        assertThat(encounter.getHospitalization().hasExtension(FhirSystems.EXPECTED_DISCHARGE_DATE)).isFalse();
    }

    @Test
    void itSitsBesideTheOtherHospitalizationValues() {
        Encounter.EncounterHospitalizationComponent stay = encounter(withPv29("A03", "20251120")).getHospitalization();

        assertThat(stay.getExtensionByUrl(EncounterMapper.ADMISSION_METHOD)).isNotNull();
        assertThat(stay.getAdmitSource().getCodingFirstRep().getCode()).isEqualTo("19");
        assertThat(((DateTimeType) stay.getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE).getValue())
                .getValueAsString()).isEqualTo("2025-11-20");
    }

    @ParameterizedTest(name = "ADT^{0}")
    @ValueSource(strings = {"A01", "A02", "A03", "A04", "A11", "A13"})
    void everyVisitEventCarriesIt(String trigger) {
        assertThat(expectedDischarge(encounter(withPv29(trigger, "20251125"))).getValueAsString())
                .isEqualTo("2025-11-25");
    }

    @Test
    void anA08CarriesItOnTheEncounterBesideThePatient() {
        Bundle message = Readings.translated(withPv29("A08", "20251125153000"));

        assertThat(Fhir.focus(message)).isInstanceOf(Patient.class);
        assertThat(expectedDischarge(Fhir.only(message, Encounter.class)).getValueAsString())
                .isEqualTo("2025-11-25T15:30:00+00:00");
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.8"})
    void everyVersionWeTakeIsRead(String version) {
        // v2.3/2.4 call it "expected discharge date" (TS), v2.5+ "expected discharge date/time"; v2.6+ types it DTM.
        assertThat(expectedDischarge(encounter(withPv29("A01", "20251125120000").version(version)))
                .getValueAsString()).isEqualTo("2025-11-25T12:00:00+00:00");
    }

    @ParameterizedTest(name = "PV2-9 {0}")
    @ValueSource(strings = {"25/11/2025", "20251325", "tomorrow", "20251125 12:00"})
    void anUnreadablePv29IsRefusedAeAtPv29(String pv29) {
        // The convention for every date/time we read (MSH-7, EVN-2/6, PID-7/29, PV1-44/45).
        AdtReading.Refused refused = Readings.refused(withPv29("A01", pv29));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("PV2");
        assertThat(refused.field()).isEqualTo(9);
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.DATA_TYPE);
        assertThat(refused.reason()).contains("PV2-9 (expected discharge date/time) is not a valid HL7 date/time")
                .doesNotContain(pv29);
    }

    @Test
    void aPersonEventIgnoresPv2AsItIgnoresPv1() {
        Bundle message = Readings.translated(Adt.event("A31").segment("PV2").set("PV2", 9, "not a date"));

        assertThat(Fhir.resources(message, Encounter.class)).isEmpty();
    }

    @Test
    void aPv2BeforePv1IsRefusedAsOutOfOrder() {
        // HAPI would set such a PV2 aside and the expected discharge date would be lost with an AA.
        Adt adt = Adt.event("A01");
        String er7 = adt.er7().replace("\rPV1|", "\rPV2||||||||||20251125\rPV1|");

        AdtReading.Refused refused = Readings.refused(er7);
        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).as("the segment found out of order").isEqualTo("PV1");
        assertThat(refused.reason()).contains("segment PV1 comes after PV2");
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
    }

    @Test
    void aSecondPv2IsRefused() {
        AdtReading.Refused refused = Readings.refused(withPv29("A01", "20251125").segment("PV2||||||||||20251126"));

        assertThat(refused.segment()).isEqualTo("PV2");
        assertThat(refused.hl7ErrorCode()).isEqualTo(Hl7Errors.SEGMENT_SEQUENCE);
    }

    /** The trigger's standard message with a PV2 (after PV1) whose PV2-9 is {@code pv29}. */
    static Adt withPv29(String trigger, String pv29) {
        return Adt.event(trigger).segment("PV2").set("PV2", 9, pv29);
    }

    private static Encounter encounter(Adt adt) {
        return Fhir.only(Readings.translated(adt), Encounter.class);
    }

    private static DateTimeType expectedDischarge(Encounter encounter) {
        Extension edd = encounter.getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE);
        assertThat(edd).as("expected-discharge-date extension").isNotNull();
        assertThat(edd.getValue()).isInstanceOf(DateTimeType.class);
        return (DateTimeType) edd.getValue();
    }
}
