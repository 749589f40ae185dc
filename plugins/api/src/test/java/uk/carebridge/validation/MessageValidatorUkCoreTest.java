package uk.carebridge.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.carebridge.validation.TestValidators.R4;
import static uk.carebridge.validation.TestValidators.VALIDATOR;

import java.math.BigDecimal;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.validation.MessageValidator.Issue;

/** {@link MessageValidator#checkProfiles} checks base R4 and UK Core, offline. */
class MessageValidatorUkCoreTest {

    // (a) UK Core's own examples pass their profiles.

    @ParameterizedTest
    @CsvSource({
            "UKCore-Encounter-InpatientEncounter-Example.xml, UKCore-Encounter",
            "UKCore-Organization-LeedsTeachingHospital-Example.xml, UKCore-Organization",
            "UKCore-Observation-VitalSigns-HeartRate-Example.xml, UKCore-Observation-VitalSigns-HeartRate",
            "UKCore-Patient-BabyPatient-Example.xml, UKCore-Patient",
            "UKCore-MessageHeader-Discharge-Example.xml, UKCore-MessageHeader"})
    void ukCoreExamplesPassTheirProfile(String file, String profile) {
        Resource example = TestValidators.example(file);
        example.getMeta().addProfile(UkCore.PROFILE_BASE + profile.substring("UKCore-".length()));

        assertThat(VALIDATOR.checkProfiles(example)).isEmpty();
    }

    @Test
    void aDeclaredProfileThatCannotBeFoundIsAnError() {
        // So the clean results above mean the profiles were found and applied, not skipped.
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PROFILE_BASE + "NoSuchProfile");

