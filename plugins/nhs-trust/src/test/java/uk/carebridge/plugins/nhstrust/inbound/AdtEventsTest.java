package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;

/** Each ADT trigger we take: the CareBridge event, the focus, the Encounter status, the resources it carries. */
class AdtEventsTest {

    @ParameterizedTest(name = "ADT^{0} -> {1}, focus {2}")
    @CsvSource({
        "A01, ADMISSION,     Encounter, in-progress",
        "A02, TRANSFER,      Encounter, in-progress",
        "A03, DISCHARGE,     Encounter, finished",
        "A04, ADMISSION,     Encounter, in-progress",
        "A05, ADMISSION,     Encounter, planned",
        "A06, TRANSFER,      Encounter, in-progress",
        "A07, TRANSFER,      Encounter, in-progress",
        "A08, PERSON_UPDATE, Patient,   in-progress",
        "A11, ADMISSION,     Encounter, entered-in-error",
        "A12, TRANSFER,      Encounter, entered-in-error",
        "A13, DISCHARGE,     Encounter, entered-in-error",
        "A28, PERSON_UPDATE, Patient,   ",
        "A31, PERSON_UPDATE, Patient,   ",
        "A38, ADMISSION,     Encounter, cancelled",
        "A40, PERSON_UPDATE, Patient,   ",
    })
    void eachTriggerBecomesItsCareBridgeEvent(String trigger, CareBridgeEvent event, String focusType,
            String encounterStatus) {
        AdtReading reading = Adt.event(trigger).read();

        assertThat(reading).isInstanceOf(AdtReading.Translated.class);
        AdtReading.Translated translated = (AdtReading.Translated) reading;
        assertThat(translated.trigger()).isEqualTo(trigger);
        assertThat(translated.controlId()).as("MSH-10, the idempotency key").isEqualTo("MSG00001");
        Bundle message = translated.message();
        Fhir.assertValidMessage(message);

        MessageHeader header = Fhir.header(message);
        assertThat(header.getEventCoding().getSystem()).isEqualTo(CareBridgeEvent.SYSTEM);
        assertThat(header.getEventCoding().getCode()).isEqualTo(event.code());
        assertThat(header.getSource().getName()).isEqualTo(Adt.TRUST_ID);
        assertThat(header.getSource().getEndpoint()).isEqualTo(FhirSystems.PARTNER_ENDPOINT_BASE + Adt.TRUST_ID);
        assertThat(header.getFocus()).hasSize(1);
        assertThat(Fhir.focus(message).fhirType()).isEqualTo(focusType);
        assertThat(message.getTimestampElement().getValueAsString()).as("Bundle.timestamp = EVN-2")
                .startsWith("2025-11-23T14:30:00");

        if (encounterStatus == null) {
            assertThat(Fhir.resources(message, Encounter.class)).isEmpty();
        } else {
            Encounter encounter = Fhir.only(message, Encounter.class);
            assertThat(encounter.getStatus().toCode()).isEqualTo(encounterStatus);
            assertThat(Fhir.resolve(message, encounter.getSubject())).isSameAs(patientOf(message));
        }
    }

