package uk.carebridge.plugins.localauthority.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugins.localauthority.inbound.Bodies;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.CouncilSchemas;
import uk.carebridge.plugins.localauthority.inbound.Fhir;
import uk.carebridge.plugins.localauthority.inbound.OdsReference;
import uk.carebridge.plugins.localauthority.inbound.SchemaProblems;
import uk.carebridge.plugins.localauthority.inbound.Translate;

/**
 * FHIR message -> council notice. The input messages are built as the plugins build them (nhs-trust:
 * PatientMapper, EncounterMapper, AdtReader; care-provider: TransferRowMapper, ObservationRowMapper; this
 * plugin's own CouncilTranslator) and go through FHIR JSON first, as the deliverer receives them.
 */
class NoticeWriterTest {

    private static final String TRUST = "st-elsewhere-trust";
    private static final String TRUST_ODS = "RXX";
    private static final String TRUST_NAME = "St Elsewhere's Hospital NHS Trust";
    private static final String HOME = "sunny-meadows-care-home";
    private static final String HOME_ODS = "VM2AB";
    private static final String NHS_NUMBER = "9990000018";
    private static final String FAMILY = "Testperson";
    private static final String MESSAGE_ID = "msg-0001";
    private static final OffsetDateTime SENT_AT = OffsetDateTime.parse("2026-11-23T09:00:00Z");

    private static final String ADMISSION_METHOD = UkCore.BASE + "/StructureDefinition/Extension-UKCore-AdmissionMethod";
    private static final String ADMISSION_METHOD_SYSTEM = UkCore.BASE + "/CodeSystem/UKCore-AdmissionMethodEngland";
    private static final String NEWS2 = "1104051000000101";

    private final NoticeWriter writer = new NoticeWriter(Translate.PARTNER);

    // ---- one test per notice type ----

