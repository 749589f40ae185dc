package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/** PV1 (and EVN) -> UK Core Encounter and Location, field by field. */
class EncounterMappingTest {

    private static final String ACT_CODE = FhirSystems.ACT_CODE;

    // ---- PV1-2 patient class ----

    @ParameterizedTest(name = "PV1-2 {0} -> {2}")
    @CsvSource({
        "I, " + ACT_CODE + ", IMP",
        "B, " + ACT_CODE + ", IMP",
        "O, " + ACT_CODE + ", AMB",
        "R, " + ACT_CODE + ", AMB",
        "E, " + ACT_CODE + ", EMER",
        "P, " + ACT_CODE + ", PRENC",
        "i, " + ACT_CODE + ", IMP",
        "U, " + EncounterMapper.NULL_FLAVOR + ", UNK",
        "C, " + EncounterMapper.NULL_FLAVOR + ", UNK",
        "ff, " + EncounterMapper.NULL_FLAVOR + ", UNK",
        "'', " + EncounterMapper.NULL_FLAVOR + ", UNK",
    })
    void thePatientClassBecomesTheEncounterClass(String patientClass, String system, String code) {
        Coding encounterClass = encounter(Adt.event("A01").set("PV1", 2, patientClass)).getClass_();

        assertThat(encounterClass.getSystem()).isEqualTo(system);
        assertThat(encounterClass.getCode()).isEqualTo(code);
    }

    // ---- PV1-3 / PV1-6 locations ----

    @Test
    void theAssignedLocationIsAUkCoreLocationManagedByTheTrust() {
        Bundle message = Readings.translated(Adt.event("A01"));
        Encounter encounter = (Encounter) Fhir.focus(message);

        Location ward = (Location) Fhir.resolve(message, encounter.getLocationFirstRep().getLocation());
        assertThat(ward.getName()).isEqualTo("WARD7, BAY2, BED3");
        assertThat(ward.getDescription()).as("PL-9").isEqualTo("Ward 7 (Elderly Care)");
        assertThat(ward.getPhysicalType().getCodingFirstRep().getSystem()).isEqualTo(EncounterMapper.LOCATION_TYPE);
        assertThat(ward.getPhysicalType().getCodingFirstRep().getCode()).as("the most specific part given").isEqualTo("bd");
        Organization trust = (Organization) Fhir.resolve(message, ward.getManagingOrganization());
        assertThat(trust.getIdentifierFirstRep().getValue()).isEqualTo(Adt.TRUST_ODS);
        assertThat(encounter.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
    }

    @ParameterizedTest(name = "PV1-3 {0}")
    @CsvSource(delimiter = ';', value = {
        "WARD7;                          WARD7;             wa",
        "WARD7^BAY2;                     WARD7, BAY2;       ro",
        "^^^^^^^^Discharge lounge;       Discharge lounge;  ",
        "^^^RXX01;                       RXX01;             ",
    })
    void aLocationIsNamedFromWhatIsGiven(String pv13, String name, String physicalType) {
        Bundle message = Readings.translated(Adt.event("A01").set("PV1", 3, pv13));

        Location location = Fhir.only(message, Location.class);
        assertThat(location.getName()).isEqualTo(name);
        assertThat(location.hasPhysicalType() ? location.getPhysicalType().getCodingFirstRep().getCode() : null)
                .isEqualTo(physicalType);
    }

    @Test
    void withoutAnAssignedLocationThereIsNoLocation() {
        Bundle message = Readings.translated(Adt.event("A01").set("PV1", 3, ""));

        assertThat(Fhir.resources(message, Location.class)).isEmpty();
        assertThat(((Encounter) Fhir.focus(message)).hasLocation()).isFalse();
    }

    @Test
    void thePriorLocationIsOnlyReadForATransfer() {
        Bundle message = Readings.translated(Adt.event("A01").set("PV1", 6, "WARD1"));

        assertThat(Fhir.resources(message, Location.class)).extracting(Location::getName)
                .containsExactly("WARD7, BAY2, BED3");
    }

    @Test
    void aTransferWithoutEvn6HasLocationsWithoutPeriods() {
        Bundle message = Readings.translated(Adt.event("A02").set("EVN", 6, ""));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getLocation()).hasSize(2).noneMatch(Encounter.EncounterLocationComponent::hasPeriod);
    }

    // ---- PV1-19 visit number ----

    @Test
    void theVisitNumberIsTheEncounterIdentifier() {
        Identifier id = encounter(Adt.event("A01")).getIdentifierFirstRep();

        assertThat(id.getSystem()).isEqualTo(Adt.RXX01_SYSTEM);
        assertThat(id.getValue()).isEqualTo("V0001234");
        assertThat(id.getType().getCodingFirstRep().getCode()).isEqualTo("VN");
        assertThat(id.getAssigner().getDisplay()).isEqualTo("RXX01");
    }