    @Test
    void anAdmissionCarriesTheEncounterPatientTrustWardAndPractice() {
        Bundle message = Readings.translated(Adt.event("A01"));

        assertThat(message.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("MessageHeader", "Encounter", "Patient", "Organization", "Location", "Organization",
                        "Practitioner");
        Encounter encounter = (Encounter) Fhir.focus(message);
        Organization trust = (Organization) Fhir.resolve(message, encounter.getServiceProvider());
        assertThat(trust.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(trust.getIdentifierFirstRep().getValue()).isEqualTo(Adt.TRUST_ODS);
        assertThat(trust.getName()).isEqualTo("St Elsewhere Hospital NHS Trust");
        Patient patient = patientOf(message);
        Organization practice = (Organization) Fhir.resolve(message, patient.getGeneralPractitionerFirstRep());
        assertThat(practice.getIdentifierFirstRep().getValue()).isEqualTo(Adt.GP_PRACTICE);
    }

    @Test
    void aTransferNamesTheNewAndThePriorLocation() {
        Bundle message = Readings.translated(Adt.event("A02"));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getLocation()).hasSize(2);
        Encounter.EncounterLocationComponent now = encounter.getLocation().get(0);
        Encounter.EncounterLocationComponent before = encounter.getLocation().get(1);
        assertThat(((Location) Fhir.resolve(message, now.getLocation())).getName()).isEqualTo("WARD9, BAY1, BED4");
        assertThat(now.getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
        assertThat(now.getPeriod().getStartElement().getValueAsString()).as("EVN-6: when the transfer happened")
                .isEqualTo("2025-11-16T14:25:00+00:00");
        assertThat(((Location) Fhir.resolve(message, before.getLocation())).getName()).isEqualTo("WARD7, BAY2, BED3");
        assertThat(before.getStatus()).isEqualTo(Encounter.EncounterLocationStatus.COMPLETED);
        assertThat(before.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-16T14:25:00+00:00");
    }

    @Test
    void aDischargeEndsTheEncounterAtPv145() {
        Bundle message = Readings.translated(Adt.event("A03"));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T14:25:00+00:00");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-11-20T10:15:00+00:00");
        assertThat(encounter.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.COMPLETED);
    }

    @Test
    void aCancelledAdmissionIsTheSameEncounterEnteredInError() {
        Bundle admit = Readings.translated(Adt.event("A01"));
        Bundle cancel = Readings.translated(Adt.event("A11"));

        Encounter admitted = (Encounter) Fhir.focus(admit);
        Encounter cancelled = (Encounter) Fhir.focus(cancel);
        assertThat(cancelled.getStatus()).isEqualTo(EncounterStatus.ENTEREDINERROR);
        assertThat(cancelled.getIdentifierFirstRep().getValue()).as("same visit number, so receivers find it")
                .isEqualTo(admitted.getIdentifierFirstRep().getValue()).isEqualTo("V0001234");
        assertThat(cancelled.getPeriod().getStartElement().getValueAsString())
                .isEqualTo(admitted.getPeriod().getStartElement().getValueAsString());
        assertThat(cancelled.getLocationFirstRep().hasStatus()).as("no location status for a cancelled stay").isFalse();
    }

    @Test
    void aCancelledDischargeIsEnteredInErrorAndDoesNotEndTheStay() {
        // PV1-45 of an A13 is the discharge that is cancelled, not the end of the visit.
        Bundle message = Readings.translated(Adt.event("A13"));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.ENTEREDINERROR);
        assertThat(Fhir.header(message).getEventCoding().getCode()).isEqualTo(CareBridgeEvent.DISCHARGE.code());
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-11-16T14:25:00+00:00");
    }

    @Test
    void aCancelledDischargeWhosePv145IsBeforeTheAdmissionIsStillTaken() {
        // UCLH's A13 sample has exactly this: refusing it would leave the receiver with a wrong discharge.
        Bundle message = Readings.translated(Adt.event("A13").set("PV1", 45, "20251101000000"));

        assertThat(((Encounter) Fhir.focus(message)).getPeriod().hasEnd()).isFalse();
    }

    @Test
    void aPreAdmissionIsAPlannedEncounterAtItsPlannedWard() {
        Bundle message = Readings.translated(Adt.event("A05").set("PV1", 44, "20251201090000"));

        Encounter planned = (Encounter) Fhir.focus(message);
        assertThat(planned.getStatus()).isEqualTo(EncounterStatus.PLANNED);
        assertThat(planned.getPeriod().getStartElement().getValueAsString()).as("PV1-44, the planned admission")
                .isEqualTo("2025-12-01T09:00:00+00:00");
        assertThat(planned.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.PLANNED);
        assertThat(planned.getIdentifierFirstRep().getValue()).isEqualTo("V0001234");
    }

    @Test
    void aPreAdmissionWithoutPv144DoesNotTakeEvn6AsTheAdmission() {
        // EVN-6 of an A05 is when the pre-admission was booked, not when the patient comes in.
        Bundle message = Readings.translated(Adt.event("A05").set("PV1", 44, ""));

        assertThat(((Encounter) Fhir.focus(message)).getPeriod().hasStart()).isFalse();
    }

    @Test
    void aCancelledPreAdmissionIsTheEncounterCancelledNotEnteredInError() {
        Bundle message = Readings.translated(Adt.event("A38"));

        Encounter cancelled = (Encounter) Fhir.focus(message);
        assertThat(cancelled.getStatus()).isEqualTo(EncounterStatus.CANCELLED);
        assertThat(Fhir.header(message).getEventCoding().getCode()).isEqualTo(CareBridgeEvent.ADMISSION.code());
        assertThat(cancelled.getIdentifierFirstRep().getValue()).isEqualTo("V0001234");
        assertThat(cancelled.getLocationFirstRep().hasStatus()).isFalse();
    }

    @ParameterizedTest(name = "ADT^{0}, PV1-2 {1} -> class {2}")
    @CsvSource({"A06, I, IMP", "A07, O, AMB", "A06, E, EMER"})
    void aClassChangeIsATransferOfTheEncounterInItsNewClass(String trigger, String patientClass, String actCode) {
        // A06/A07 carry MRG (the prior visit or account) before PV1: it is read past, not mapped.
        Adt adt = Adt.event(trigger).set("PV1", 2, patientClass).set("PV1", 6, "");
        String er7 = adt.er7().replace("\rPV1|", "\rMRG|H1234567^^^RXX01^PI|||V0000999^^^RXX01^VN\rPV1|");
        Bundle message = Readings.translated(er7);

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(Fhir.header(message).getEventCoding().getCode()).isEqualTo(CareBridgeEvent.TRANSFER.code());
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.INPROGRESS);
        assertThat(encounter.getClass_().getCode()).isEqualTo(actCode);
        assertThat(encounter.getIdentifierFirstRep().getValue()).as("PV1-19, not MRG-5").isEqualTo("V0001234");
        assertThat(encounter.getLocation()).hasSize(1);
        assertThat(encounter.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
    }

    @Test
    void anOutpatientMadeAnInpatientNeedsNoWard() {
        Bundle message = Readings.translated(Adt.event("A07").set("PV1", 2, "O").set("PV1", 3, ""));

        assertThat(((Encounter) Fhir.focus(message)).hasLocation()).isFalse();
    }

    @Test
    void aCancelledTransferIsTheEncounterEnteredInErrorAtTheWardThePatientStaysOn() {
        Bundle message = Readings.translated(Adt.event("A12").set("PV1", 3, "WARD7^BAY2^BED3^RXX01"));

        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.ENTEREDINERROR);
        assertThat(Fhir.header(message).getEventCoding().getCode()).isEqualTo(CareBridgeEvent.TRANSFER.code());
        assertThat(encounter.getLocation()).hasSize(1);
        assertThat(((Location) Fhir.resolve(message, encounter.getLocationFirstRep().getLocation())).getName())
                .isEqualTo("WARD7, BAY2, BED3");
    }

