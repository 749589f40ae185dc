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
    /** HL7's identifier types (v2 table 0203): MR, NH, PI... on Identifier.type. */
    public static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    /** A GP's national code (GMP, "G" and 7 digits), as UK Core names it. */
    public static final String GMP_NUMBER = "https://fhir.hl7.org.uk/Id/gmp-number";
    /** A doctor's General Medical Council reference number (7 digits), as UK Core names it. */
    public static final String GMC_NUMBER = "https://fhir.hl7.org.uk/Id/gmc-number";

    /**
     * CareBridge's own namespace; local ids are {@code <LOCAL_ID_BASE><partner-id>}, or
     * {@code <LOCAL_ID_BASE><partner-id>/<authority>} when the partner names the id's assigning authority.
     */
    public static final String CAREBRIDGE_BASE = "https://carebridge.uk/fhir";
    public static final String LOCAL_ID_BASE = CAREBRIDGE_BASE + "/Id/local/";
    /** MessageHeader.source.endpoint of a message from a partner: {@code <PARTNER_ENDPOINT_BASE><partner-id>}. */
    public static final String PARTNER_ENDPOINT_BASE = "urn:carebridge:partner:";

    /**
     * Extension on {@code MessageHeader.source} of a message a partner sent as FHIR: the sender's own
     * {@code source.endpoint} (valueUrl), kept when CareBridge sets the source to the partner it knows. Repeats
     * are not expected; its {@code source.name}, when given, goes in {@link #SENDER_SOURCE_NAME}.
     */
    public static final String SENDER_SOURCE_ENDPOINT = CAREBRIDGE_BASE + "/StructureDefinition/sender-source-endpoint";
    /** Extension (valueString) on {@code MessageHeader.source}: the sender's own {@code source.name}. */
    public static final String SENDER_SOURCE_NAME = CAREBRIDGE_BASE + "/StructureDefinition/sender-source-name";

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

    /**
     * The identifier system for a partner's ids issued by a named assigning authority (HL7 v2 CX-4.1, e.g. a
     * trust's hospital number "RXX01" and its A&amp;E number "RXXAE" never collide):
     * {@code <LOCAL_ID_BASE><partner-id>/<authority>}, the authority as written, percent-encoded (RFC 3986
     * unreserved characters kept). A blank authority gives {@link #localIdSystem(String)}.
     */
    public static String localIdSystem(String partnerId, String authority) {
        if (authority == null || authority.isBlank()) {
            return localIdSystem(partnerId);
        }
        String encoded = java.net.URLEncoder.encode(authority.strip(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        return localIdSystem(partnerId) + "/" + encoded;
    }
}