    @Test
    void anAdmissionFromTheTrust() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Location ward = ward("AMU, Bay 2, Bed 4", trust);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.INPROGRESS);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"));
        encounter.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.ACTIVE);
        encounter.getHospitalization().addExtension(ADMISSION_METHOD,
                new CodeableConcept(new Coding().setSystem(ADMISSION_METHOD_SYSTEM).setCode("21")));
        Bundle message = adt(CareBridgeEvent.ADMISSION, encounter, patient, trust, ward);

        ObjectNode body = notice(message, NoticeType.ADMISSION);
        assertEnvelope(body, "admission", TRUST_ODS, TRUST_NAME);
        assertThat(body.get("person")).isEqualTo(json("""
                { "nhsNumber": "9990000018", "family": "Testperson", "given": ["Ada", "Mary"],
                  "birthDate": "1941-03-07", "postcode": "EX1 2AB" }"""));
        assertThat(body.get("admission")).isEqualTo(json("""
                { "admittedAt": "2026-11-22T23:10:00Z", "method": "emergency", "ward": "AMU, Bay 2, Bed 4" }"""));
    }

    @Test
    void admissionMethodsFollowTheNhsDataDictionary() {
        assertThat(methodOf("11")).isEqualTo("elective");
        assertThat(methodOf("13")).isEqualTo("elective");
        assertThat(methodOf("28")).isEqualTo("emergency");
        assertThat(methodOf("2B")).isEqualTo("emergency");
        assertThat(methodOf("31")).isEqualTo("maternity");
        assertThat(methodOf("81")).isEqualTo("other");
        Encounter uncoded = new Encounter();
        uncoded.getHospitalization().addExtension(ADMISSION_METHOD, new CodeableConcept().setText("X"));
        assertThat(EncounterNotices.admissionMethod(uncoded)).isEqualTo("other");
        assertThat(EncounterNotices.admissionMethod(new Encounter())).isNull();
    }

    @Test
    void anAdmissionWithoutItsOwnTimeUsesTheMessageTimeAndADateStartsTheUkDay() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.INPROGRESS);
        Bundle message = MessageBuilder.event(CareBridgeEvent.ADMISSION, TRUST)
                .timestamp(new InstantType("2026-07-01T10:15:00+01:00").getValue())
                .focus(encounter).add(patient).add(trust).build();
        message.getTimestampElement().setValueAsString("2026-07-01T10:15:00+01:00");
        ObjectNode body = notice(message, NoticeType.ADMISSION);
        assertThat(body.at("/admission/admittedAt").asText()).isEqualTo("2026-07-01T10:15:00+01:00");
        assertThat(body.get("admission").has("method")).isFalse();
        assertThat(body.get("admission").has("ward")).isFalse();

        encounter.getPeriod().setStartElement(new DateTimeType("2026-07-01"));
        body = notice(message, NoticeType.ADMISSION);
        assertThat(body.at("/admission/admittedAt").asText()).isEqualTo("2026-07-01T00:00:00+01:00");
    }

    @Test
    void aWardOfAnotherSiteNamesTheSite() {
        Organization trust = trust();
        Organization site = PatientMapperLike.organisation("RXX01", "St Elsewhere's North");
        Patient patient = trustPatient(NHS_NUMBER);
        Location ward = ward("Ward 7", site);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.INPROGRESS);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"));
        encounter.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.ACTIVE);
        Bundle message = MessageBuilder.event(CareBridgeEvent.ADMISSION, TRUST)
                .focus(encounter).add(patient).add(trust).add(ward).add(site).build();
        ObjectNode body = notice(message, NoticeType.ADMISSION);
        assertThat(body.at("/admission/siteOdsCode").asText()).isEqualTo("RXX01");
        assertThat(body.at("/admission/ward").asText()).isEqualTo("Ward 7");
    }

    @Test
    void aDischargeFromTheTrust() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Location ward = ward("Ward 7", trust);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.FINISHED);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"))
                .setEndElement(new DateTimeType("2026-11-27T14:00:00+00:00"));
        encounter.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.COMPLETED);
        encounter.getHospitalization().setDischargeDisposition(
                new CodeableConcept(new Coding().setSystem(UkCore.DISCHARGE_DESTINATION_SYSTEM).setCode("19")));
        Bundle message = adt(CareBridgeEvent.DISCHARGE, encounter, patient, trust, ward);

        ObjectNode body = notice(message, NoticeType.DISCHARGE_COMPLETED);
        assertEnvelope(body, "discharge-completed", TRUST_ODS, TRUST_NAME);
        assertThat(body.get("discharge")).isEqualTo(json("""
                { "dischargedAt": "2026-11-27T14:00:00Z", "destination": "usual-residence" }"""));
    }

    @Test
    void aDischargeToACareHomeNamesItWhenTheMessageDoes() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.FINISHED);
        encounter.getPeriod().setEndElement(new DateTimeType("2026-11-27T14:00:00+00:00"));
        encounter.getHospitalization().setDischargeDisposition(
                new CodeableConcept(new Coding().setSystem(UkCore.DISCHARGE_DESTINATION_SYSTEM).setCode("85")))
                .setDestination(OdsReference.organisation(HOME_ODS));
        ObjectNode body = notice(adt(CareBridgeEvent.DISCHARGE, encounter, patient, trust), NoticeType.DISCHARGE_COMPLETED);
        assertThat(body.get("discharge")).isEqualTo(json("""
                { "dischargedAt": "2026-11-27T14:00:00Z", "destination": "care-home", "destinationOdsCode": "VM2AB" }"""));
    }

    @Test
    void dischargeDestinationsFollowTheNhsDataDictionary() {
        String ukCore = UkCore.DISCHARGE_DESTINATION_SYSTEM;
        String dd = UkCore.BASE + "/CodeSystem/NHSDataModelAndDictionary-DischargeDestination";
        assertThat(destinationOf(ukCore, "29")).isEqualTo("temporary-residence");
        assertThat(destinationOf(dd, "54")).isEqualTo("care-home");
        assertThat(destinationOf(ukCore, "65")).isEqualTo("care-home");
        assertThat(destinationOf(ukCore, "51")).isEqualTo("other-hospital");
        assertThat(destinationOf(ukCore, "87")).isEqualTo("other-hospital");
        assertThat(destinationOf(ukCore, "79")).isEqualTo("died");
        assertThat(destinationOf(ukCore, "88")).isEqualTo("other");
        assertThat(destinationOf(ukCore, "38")).isEqualTo("other");
        assertThat(destinationOf(ukCore, "98")).isNull();
        assertThat(destinationOf(ukCore, "99")).isNull();
        assertThat(EncounterNotices.destination(new CodeableConcept().setText("HOME"))).isNull();
    }

    @Test
    void aCareHomeResidentGoesToHospital() {
        Patient patient = careHomePatient(NHS_NUMBER);
        Encounter stay = careHomeStay(patient, "2026-11-20T03:00:00+00:00", true);
        Bundle message = MessageBuilder.event(CareBridgeEvent.TRANSFER, HOME).focus(stay).add(patient)
                .timestamp(stay.getPeriod().getEnd()).build();

        ObjectNode body = notice(message, NoticeType.CARE_HOME_RESIDENT_TO_HOSPITAL);
        assertEnvelope(body, "care-home-resident-to-hospital", HOME_ODS, null);
        assertThat(body.get("person")).isEqualTo(json("""
                { "nhsNumber": "9990000018", "family": "Testperson", "given": ["Ada"], "birthDate": "1941-03-07" }"""));
        assertThat(body.get("transferToHospital")).isEqualTo(json("""
                { "transferredAt": "2026-11-20T03:00:00Z", "careHomeOdsCode": "VM2AB", "hospitalOdsCode": "RXX",
                  "reason": "Fall with suspected hip fracture" }"""));
    }

    @Test
    void aWardTransferWithAnExpectedDischargeDate() {
        Bundle message = wardTransfer(new DateTimeType("2026-11-27"));
        ObjectNode body = notice(message, NoticeType.EXPECTED_DISCHARGE_DATE);
        assertEnvelope(body, "expected-discharge-date", TRUST_ODS, TRUST_NAME);
        assertThat(body.get("expectedDischarge")).isEqualTo(json("{ \"date\": \"2026-11-27\" }"));
    }

    @Test
    void aPersonUpdateCarryingTheVisitWithAnExpectedDischargeDate() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.INPROGRESS);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"));
        encounter.getHospitalization().addExtension(FhirSystems.EXPECTED_DISCHARGE_DATE,
                new DateTimeType("2026-11-28T12:00:00+00:00"));
        // A08: the Patient is the focus, the visit rides along (AdtReader, Kind.PERSON_WITH_VISIT).
        Bundle message = MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, TRUST)
                .focus(patient).add(encounter).add(trust).build();
        ObjectNode body = notice(message, NoticeType.EXPECTED_DISCHARGE_DATE);
        assertEnvelope(body, "expected-discharge-date", TRUST_ODS, TRUST_NAME);
        assertThat(body.get("expectedDischarge")).isEqualTo(json("{ \"date\": \"2026-11-28\" }"));
    }

    @Test
    void aDischargeToAssessReferral() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        ServiceRequest request = pathwayReferral(patient, MessageBuilder.ref(trust), "pathway-2");
        request.setOccurrence(new DateTimeType("2026-11-26"));
        Bundle message = MessageBuilder.event(CareBridgeEvent.REFERRAL, TRUST).focus(request).add(patient).add(trust).build();

        ObjectNode body = notice(message, NoticeType.ASSESSMENT_REQUEST);
        assertEnvelope(body, "assessment-request", TRUST_ODS, TRUST_NAME);
        assertThat(body.get("assessmentRequest")).isEqualTo(json("""
                { "when": "discharge-to-assess", "pathway": 2, "reason": "Needs bed-based rehabilitation after a fall",
                  "expectedDischargeDate": "2026-11-26" }"""));
    }

    @Test
    void anAssessmentBeforeDischargeFromALogicalRequester() {
        Patient patient = trustPatient(NHS_NUMBER);
        ServiceRequest request = pathwayReferral(patient,
                OdsReference.organisation(TRUST_ODS).setDisplay("Ward 7 discharge team"), "before-discharge");
        Bundle message = MessageBuilder.event(CareBridgeEvent.REFERRAL, TRUST).focus(request).add(patient).build();

        ObjectNode body = notice(message, NoticeType.ASSESSMENT_REQUEST);
        assertEnvelope(body, "assessment-request", TRUST_ODS, "Ward 7 discharge team");
        assertThat(body.get("assessmentRequest")).isEqualTo(json("""
                { "when": "before-discharge", "reason": "Needs bed-based rehabilitation after a fall" }"""));
    }

    @Test
    void aCareHomeVitalSign() {
        Patient patient = careProviderIdentity(NHS_NUMBER);
        Observation pulse = vitalSign(patient, "8867-4", "Heart rate", "78564009", "Pulse rate", "Heart rate",
                "112", "per minute", "/min");
        pulse.setEffective(new DateTimeType("2026-11-23T08:45:00+00:00"));
        Bundle message = MessageBuilder.event(CareBridgeEvent.OBSERVATION, HOME).focus(pulse).add(patient)
                .timestamp(pulse.getEffectiveDateTimeType().getValue()).build();

        ObjectNode body = notice(message, NoticeType.OBSERVATION_ALERT);
        assertEnvelope(body, "observation-alert", HOME_ODS, null);
        assertThat(body.get("person")).isEqualTo(json("{ \"nhsNumber\": \"9990000018\" }"));
        // Compared as text: Jackson's equality tells a decimal 112 from an integer 112, JSON does not.
        assertThat(body.get("observationAlert").toString()).isEqualTo(text("""
                { "observedAt": "2026-11-23T08:45:00Z",
                  "observations": [ { "code": "8867-4", "name": "Heart rate", "value": 112, "unit": "per minute" } ] }"""));
    }

    @Test
    void aNews2SetWithScorePanelAndConsciousness() {
        Patient patient = careProviderIdentity(NHS_NUMBER);
        Observation temperature = vitalSign(patient, "8310-5", "Body temperature", "386725007", "Body temperature",
                "Body temperature", "38.4", "degree Celsius", "Cel");
        temperature.setEffective(new DateTimeType("2026-11-23T08:45:00+00:00"));
        Observation spo2 = vitalSign(patient, "2708-6", "Oxygen saturation in Arterial blood", "431314004",
                "Peripheral oxygen saturation", "Oxygen saturation", "93", "percent", "%");
        Observation bloodPressure = new Observation();
        bloodPressure.getCode().addCoding(new Coding(FhirSystems.LOINC, "85354-9", "Blood pressure panel"));
        bloodPressure.addComponent().setValue(ucum("98", "mmHg", "mm[Hg]")).getCode()
                .addCoding(new Coding(FhirSystems.LOINC, "8480-6", "Systolic blood pressure"));
        bloodPressure.addComponent().setValue(ucum("60", "mmHg", "mm[Hg]")).getCode()
                .addCoding(new Coding(FhirSystems.LOINC, "8462-4", "Diastolic blood pressure"));
        Observation acvpu = new Observation();
        acvpu.getCode().addCoding(new Coding(FhirSystems.SNOMED, "1104441000000107", "ACVPU scale score"));
        acvpu.setValue(new CodeableConcept(new Coding(FhirSystems.SNOMED, "130987000", "Acute confusion")));
        Observation news2 = new Observation();
        news2.getCode().addCoding(new Coding(FhirSystems.SNOMED, NEWS2, "NEWS2 total score"));
        news2.setValue(new IntegerType(7));
        for (Observation o : new Observation[] {spo2, bloodPressure, acvpu, news2}) {
            o.setStatus(Observation.ObservationStatus.FINAL).setSubject(MessageBuilder.ref(patient));
        }
        Bundle message = MessageBuilder.event(CareBridgeEvent.OBSERVATION, HOME).focus(temperature)
                .add(spo2).add(bloodPressure).add(acvpu).add(news2).add(patient).build();

        ObjectNode body = notice(message, NoticeType.OBSERVATION_ALERT);
        assertThat(body.get("observationAlert").toString()).isEqualTo(text("""
                { "observedAt": "2026-11-23T08:45:00Z", "news2Score": 7, "observations": [
                  { "code": "8310-5", "name": "Body temperature", "value": 38.4, "unit": "degree Celsius" },
                  { "code": "2708-6", "name": "Oxygen saturation", "value": 93, "unit": "percent" },
                  { "code": "8480-6", "name": "Systolic blood pressure", "value": 98, "unit": "mmHg" },
                  { "code": "8462-4", "name": "Diastolic blood pressure", "value": 60, "unit": "mmHg" } ] }"""));
    }

    // ---- not notices ----

    @Test
    void aPersonWithoutAnNhsNumberIsNotANotice() {
        Patient patient = careHomePatient(null);
        Encounter stay = careHomeStay(patient, "2026-11-20T03:00:00+00:00", true);
        Bundle message = MessageBuilder.event(CareBridgeEvent.TRANSFER, HOME).focus(stay).add(patient).build();
        assertNotANotice(message, "the person has no NHS number: a council matches people by NHS number");
    }

    @Test
    void anNhsNumberFailingItsCheckDigitIsNotANotice() {
        Patient patient = careHomePatient("9990000019");
        Encounter stay = careHomeStay(patient, "2026-11-20T03:00:00+00:00", true);
        Bundle message = MessageBuilder.event(CareBridgeEvent.TRANSFER, HOME).focus(stay).add(patient).build();
        assertNotANotice(message, "the person's NHS number fails its Modulus 11 check: a council matches people by NHS number");
    }

    @Test
    void aBundleThatIsNoMessageIsNotANotice() {
        assertNotANotice(new Bundle().setType(Bundle.BundleType.COLLECTION),
                "the bundle is not a CareBridge message (no MessageHeader first)");
    }

    @Test
    void aSenderWithoutAnOdsCodeIsNotANotice() {
        Patient patient = careHomePatient(NHS_NUMBER);
        Encounter stay = careHomeStay(patient, "2026-11-20T03:00:00+00:00", false);
        Bundle message = MessageBuilder.event(CareBridgeEvent.TRANSFER, HOME).focus(stay).add(patient).build();
        assertNotANotice(message, "the message does not name the sending organisation's ODS code");
    }

    @Test
    void aWardTransferWithoutAnExpectedDischargeDateIsNotANotice() {
        assertNotANotice(wardTransfer(null), "a transfer within a hospital is not a council notice");
    }

    @Test
    void aCancelledDischargeIsNotANotice() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.ENTEREDINERROR);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"));
        assertNotANotice(adt(CareBridgeEvent.DISCHARGE, encounter, patient, trust),
                "a cancelled discharge (Encounter entered-in-error or cancelled) is not a council notice");
    }

    @Test
    void theCouncilsOwnMessagesAreNotNotices() {
        assertNotANotice(Translate.body(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT).message(),
                "a assessment message is not a council notice");
        assertNotANotice(Translate.body(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE).message(),
                "a care-package message is not a council notice");
        assertNotANotice(Translate.body(CouncilResource.REFERRALS, Bodies.REFERRAL).message(),
                "a referral that is not a request for a social care assessment (discharge pathway) is not a council notice");
        assertNotANotice(Translate.body(CouncilResource.PEOPLE, Bodies.PERSON).message(),
                "a person-update without an expected discharge date is not a council notice");
    }

    @Test
    void anIncidentIsNotANotice() {
        Patient patient = careHomePatient(NHS_NUMBER);
        assertNotANotice(MessageBuilder.event(CareBridgeEvent.INCIDENT, HOME).focus(patient).build(),
                "a incident message is not a council notice");
    }

    @Test
    void aPlainReferralIsNotANotice() {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        ServiceRequest request = pathwayReferral(patient, MessageBuilder.ref(trust), "pathway-1");
        request.getCategory().clear();
        request.addCategory(new CodeableConcept(new Coding(FhirSystems.SNOMED, "3457005", "Patient referral")));
        assertNotANotice(MessageBuilder.event(CareBridgeEvent.REFERRAL, TRUST).focus(request).add(patient).add(trust).build(),
                "a referral that is not a request for a social care assessment (discharge pathway) is not a council notice");
    }

    @Test
    void anObservationWithoutAMeasurementIsNotANotice() {
        Patient patient = careProviderIdentity(NHS_NUMBER);
        Observation acvpu = new Observation();
        acvpu.setStatus(Observation.ObservationStatus.FINAL).setSubject(MessageBuilder.ref(patient));
        acvpu.getCode().addCoding(new Coding(FhirSystems.SNOMED, "1104441000000107", "ACVPU scale score"));
        acvpu.setValue(new CodeableConcept(new Coding(FhirSystems.SNOMED, "248234008", "Mentally alert")));
        acvpu.addPerformer(OdsReference.organisation(HOME_ODS));
        assertNotANotice(MessageBuilder.event(CareBridgeEvent.OBSERVATION, HOME).focus(acvpu).add(patient).build(),
                "an observation message without a LOINC-coded measurement is not a council notice");
    }

    @Test
    void aNoticeThatBreaksTheSchemaIsABugAndSaysWhereWithoutValues() {
        Bundle message = wardTransfer(new DateTimeType("2026-11-27"));
        assertThatThrownBy(() -> writer.write(roundTrip(message), "not a valid id!", SENT_AT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("$.noticeId")
                .hasMessageNotContaining(NHS_NUMBER).hasMessageNotContaining(FAMILY);
    }

    // ---- assertions ----

    private ObjectNode notice(Bundle message, NoticeType type) {
        NoticeResult result = writer.write(roundTrip(message), MESSAGE_ID, SENT_AT);
        assertThat(result).as("result").isInstanceOf(NoticeResult.Notice.class);
        NoticeResult.Notice notice = (NoticeResult.Notice) result;
        assertThat(notice.type()).isEqualTo(type);
        assertThat(notice.nhsNumber()).isEqualTo(NHS_NUMBER);
        assertThat(SchemaProblems.of(CouncilSchemas.notice().validate(notice.body()))).as("schema problems").isEmpty();
        // The deliverer adds the council's id to person.
        assertThat(notice.body().get("person")).isInstanceOf(ObjectNode.class);
        return notice.body();
    }

    private void assertNotANotice(Bundle message, String reason) {
        NoticeResult result = writer.write(roundTrip(message), MESSAGE_ID, SENT_AT);
        assertThat(result).isEqualTo(new NoticeResult.NotANotice(reason));
        assertThat(reason).doesNotContain(NHS_NUMBER).doesNotContain(FAMILY);
    }

    private static void assertEnvelope(ObjectNode body, String type, String odsCode, String name) {
        assertThat(body.get("noticeId").asText()).isEqualTo(MESSAGE_ID);
        assertThat(body.get("sentAt").asText()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(body.get("type").asText()).isEqualTo(type);
        assertThat(body.at("/person/nhsNumber").asText()).isEqualTo(NHS_NUMBER);
        ObjectNode from = new ObjectMapper().createObjectNode().put("odsCode", odsCode);
        if (name != null) {
            from.put("name", name);
        }
        assertThat(body.get("from")).isEqualTo(from);
        assertThat(body.size()).isEqualTo(6);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String text(String json) {
        return json(json).toString();
    }

    private static Bundle roundTrip(Bundle message) {
        String json = Fhir.R4.newJsonParser().encodeResourceToString(message);
        return Fhir.R4.newJsonParser().parseResource(Bundle.class, json);
    }

    private static String methodOf(String code) {
        Encounter e = new Encounter();
        e.getHospitalization().addExtension(ADMISSION_METHOD,
                new CodeableConcept(new Coding().setSystem(ADMISSION_METHOD_SYSTEM).setCode(code)));
        return EncounterNotices.admissionMethod(e);
    }

    private static String destinationOf(String system, String code) {
        return EncounterNotices.destination(new CodeableConcept(new Coding().setSystem(system).setCode(code)));
    }

    // ---- messages as the nhs-trust plugin writes them (PatientMapper, EncounterMapper, AdtReader) ----

    /** PatientMapper.organisation: the trust from its partner file (ODS code and name). */
    private static final class PatientMapperLike {
        static Organization organisation(String odsCode, String name) {
            Organization org = new Organization();
            org.getMeta().addProfile(UkCore.ORGANIZATION);
            org.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(odsCode);
            org.setName(name);
            return org;
        }
    }

    private static Organization trust() {
        return PatientMapperLike.organisation(TRUST_ODS, TRUST_NAME);
    }

    private static Patient trustPatient(String nhsNumber) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        if (nhsNumber != null) {
            patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        }
        patient.addIdentifier(new Identifier().setSystem(FhirSystems.localIdSystem(TRUST)).setValue("H123456")
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR",
                        "Medical record number"))));
        patient.addName().setFamily(FAMILY).addGiven("Molly").setUse(HumanName.NameUse.USUAL);
        patient.addName().setFamily(FAMILY).addGiven("Ada").addGiven("Mary").addPrefix("Mrs")
                .setUse(HumanName.NameUse.OFFICIAL);
        patient.setBirthDateElement(new DateType("1941-03-07"));
        patient.setGender(AdministrativeGender.FEMALE);
        patient.addAddress().addLine("9 Other Road").setPostalCode("EX9 9ZZ").setUse(Address.AddressUse.TEMP);
        patient.addAddress().addLine("1 Synthetic Street").setCity("Exampletown").setPostalCode("EX1 2AB")
                .setUse(Address.AddressUse.HOME);
        return patient;
    }

    private static Encounter trustEncounter(Patient patient, Organization trust, Encounter.EncounterStatus status) {
        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(UkCore.ENCOUNTER);
        encounter.setSubject(MessageBuilder.ref(patient));
        encounter.setClass_(new Coding(FhirSystems.ACT_CODE, "IMP", "inpatient encounter"));
        encounter.addIdentifier().setSystem(FhirSystems.localIdSystem(TRUST)).setValue("V0001")
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "VN",
                        "Visit number")));
        encounter.setStatus(status);
        encounter.getHospitalization().setAdmitSource(
                new CodeableConcept(new Coding().setSystem(UkCore.SOURCE_OF_ADMISSION_SYSTEM).setCode("19")));
        encounter.setServiceProvider(MessageBuilder.ref(trust));
        return encounter;
    }

    private static Location ward(String name, Organization managedBy) {
        Location location = new Location();
        location.getMeta().addProfile(UkCore.LOCATION);
        location.setName(name);
        location.setPhysicalType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/location-physical-type", "wa", "Ward")));
        location.setManagingOrganization(MessageBuilder.ref(managedBy));
        return location;
    }

    /** AdtReader: visit events focus the Encounter, then the Patient, the trust, the Locations. */
    private static Bundle adt(CareBridgeEvent event, Encounter encounter, Patient patient, Organization trust,
            Location... locations) {
        MessageBuilder builder = MessageBuilder.event(event, TRUST)
                .timestamp(new InstantType("2026-11-23T08:00:00+00:00").getValue())
                .focus(encounter).add(patient).add(trust);
        for (Location l : locations) {
            builder.add(l);
        }
        return builder.build();
    }

    /** A02: the new location active (from the transfer time), the prior one completed. */
    private static Bundle wardTransfer(DateTimeType expectedDischarge) {
        Organization trust = trust();
        Patient patient = trustPatient(NHS_NUMBER);
        Location now = ward("Ward 7", trust);
        Location before = ward("AMU", trust);
        Encounter encounter = trustEncounter(patient, trust, Encounter.EncounterStatus.INPROGRESS);
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"));
        encounter.addLocation().setLocation(MessageBuilder.ref(now)).setStatus(Encounter.EncounterLocationStatus.ACTIVE)
                .getPeriod().setStartElement(new DateTimeType("2026-11-23T07:30:00+00:00"));
        encounter.addLocation().setLocation(MessageBuilder.ref(before)).setStatus(Encounter.EncounterLocationStatus.COMPLETED)
                .getPeriod().setEndElement(new DateTimeType("2026-11-23T07:30:00+00:00"));
        if (expectedDischarge != null) {
            encounter.getHospitalization().addExtension(FhirSystems.EXPECTED_DISCHARGE_DATE, expectedDischarge);
        }
        return adt(CareBridgeEvent.TRANSFER, encounter, patient, trust, now, before);
    }

    /** A hospital's request for a social care assessment (ServiceRequest, discharge pathway category). */
    private static ServiceRequest pathwayReferral(Patient patient, Reference requester, String pathway) {
        ServiceRequest request = new ServiceRequest();
        request.getMeta().addProfile(UkCore.profileFor("ServiceRequest").orElseThrow());
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding(FhirSystems.DISCHARGE_PATHWAY, pathway, pathway)));
        request.setCode(new CodeableConcept(new Coding(FhirSystems.SNOMED, "306206005", "Referral to social services")));
        request.setSubject(MessageBuilder.ref(patient));
        request.setRequester(requester);
        request.addReasonCode(new CodeableConcept().setText("Needs bed-based rehabilitation after a fall"));
        return request;
    }

    // ---- messages as the care-provider plugin writes them (PatientReader, TransferRowMapper, ObservationRowMapper) ----

    /** PatientReader.identity: the NHS number (when given) and the resident id. */
    private static Patient careProviderIdentity(String nhsNumber) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        if (nhsNumber != null) {
            patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        }
        patient.addIdentifier().setSystem(FhirSystems.localIdSystem(HOME)).setValue("R-17");
        return patient;
    }

    /** TransferRowMapper: identity, name and birth date. */
    private static Patient careHomePatient(String nhsNumber) {
        Patient patient = careProviderIdentity(nhsNumber);
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(FAMILY).addGiven("Ada");
        patient.setBirthDateElement(new DateType("1941-03-07"));
        return patient;
    }

    /** TransferRowMapper: the stay at the home, finished at the transfer, destination the hospital by ODS code. */
    private static Encounter careHomeStay(Patient patient, String transferTime, boolean homeHasOdsCode) {
        Encounter stay = new Encounter();
        stay.getMeta().addProfile(UkCore.ENCOUNTER);
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        stay.setClass_(new Coding(FhirSystems.ACT_CODE, "NONAC", "inpatient non-acute"));
        stay.setSubject(MessageBuilder.ref(patient));
        stay.getPeriod().setEndElement(new DateTimeType(transferTime));
        stay.addReasonCode().setText("Fall with suspected hip fracture");
        stay.getHospitalization().setDestination(OdsReference.organisation(TRUST_ODS));
        if (homeHasOdsCode) {
            stay.setServiceProvider(OdsReference.organisation(HOME_ODS));
        }
        return stay;
    }

    /** ObservationRowMapper.vitalSign (VitalSign's codes and units), performer the home by ODS code. */
    private static Observation vitalSign(Patient patient, String loinc, String loincDisplay, String snomed,
            String snomedDisplay, String text, String value, String unit, String ucum) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(UkCore.OBSERVATION_VITAL_SIGNS);
        observation.addCategory(new CodeableConcept(new Coding(FhirSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        observation.getCode().addCoding(new Coding(FhirSystems.LOINC, loinc, loincDisplay))
                .addCoding(new Coding(FhirSystems.SNOMED, snomed, snomedDisplay)).setText(text);
        observation.setValue(ucum(value, unit, ucum));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(MessageBuilder.ref(patient));
        observation.addPerformer(OdsReference.organisation(HOME_ODS));
        return observation;
    }

    private static Quantity ucum(String value, String unit, String code) {
        return new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(FhirSystems.UCUM).setCode(code);
    }

}
