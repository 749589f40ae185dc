package uk.carebridge.plugins.localauthority.outbound;

/**
 * The kinds of notice a council receives (notice.schema.json): the JSON {@code type} value and the name of the
 * member that carries the details.
 */
public enum NoticeType {
    ADMISSION("admission", "admission"),
    ASSESSMENT_REQUEST("assessment-request", "assessmentRequest"),
    EXPECTED_DISCHARGE_DATE("expected-discharge-date", "expectedDischarge"),
    DISCHARGE_COMPLETED("discharge-completed", "discharge"),
    CARE_HOME_RESIDENT_TO_HOSPITAL("care-home-resident-to-hospital", "transferToHospital"),
    OBSERVATION_ALERT("observation-alert", "observationAlert");

    private final String code;
    private final String member;

    NoticeType(String code, String member) {
        this.code = code;
        this.member = member;
    }

    /** The JSON {@code type} value. */
    public String code() {
        return code;
    }

    /** The JSON member holding the details ({@code admission}, {@code assessmentRequest}...). */
    public String member() {
        return member;
    }
}