    @ParameterizedTest(name = "ADT^{0} with NK1, AL1 and DG1")
    @CsvSource({"A05", "A06", "A07", "A12", "A38"})
    void segmentsTheirStructureHasNoPlaceForDoNotLoseTheVisit(String trigger) {
        // ADT_A12 and ADT_A38 have no NK1 or AL1: HAPI keeps them aside and must still find PV1 after them.
        String er7 = Adt.event(trigger).er7().replace("\rPV1|", "\rNK1|1|CRAWLEY^John|SPO\rPV1|")
                + "AL1|1|DA|^PENICILLIN\rDG1|1||I10^Hypertension^I10\r";
        Bundle message = Readings.translated(er7);

        assertThat(((Encounter) Fhir.focus(message)).getIdentifierFirstRep().getValue()).isEqualTo("V0001234");
    }

    @Test
    void anUpdateWithAVisitCarriesTheEncounterButFocusesOnThePatient() {
        Bundle message = Readings.translated(Adt.event("A08"));

        Patient patient = (Patient) Fhir.focus(message);
        Encounter encounter = Fhir.only(message, Encounter.class);
        assertThat(Fhir.resolve(message, encounter.getSubject())).isSameAs(patient);
        assertThat(encounter.getStatus()).as("A08: status from the dates (admitted, not discharged)")
                .isEqualTo(EncounterStatus.INPROGRESS);
    }

    @Test
    void anUpdateWithoutAVisitIsThePatientAlone() {
        Bundle message = Readings.translated(Adt.event("A08").without("PV1"));

        assertThat(Fhir.focus(message)).isInstanceOf(Patient.class);
        assertThat(Fhir.resources(message, Encounter.class)).isEmpty();
        assertThat(Fhir.resources(message, Location.class)).isEmpty();
    }

    @Test
    void anUpdateWhosePv1SaysNotApplicableHasNoEncounter() {
        Bundle message = Readings.translated(Adt.event("A08").set("PV1", 2, "N"));

        assertThat(Fhir.resources(message, Encounter.class)).isEmpty();
    }

    @Test
    void anUpdateWithADischargedVisitHasAFinishedEncounter() {
        Bundle message = Readings.translated(Adt.event("A08").set("PV1", 45, "20251120101500"));

        assertThat(Fhir.only(message, Encounter.class).getStatus()).isEqualTo(EncounterStatus.FINISHED);
    }

    @Test
    void anUpdateWithAVisitWithoutDatesHasAnEncounterOfUnknownStatus() {
        Bundle message = Readings.translated(Adt.event("A08").set("PV1", 44, ""));

        assertThat(Fhir.only(message, Encounter.class).getStatus()).isEqualTo(EncounterStatus.UNKNOWN);
    }

