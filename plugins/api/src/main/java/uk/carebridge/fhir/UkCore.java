package uk.carebridge.fhir;

import java.util.Optional;
import java.util.Set;

/**
 * The UK Core R4 (STU2, package UKCore.R4.STU.02.00.00) profiles, extensions and code systems CareBridge
 * writes. Plugins declare the profile in {@code meta.profile} of each resource they produce; the
 * {@link uk.carebridge.validation.MessageValidator} checks every resource against its type's profile.
 */
public final class UkCore {
    private UkCore() {
    }

    public static final String BASE = "https://fhir.hl7.org.uk";
    public static final String PROFILE_BASE = BASE + "/StructureDefinition/UKCore-";

    public static final String PATIENT = PROFILE_BASE + "Patient";
    public static final String ENCOUNTER = PROFILE_BASE + "Encounter";
    public static final String ORGANIZATION = PROFILE_BASE + "Organization";
    public static final String LOCATION = PROFILE_BASE + "Location";
    public static final String PRACTITIONER = PROFILE_BASE + "Practitioner";
    public static final String OBSERVATION = PROFILE_BASE + "Observation";
    public static final String MESSAGE_HEADER = PROFILE_BASE + "MessageHeader";
    public static final String BUNDLE = PROFILE_BASE + "Bundle";

    /** Any vital sign: category vital-signs, exactly one LOINC coding and at least one SNOMED CT coding. */
    public static final String OBSERVATION_VITAL_SIGNS = PROFILE_BASE + "Observation-VitalSigns";
    /** LOINC 8867-4, unit "per minute" (UCUM /min). */
    public static final String OBSERVATION_HEART_RATE = PROFILE_BASE + "Observation-VitalSigns-HeartRate";
    /** LOINC 9279-1, unit "per minute" (UCUM /min). */
    public static final String OBSERVATION_RESPIRATION_RATE = PROFILE_BASE + "Observation-VitalSigns-RespirationRate";
    /** LOINC 2708-6 (and no other LOINC coding), unit "percent" (UCUM %). */
    public static final String OBSERVATION_OXYGEN_SATURATION = PROFILE_BASE + "Observation-VitalSigns-OxygenSaturation";
    /** LOINC 8310-5, unit "degree Celsius" (UCUM Cel). */
    public static final String OBSERVATION_BODY_TEMPERATURE = PROFILE_BASE + "Observation-VitalSigns-BodyTemperature";
    /** Level of consciousness on the ACVPU scale (NEWS2): SNOMED CT 1104441000000107. */
    public static final String OBSERVATION_ACVPU = PROFILE_BASE + "Observation-ACVPU";

    /** Patient.identifier(nhs-number).extension: whether the NHS number was traced/verified. */
    public static final String NHS_NUMBER_VERIFICATION_STATUS =
            BASE + "/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    /** Codes 01-08 ("01" = number present and verified). */
    public static final String NHS_NUMBER_VERIFICATION_STATUS_SYSTEM =
            BASE + "/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";

    /** Patient.extension: ethnic category (valueCodeableConcept from ValueSet UKCore-EthnicCategory). */
    public static final String ETHNIC_CATEGORY = BASE + "/StructureDefinition/Extension-UKCore-EthnicCategory";
    /** NHS Data Dictionary ethnic category codes, England (A-H, J-N, P, R, S, Z, 99). */
    public static final String ETHNIC_CATEGORY_ENGLAND_SYSTEM = BASE + "/CodeSystem/UKCore-EthnicCategoryEngland";

    /** Encounter.hospitalization.admitSource (NHS Data Dictionary source of admission, England). */
    public static final String SOURCE_OF_ADMISSION_SYSTEM = BASE + "/CodeSystem/UKCore-SourceOfAdmissionEngland";
    /** Encounter.hospitalization.dischargeDisposition (NHS Data Dictionary discharge destination, England). */
    public static final String DISCHARGE_DESTINATION_SYSTEM = BASE + "/CodeSystem/UKCore-DischargeDestinationEngland";

    /** Resource types that have a plain UK Core profile named {@code UKCore-<type>}. */
    private static final Set<String> PROFILED_TYPES = Set.of(
            "AllergyIntolerance", "Appointment", "AuditEvent", "BodyStructure", "Bundle", "CarePlan", "CareTeam",
            "Communication", "Composition", "Condition", "Consent", "Device", "DiagnosticReport",
            "DocumentReference", "Encounter", "EpisodeOfCare", "FamilyMemberHistory", "Flag", "HealthcareService",
            "ImagingStudy", "Immunization", "List", "Location", "Medication", "MedicationAdministration",
            "MedicationDispense", "MedicationRequest", "MedicationStatement", "MessageHeader", "Observation",
            "OperationOutcome", "Organization", "OrganizationAffiliation", "Patient", "Practitioner",
            "PractitionerRole", "Procedure", "Provenance", "Questionnaire", "QuestionnaireResponse",
            "RelatedPerson", "RequestGroup", "Schedule", "ServiceRequest", "Slot", "Specimen", "Subscription",
            "Task");

    /** The UK Core profile for a resource type ({@code UKCore-<type>}), if UK Core has one. */
    public static Optional<String> profileFor(String resourceType) {
        return PROFILED_TYPES.contains(resourceType) ? Optional.of(PROFILE_BASE + resourceType) : Optional.empty();
    }
}