    @Test
    void withoutAVisitNumberTheEncounterHasNoIdentifier() {
        assertThat(encounter(Adt.event("A01").set("PV1", 19, "")).hasIdentifier()).isFalse();
    }

    // ---- PV1-44/45 and EVN-6: the period ----

    @Test
    void theAdmissionTimeStartsThePeriodInUkLocalTime() {
        Encounter winter = encounter(Adt.event("A01").set("PV1", 44, "20251116142500"));
        Encounter summer = encounter(Adt.event("A01").set("PV1", 44, "20250716142500"));

        assertThat(winter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T14:25:00+00:00");
        assertThat(summer.getPeriod().getStartElement().getValueAsString()).as("BST")
                .isEqualTo("2025-07-16T14:25:00+01:00");
    }

    @ParameterizedTest(name = "PV1-44 {0} -> {1}")
    @CsvSource({
        "202511161425, 2025-11-16T14:25:00+00:00",          // to the minute: FHIR needs seconds
        "2025111614, 2025-11-16T14:00:00+00:00",
        "20251116, 2025-11-16",                              // a date is a date
        "20251116142500+0200, 2025-11-16T14:25:00+02:00",    // a written offset is kept
        "20251116142500.123, 2025-11-16T14:25:00.123+00:00",
    })
    void timesKeepTheirPrecisionAndOffset(String hl7, String fhir) {
        assertThat(encounter(Adt.event("A01").set("PV1", 44, hl7)).getPeriod().getStartElement().getValueAsString())
                .isEqualTo(fhir);
    }

    @Test
    void anAdmissionWithoutPv144StartsAtEvn6() {
        Encounter encounter = encounter(Adt.event("A01").set("PV1", 44, "").set("EVN", 6, "20251116140000"));

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T14:00:00+00:00");
    }

    @ParameterizedTest(name = "{0} with PV1-45")
    @ValueSource(strings = {"A01", "A04"})
    void anAdmissionSentWithItsDischargeTimeIsAFinishedEncounter(String trigger) {
        // A day case recorded afterwards: status and period must agree, so the visit is finished with its end.
        Bundle message = Readings.translated(Adt.event(trigger).set("PV1", 45, "20251116180000"));
        Encounter encounter = (Encounter) Fhir.focus(message);

        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T14:25:00+00:00");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-16T18:00:00+00:00");
        assertThat(encounter.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.COMPLETED);
        assertThat(Fhir.header(message).getEventCoding().getCode()).as("still an admission").isEqualTo("admission");
    }

    @Test
    void anAdmissionWithoutPv145IsInProgressWithoutAnEnd() {
        Encounter encounter = encounter(Adt.event("A01"));

        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
    }

    @Test
    void anAdmissionWithoutAnyTimeHasNoPeriod() {
        assertThat(encounter(Adt.event("A01").set("PV1", 44, "").set("EVN", 6, "")).hasPeriod()).isFalse();
    }

    @Test
    void aDischargeWithoutPv145EndsAtEvn6() {
        Encounter encounter = encounter(Adt.event("A03").set("PV1", 45, "").set("EVN", 6, "20251120110000"));

        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-20T11:00:00+00:00");
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
    }