    @Test
    void personEventsIgnoreAnyVisit() {
        Bundle added = Readings.translated(Adt.event("A28").set("PV1", 2, "I").set("PV1", 3, "WARD7"));
        Bundle updated = Readings.translated(Adt.event("A31").without("PV1"));

        for (Bundle message : new Bundle[] {added, updated}) {
            assertThat(message.getEntry()).extracting(e -> e.getResource().fhirType())
                    .containsExactly("MessageHeader", "Patient", "Organization", "Practitioner");
        }
    }

    @Test
    void aMergeLinksTheSurvivingPatientToTheRecordItReplaces() {
        Bundle message = Readings.translated(Adt.event("A40"));

        Patient survivor = (Patient) Fhir.focus(message);
        assertThat(survivor.getIdentifierFirstRep().getValue()).isEqualTo(Adt.NHS_NUMBER);
        assertThat(survivor.getLink()).hasSize(1);
        assertThat(survivor.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACES);
        Patient replaced = (Patient) Fhir.resolve(message, survivor.getLinkFirstRep().getOther());
        assertThat(replaced).isNotSameAs(survivor);
        assertThat(replaced.getActive()).as("the merged-away record is inactive").isFalse();
        assertThat(replaced.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FhirSystems.NHS_NUMBER, Adt.OTHER_NHS_NUMBER),
                org.assertj.core.groups.Tuple.tuple(Adt.RXX01_SYSTEM, "H7654321"));
        assertThat(replaced.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(Fhir.resolve(message, replaced.getLinkFirstRep().getOther())).isSameAs(survivor);
    }

    @Test
    void aMergeCarriesThePriorNameFromMrg7() {
        Bundle message = Readings.translated(Adt.event("A40").set("MRG", 7, "SMITH^Edith"));

        Patient survivor = (Patient) Fhir.focus(message);
        Patient replaced = (Patient) Fhir.resolve(message, survivor.getLinkFirstRep().getOther());
        assertThat(replaced.getNameFirstRep().getFamily()).isEqualTo("SMITH");
    }

    @Test
    void aMergeOfLocalRecordsOnlyNeedsNoNhsNumber() {
        Bundle message = Readings.translated(Adt.event("A40").set("PID", 3, "H1234567^^^RXX01^PI")
                .set("MRG", 1, "H7654321^^^RXX01^PI"));

        Patient survivor = (Patient) Fhir.focus(message);
        Patient replaced = (Patient) Fhir.resolve(message, survivor.getLinkFirstRep().getOther());
        assertThat(replaced.getIdentifierFirstRep().getValue()).isEqualTo("H7654321");
    }

    @Test
    void theTriggerComesFromMsh9NotFromEvn1() {
        // The Microsoft samples send EVN-1 "A01" in A03/A08 messages; MSH-9 is what HL7 makes normative.
        Bundle message = Readings.translated(Adt.event("A03").set("EVN", 1, "A01"));

        assertThat(Fhir.header(message).getEventCoding().getCode()).isEqualTo(CareBridgeEvent.DISCHARGE.code());
    }

    @ParameterizedTest(name = "MSH-9 {0}")
    @CsvSource({"ADT^A04^ADT_A04", "ADT^A04", "ADT^A04^ADT_A05", "adt^a04^adt_a01"})
    void theStructureInMsh9IsNotTrusted(String messageType) {
        Bundle message = Readings.translated(Adt.event("A04").set("MSH", 9, messageType));

        assertThat(Fhir.focus(message)).isInstanceOf(Encounter.class);
    }

    @Test
    void withoutAPartnerOdsCodeThereIsNoTrustOrganisation() {
        AdtReader reader = new AdtReader(Fhir.R4, new uk.carebridge.plugin.Partner("community-trust",
                "A community trust", null, "nhs-trust", java.util.Map.of()));
        AdtReading reading = reader.read(Adt.event("A01").er7());

        Bundle message = ((AdtReading.Translated) reading).message();
        Fhir.assertValidMessage(message);
        Encounter encounter = (Encounter) Fhir.focus(message);
        assertThat(encounter.hasServiceProvider()).isFalse();
        Location ward = Fhir.only(message, Location.class);
        assertThat(ward.hasManagingOrganization()).isFalse();
        assertThat(Fhir.only(message, Organization.class).getIdentifierFirstRep().getValue())
                .as("only the GP practice").isEqualTo(Adt.GP_PRACTICE);
    }

    private static Patient patientOf(Bundle message) {
        return Fhir.resources(message, Patient.class).get(0);
    }
}