        assertThat(VALIDATOR.checkProfiles(patient)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("UKCore-NoSuchProfile").contains("could not be found"));
    }

    @Test
    void richardSmithHasItsTwoKnownErrors() {
        // shared/reference-data/NOTES.md: a SNOMED coding in communication.language, which R4 binds
        // (required) to all-languages.
        List<Issue> issues = VALIDATOR.checkProfiles(TestValidators.example("UKCore-Patient-RichardSmith-Example.xml"));

        assertThat(issues).hasSize(2).allSatisfy(i -> assertThat(i.location()).isEqualTo("Patient.communication[0].language"));
    }

    @Test
    void aHeartRateWithAnotherUnitTextBreaksTheHeartRateProfile() {
        Observation heartRate = (Observation) TestValidators.example("UKCore-Observation-VitalSigns-HeartRate-Example.xml");
        heartRate.getMeta().addProfile(UkCore.OBSERVATION_HEART_RATE);
        heartRate.getValueQuantity().setUnit("beats/minute"); // the profile fixes "per minute"

        assertThat(VALIDATOR.checkProfiles(heartRate)).singleElement().satisfies(i -> {
            assertThat(i.location()).isEqualTo("Observation.value.ofType(Quantity).unit");
            assertThat(i.message()).contains("fixed to 'per minute'");
        });
        assertThat(TestValidators.baseR4Errors(heartRate)).isEmpty();
    }

    // (b) UK Core rules that base R4 alone does not know.

    @Test
    void anNhsNumberVerificationStatusOutsideTheUkCoreValueSetIsAnError() {
        Patient patient = patient();
        patient.getIdentifierFirstRep().getExtensionByUrl(UkCore.NHS_NUMBER_VERIFICATION_STATUS)
                .setValue(new CodeableConcept(new Coding(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, "99", "No such status")));

        assertThat(VALIDATOR.checkProfiles(patient)).isNotEmpty().allSatisfy(i -> {
            assertThat(i.location()).isEqualTo("Patient.identifier[0].extension[0].value.ofType(CodeableConcept)");
            assertThat(i.message()).contains("UKCore-NHSNumberVerificationStatusEngland#99");
        });
        assertThat(TestValidators.baseR4Errors(patient)).isEmpty();
    }

    @Test
    void twoNhsNumbersBreakTheUkCorePatientSlice() {
        Patient patient = patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue("9990000026");

        assertThat(VALIDATOR.checkProfiles(patient)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("nhsNumber").contains("max allowed = 1"));
        assertThat(TestValidators.baseR4Errors(patient)).isEmpty();
    }

    // No SNOMED CT server: unknown systems warn; systems we hold are still checked.

    @Test
    void aSnomedCodeCannotBeCheckedAndIsNoError() {
        Observation observation = observation();
        observation.getCode().addCoding(new Coding(FhirSystems.SNOMED, "999999999999", "Not a real concept"));

        assertThat(VALIDATOR.checkProfiles(observation)).isEmpty();
    }

    @Test
    void aWrongCodeOfACodeSystemWeHoldIsAnError() {
        Observation observation = observation();
        observation.getCategoryFirstRep().getCodingFirstRep().setCode("not-a-category"); // FHIR core system
        Encounter encounter = encounter(patient());
        encounter.getHospitalization().setAdmitSource(new CodeableConcept(
                new Coding(UkCore.SOURCE_OF_ADMISSION_SYSTEM, "ZZ", "No such source"))); // UK Core CodeSystem

        assertThat(VALIDATOR.checkProfiles(observation)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("observation-category#not-a-category"));
        assertThat(VALIDATOR.checkProfiles(encounter)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("UKCore-SourceOfAdmissionEngland#ZZ"));
    }

    @Test
    void carebridgesOwnCodeSystemsAreHeldAndTheirCodesChecked() {
        Patient patient = patient();
        Bundle message = MessageBuilder.event(CareBridgeEvent.DISCHARGE, "test-partner")
                .focus(encounter(patient)).add(patient).build();
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
        ServiceRequest assessment = new ServiceRequest();
        assessment.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assessment.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        assessment.setSubject(MessageBuilder.ref(patient));
        assessment.addCategory(new CodeableConcept(new Coding(FhirSystems.DISCHARGE_PATHWAY, "pathway-2", null)));
        assertThat(VALIDATOR.checkProfiles(message)).as("every event code").isEmpty();
        assertThat(VALIDATOR.checkProfiles(assessment)).as("a pathway code").isEmpty();

        header.getEventCoding().setCode("admision");
        assessment.getCategoryFirstRep().getCodingFirstRep().setCode("pathway-4");

        assertThat(VALIDATOR.checkProfiles(message)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("carebridge-event").contains("admision"));
        assertThat(VALIDATOR.checkProfiles(assessment)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("discharge-pathway").contains("pathway-4"));
    }

    // (c) Entries are checked against their UK Core profile whether or not they declare it.

    @Test
    void aPatientNotDeclaringUkCoreIsStillCheckedAgainstIt() {
        Patient patient = patient();
        patient.getMeta().getProfile().clear();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue("9990000026");
        Bundle message = MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, "test-partner").focus(patient).build();

        List<Issue> issues = VALIDATOR.checkProfiles(message);

        assertThat(issues).anySatisfy(i -> {
            assertThat(i.location()).startsWith("Bundle.entry[1].resource/*Patient/");
            assertThat(i.message()).contains("max allowed = 1").contains("UKCore-Patient");
        });
        assertThat(patient.getMeta().getProfile()).as("the caller's resource is left alone").isEmpty();
        // As received, JSON: the same issue, once.
        assertThat(VALIDATOR.checkProfiles(R4.newJsonParser().encodeResourceToString(message)))
                .containsExactlyInAnyOrderElementsOf(issues);
    }

    @Test
    void aProfileDerivedFromTheUkCoreOneCountsAsDeclaringIt() {
        Patient patient = patient();
        Observation observation = observation();
        observation.getMeta().addProfile(UkCore.OBSERVATION_HEART_RATE); // derives from UKCore-Observation
        observation.setSubject(MessageBuilder.ref(patient));
        observation.getValueQuantity().setUnit("beats/minute");
        Bundle message = MessageBuilder.event(CareBridgeEvent.OBSERVATION, "test-partner")
                .focus(observation).add(patient).build();

        // The heart rate profile applies: its fixed unit text is checked.
        assertThat(VALIDATOR.checkProfiles(message)).singleElement().satisfies(i -> {
            assertThat(i.location()).startsWith("Bundle.entry[1].resource/*Observation/").endsWith(".unit");
            assertThat(i.message()).contains("fixed to 'per minute'");
        });
        assertThat(observation.getMeta().getProfile()).extracting(CanonicalType::getValue)
                .containsExactly(UkCore.OBSERVATION_HEART_RATE);
    }

    // (d) What plugins build passes.

    @Test
    void aMessageBuiltWithMessageBuilderIsClean() {
        Patient patient = patient();
        Encounter stay = encounter(patient);
        Observation pulse = observation();
        pulse.setSubject(MessageBuilder.ref(patient));
        Bundle message = MessageBuilder.event(CareBridgeEvent.ADMISSION, "test-partner")
                .focus(stay).add(patient).add(pulse).build();

        assertThat(message.getMeta().getProfile()).extracting(CanonicalType::getValue).containsExactly(UkCore.BUNDLE);
        assertThat(((MessageHeader) message.getEntryFirstRep().getResource()).getMeta().getProfile())
                .extracting(CanonicalType::getValue).containsExactly(UkCore.MESSAGE_HEADER);
        assertThat(VALIDATOR.checkMessage(message)).isEmpty();
        assertThat(VALIDATOR.checkProfiles(message)).isEmpty();
        assertThat(VALIDATOR.checkProfiles(R4.newJsonParser().encodeResourceToString(message))).isEmpty();
    }

    @Test
    void brokenJsonIsReportedNotThrown() {
        assertThat(VALIDATOR.checkProfiles("{\"resourceType\": \"Bundle\", "))
                .singleElement().satisfies(i -> assertThat(i.location()).isEqualTo("(json)"));
    }

    @Test
    void jsonTheParserWouldSilentlyDropIsStillReported() {
        Bundle message = MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, "test-partner").focus(patient()).build();
        String json = R4.newJsonParser().encodeResourceToString(message).replaceFirst("\"type\"", "\"tipe\": 1, \"type\"");

        assertThat(VALIDATOR.checkProfiles(json)).extracting(Issue::message)
                .anySatisfy(m -> assertThat(m).contains("tipe"));
    }

    /** A UK Core Patient as CareBridge writes one: a verified NHS number, name, sex, date of birth. */
    private static Patient patient() {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        Identifier nhs = patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue("9990000018");
        nhs.addExtension(UkCore.NHS_NUMBER_VERIFICATION_STATUS, new CodeableConcept(
                new Coding(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, "01", "Number present and verified")));
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Test").addGiven("Example");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1931-02-14"));
        return patient;
    }

    private static Encounter encounter(Patient patient) {
        Encounter stay = new Encounter();
        stay.getMeta().addProfile(UkCore.ENCOUNTER);
        stay.setStatus(Encounter.EncounterStatus.INPROGRESS);
        stay.setClass_(new Coding(FhirSystems.ACT_CODE, "NONAC", "inpatient non-acute"));
        stay.setSubject(MessageBuilder.ref(patient));
        stay.getPeriod().setStartElement(new DateTimeType("2024-03-01"));
        return stay;
    }

    /** A heart rate as UKCore-Observation-VitalSigns-HeartRate wants it (declaring no profile). */
    private static Observation observation() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(FhirSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        observation.getCode().addCoding(new Coding(FhirSystems.LOINC, "8867-4", "Heart rate"))
                .addCoding(new Coding(FhirSystems.SNOMED, "78564009", "Pulse rate"));
        observation.setEffective(new DateTimeType("2024-03-02T08:00:00Z"));
        observation.setValue(new Quantity().setValue(new BigDecimal("88")).setUnit("per minute")
                .setSystem(FhirSystems.UCUM).setCode("/min"));
        return observation;
    }
}