    @Test
    void aDischargeWrittenToTheMinuteInTheMinuteOfTheAdmissionEndsWhenItStarted() {
        // UCLH A03.txt: PV1-44 20130211100052, PV1-45 201302111000. FHIR needs seconds, and 10:00:00 would be
        // before the start; the earliest second both values allow is the admission's.
        Encounter encounter = encounter(Adt.event("A03").set("PV1", 44, "20251116100052").set("PV1", 45, "202511161000"));

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T10:00:52+00:00");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-16T10:00:52+00:00");
    }

    @ParameterizedTest(name = "PV1-44 {0}, PV1-45 {1}")
    @CsvSource({
        "20251116100052, 20251116,       2025-11-16, 2025-11-16",
        "20251116,       20251116180000, 2025-11-16, 2025-11-16",
        "202511,         20251116180000, 2025-11,    2025-11",
    })
    void aSameDayPeriodWithOnlyOneTimeIsWrittenAsDates(String admit, String discharge, String start, String end) {
        // FHIR's per-1 cannot order 2025-11-16T10:00:52 and 2025-11-16: the validator fails such a period.
        Encounter encounter = encounter(Adt.event("A03").set("PV1", 44, admit).set("PV1", 45, discharge));

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo(start);
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo(end);
    }

    @Test
    void mixedPrecisionOnDifferentDaysKeepsTheTime() {
        Encounter encounter = encounter(Adt.event("A03").set("PV1", 44, "20251116100052").set("PV1", 45, "20251120"));

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T10:00:52+00:00");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-20");
    }

    @Test
    void onlyTheFirstDischargeTimeIsRead() {
        // PV1-45 repeats in v2.5.1 (HL7 says it should not be sent more than once).
        Encounter encounter = encounter(Adt.event("A03").set("PV1", 45, "20251120101500~20251121101500"));

        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-20T10:15:00+00:00");
    }

    // ---- PV1-4, PV1-14, PV1-36: hospitalisation ----

    @Test
    void nhsCodesBecomeCodingsOfTheUkCoreEnglandCodeSystems() {
        Encounter.EncounterHospitalizationComponent stay = encounter(Adt.event("A03")).getHospitalization();

        assertThat(stay.getAdmitSource().getCodingFirstRep().getSystem()).isEqualTo(UkCore.SOURCE_OF_ADMISSION_SYSTEM);
        assertThat(stay.getAdmitSource().getCodingFirstRep().getCode()).isEqualTo("19");
        assertThat(stay.getDischargeDisposition().getCodingFirstRep().getSystem())
                .isEqualTo(UkCore.DISCHARGE_DESTINATION_SYSTEM);
        assertThat(stay.getDischargeDisposition().getCodingFirstRep().getCode()).isEqualTo("19");
        CodeableConcept method = (CodeableConcept) stay.getExtensionByUrl(EncounterMapper.ADMISSION_METHOD).getValue();
        assertThat(method.getCodingFirstRep().getSystem()).isEqualTo(EncounterMapper.ADMISSION_METHOD_SYSTEM);
        assertThat(method.getCodingFirstRep().getCode()).as("PV1-4").isEqualTo("21");
    }

    @Test
    void otherValuesAreKeptAsTextAsTheSenderWroteThem() {
        // UCLH sends PV1-4 "Emerg Other", PV1-14 "Usual"; the Microsoft samples PV1-36 "Admitted as Inpatient".
        Encounter.EncounterHospitalizationComponent stay = encounter(Adt.event("A03").set("PV1", 4, "Emerg Other")
                .set("PV1", 14, "Usual").set("PV1", 36, "Home")).getHospitalization();

        CodeableConcept method = (CodeableConcept) stay.getExtensionByUrl(EncounterMapper.ADMISSION_METHOD).getValue();
        assertThat(method.hasCoding()).isFalse();
        assertThat(method.getText()).isEqualTo("Emerg Other");
        assertThat(stay.getAdmitSource().getText()).isEqualTo("Usual");
        assertThat(stay.getDischargeDisposition().getText()).isEqualTo("Home");
    }

    @Test
    void anAdmissionMethodCodeIsMatchedInCapitals() {
        Encounter.EncounterHospitalizationComponent stay = encounter(Adt.event("A01").set("PV1", 4, "2a"))
                .getHospitalization();

        CodeableConcept method = (CodeableConcept) stay.getExtensionByUrl(EncounterMapper.ADMISSION_METHOD).getValue();
        assertThat(method.getCodingFirstRep().getCode()).isEqualTo("2A");
    }

    @Test
    void withoutThoseFieldsThereIsNoHospitalization() {
        Encounter encounter = encounter(Adt.event("A01").set("PV1", 4, "").set("PV1", 14, ""));

        assertThat(encounter.hasHospitalization()).isFalse();
    }

    @Test
    void anEmptyFirstRepetitionOfPv14IsNotAValue() {
        // UCLH A03.txt: PV1-4 "~I".
        Encounter encounter = encounter(Adt.event("A01").set("PV1", 4, "~I"));

        assertThat(encounter.getHospitalization().hasExtension(EncounterMapper.ADMISSION_METHOD)).isFalse();
    }

    // ---- references ----

    @Test
    void theEncounterRefersToThePatientAndTheTrust() {
        Bundle message = Readings.translated(Adt.event("A04"));
        Encounter encounter = (Encounter) Fhir.focus(message);

        assertThat(Fhir.resolve(message, encounter.getSubject()).fhirType()).isEqualTo("Patient");
        Organization trust = (Organization) Fhir.resolve(message, encounter.getServiceProvider());
        assertThat(trust.getIdentifierFirstRep().getValue()).isEqualTo(Adt.TRUST_ODS);
    }

    private static Encounter encounter(Adt adt) {
        return Fhir.only(Readings.translated(adt), Encounter.class);
    }
}
