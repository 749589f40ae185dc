package uk.carebridge.fhir;

/** Identifier systems and code systems CareBridge writes. */
public final class FhirSystems {
    private FhirSystems() {
    }

    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    public static final String ODS_ORGANISATION = "https://fhir.nhs.uk/Id/ods-organization-code";
    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /** CareBridge's own namespace; local ids are {@code <LOCAL_ID_BASE><partner-id>}. */
    public static final String CAREBRIDGE_BASE = "https://carebridge.uk/fhir";
    public static final String LOCAL_ID_BASE = CAREBRIDGE_BASE + "/Id/local/";
    /** MessageHeader.source.endpoint of a message from a partner: {@code <PARTNER_ENDPOINT_BASE><partner-id>}. */
    public static final String PARTNER_ENDPOINT_BASE = "urn:carebridge:partner:";

    /**
     * Extension (valueDateTime) on {@code Encounter.hospitalization}: the date the hospital expects to discharge
     * the person (HL7 v2 PV2-9). R4 has no element for it; councils and care homes plan around it.
     */
    public static final String EXPECTED_DISCHARGE_DATE = CAREBRIDGE_BASE + "/StructureDefinition/expected-discharge-date";

    /**
     * Code system for {@code ServiceRequest.category} of a hospital's request that social care assess a person:
     * {@code before-discharge}, or discharge to assess {@code pathway-1} (home with support), {@code pathway-2}
     * (bed-based rehabilitation), {@code pathway-3} (care home placement). The profile validator holds it as a
     * CodeSystem (uk.carebridge.validation.CareBridgeTerminology).
     */
    public static final String DISCHARGE_PATHWAY = CAREBRIDGE_BASE + "/CodeSystem/discharge-pathway";

    /** The identifier system for a partner's own ids (resident numbers, hospital numbers, council ids). */
    public static String localIdSystem(String partnerId) {
        return LOCAL_ID_BASE + partnerId;
    }
}
