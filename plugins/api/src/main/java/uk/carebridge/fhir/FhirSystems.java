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

    /** The identifier system for a partner's own ids (resident numbers, hospital numbers, council ids). */
    public static String localIdSystem(String partnerId) {
        return LOCAL_ID_BASE + partnerId;
    }
}
