package uk.carebridge.plugins.localauthority.inbound;

/** Valid example bodies with synthetic people only (9990000018 and 9990000026 are test NHS numbers). */
public final class Bodies {
    private Bodies() {
    }

    /** A people event (NHS number 9990000018, council id P100234). */
    public static final String PERSON = """
            {
              "eventId": "evt-person-0001",
              "occurredAt": "2026-11-20T10:15:00Z",
              "person": {
                "nhsNumber": "9990000018",
                "councilPersonId": "P100234",
                "name": { "title": "Mrs", "given": ["Ada", "Mary"], "family": "Testperson", "preferred": "Molly" },
                "birthDate": "1941-03-07",
                "gender": "female",
                "address": { "lines": ["1 Synthetic Street"], "town": "Exampletown", "postcode": "EX1 2AB" },
                "contacts": [ { "type": "home-phone", "value": "01000 000000" }, { "type": "email", "value": "ada@example.invalid" } ]
              }
            }
            """;

    /** A referral event (NHS number 9990000026). */
    public static final String REFERRAL = """
            {
              "eventId": "evt-ref-0001",
              "occurredAt": "2026-11-20T10:15:00Z",
              "person": { "nhsNumber": "9990000026", "councilPersonId": "P100235" },
              "referral": {
                "referralId": "R-5567",
                "receivedOn": "2026-11-19",
                "from": { "type": "hospital", "name": "Ward 7 discharge team", "odsCode": "RXX01" },
                "reason": "Needs support with personal care after a fall; lives alone.",
                "urgency": "urgent"
              }
            }
            """;

    /** A completed assessment event with eligible needs (council id only). */
    public static final String ASSESSMENT = """
            {
              "eventId": "evt-asm-0001",
              "occurredAt": "2026-11-22T16:00:00+00:00",
              "person": { "councilPersonId": "P100235" },
              "assessment": {
                "assessmentId": "A-778",
                "referralId": "R-5567",
                "type": "care-act-needs-assessment",
                "status": "completed",
                "startedOn": "2026-11-20",
                "completedOn": "2026-11-22",
                "outcome": "eligible-needs",
                "eligibleNeeds": ["personal-hygiene", "nutrition"]
              }
            }
            """;

    /** A care package event (reablement then home care). */
    public static final String CARE_PACKAGE = """
            {
              "eventId": "evt-pkg-0001",
              "occurredAt": "2026-11-23T09:00:00Z",
              "person": { "nhsNumber": "9990000026" },
              "carePackage": {
                "carePackageId": "CP-9001",
                "status": "active",
                "startDate": "2026-11-24",
                "services": [
                  { "type": "reablement", "hoursPerWeek": 10, "providerOdsCode": "AB123", "endDate": "2026-12-29" },
                  { "type": "home-care", "hoursPerWeek": 14.5, "providerOdsCode": "VN4XY", "startDate": "2026-12-30" }
                ]
              }
            }
            """;

    /** An ended care package event with a nursing residential placement. */
    public static final String RESIDENTIAL_PACKAGE = """
            {
              "eventId": "evt-pkg-0002",
              "occurredAt": "2026-11-23T09:00:00Z",
              "person": { "nhsNumber": "9990000018", "councilPersonId": "P100234" },
              "carePackage": {
                "carePackageId": "CP-9002",
                "status": "ended",
                "startDate": "2026-01-05",
                "endDate": "2026-11-01",
                "services": [ { "type": "residential-placement", "placementType": "nursing", "providerOdsCode": "VM2AB" } ]
              }
            }
            """;
}
