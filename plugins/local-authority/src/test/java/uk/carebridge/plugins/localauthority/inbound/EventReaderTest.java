package uk.carebridge.plugins.localauthority.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schema rule and every check beyond the schema, each giving a problem that names its field. */
class EventReaderTest {

    private static final EventReader READER = new EventReader();

    private static List<Problem> problems(CouncilResource resource, String body) {
        ReadResult result = READER.read(resource, body);
        assertThat(result).as("read result").isInstanceOf(ReadResult.Rejected.class);
        return ((ReadResult.Rejected) result).problems();
    }

    @Test
    void everyExampleBodyIsAccepted() {
        assertThat(READER.read(CouncilResource.PEOPLE, Bodies.PERSON)).isInstanceOf(ReadResult.Accepted.class);
        assertThat(READER.read(CouncilResource.REFERRALS, Bodies.REFERRAL)).isInstanceOf(ReadResult.Accepted.class);
        assertThat(READER.read(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT)).isInstanceOf(ReadResult.Accepted.class);
        assertThat(READER.read(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE)).isInstanceOf(ReadResult.Accepted.class);
        assertThat(READER.read(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE)).isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void acceptedEventCarriesItsIdAsTheIdempotencyKey() {
        ReadResult.Accepted accepted = (ReadResult.Accepted) READER.read(CouncilResource.REFERRALS, Bodies.REFERRAL);
        assertThat(accepted.eventId()).isEqualTo("evt-ref-0001");
        assertThat(accepted.resource()).isEqualTo(CouncilResource.REFERRALS);
    }

    @Test
    void malformedJsonGivesItsPlaceNotItsText() {
        List<Problem> problems = problems(CouncilResource.PEOPLE, "{ \"person\": Ada Testperson }");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("$");
            assertThat(p.reason()).contains("not well-formed JSON").contains("line 1").doesNotContain("Ada");
        });
    }

    @Test
    void emptyBodyIsRefused() {
        assertThat(problems(CouncilResource.PEOPLE, "  ")).extracting(Problem::field).containsExactly("$");
    }

    @Test
    void trailingTextAndDuplicateKeysAreRefused() {
        assertThat(problems(CouncilResource.PEOPLE, Bodies.PERSON + "{}")).extracting(Problem::field).containsExactly("$");
        assertThat(problems(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"gender\": \"female\",",
                "\"gender\": \"female\", \"gender\": \"male\","))).extracting(Problem::field).containsExactly("$");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThat(problems(CouncilResource.PEOPLE, "[]")).containsExactly(new Problem("$", "must be an object"));
    }

    @Test
    void invalidNhsNumberFailsModulus11WithoutQuotingIt() {
        List<Problem> problems = problems(CouncilResource.PEOPLE, Bodies.PERSON.replace("9990000018", "9990000019"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("$.person.nhsNumber");
            assertThat(p.reason()).contains("Modulus 11").doesNotContain("9990000019");
        });
    }

    @Test
    void neitherNhsNumberNorCouncilIdIsOneClearProblem() {
        String body = Bodies.REFERRAL.replace("\"nhsNumber\": \"9990000026\", \"councilPersonId\": \"P100235\"", "");
        assertThat(problems(CouncilResource.REFERRALS, body))
                .containsExactly(new Problem("$.person", "needs nhsNumber or councilPersonId (at least one)"));
        String person = Bodies.PERSON.replace("\"nhsNumber\": \"9990000018\",", "").replace("\"councilPersonId\": \"P100234\",", "");
        assertThat(problems(CouncilResource.PEOPLE, person))
                .containsExactly(new Problem("$.person", "needs nhsNumber or councilPersonId (at least one)"));
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                // envelope
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"eventId\": \"evt-person-0001\",", ""), "$.eventId", "is required"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"evt-person-0001\"", "\"evt person/1\""), "$.eventId", "expected form"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"2026-11-20T10:15:00Z\"", "\"2026-11-20 10:15\""), "$.occurredAt", "date-time"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"occurredAt\"", "\"happenedAt\""), "$.happenedAt", "not a field"),
                Arguments.of(CouncilResource.REFERRALS, Bodies.REFERRAL.replace("\"person\": {", "\"person\": { \"name\": \"x\","), "$.person.name", "not a field"),
                // person
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"9990000018\"", "9990000018"), "$.person.nhsNumber", "must be a string"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"9990000018\"", "\"999 000 0018\""), "$.person.nhsNumber", "expected form"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"family\": \"Testperson\"", "\"family\": \"\""), "$.person.name.family", "must not be empty"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"name\": { \"title\": \"Mrs\", \"given\": [\"Ada\", \"Mary\"], \"family\": \"Testperson\", \"preferred\": \"Molly\" },", ""), "$.person.name", "is required"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"1941-03-07\"", "\"07/03/1941\""), "$.person.birthDate", "date"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"1941-03-07\"", "\"2941-03-07\""), "$.person.birthDate", "is in the future"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"female\"", "\"F\""), "$.person.gender", "must be one of"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"EX1 2AB\"", "\"EX1\""), "$.person.address.postcode", "expected form"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"type\": \"email\"", "\"type\": \"fax\""), "$.person.contacts[1].type", "must be one of"),
                Arguments.of(CouncilResource.PEOPLE, Bodies.PERSON.replace("\"given\": [\"Ada\", \"Mary\"]", "\"given\": \"Ada\""), "$.person.name.given", "must be an array"),
                // referral
                Arguments.of(CouncilResource.REFERRALS, Bodies.REFERRAL.replace("\"urgency\": \"urgent\"", "\"urgency\": \"soon\""), "$.referral.urgency", "must be one of"),
                Arguments.of(CouncilResource.REFERRALS, Bodies.REFERRAL.replace("\"reason\": \"Needs support with personal care after a fall; lives alone.\",", ""), "$.referral.reason", "is required"),
                Arguments.of(CouncilResource.REFERRALS, Bodies.REFERRAL.replace("\"hospital\"", "\"neighbour\""), "$.referral.from.type", "must be one of"),
                Arguments.of(CouncilResource.REFERRALS, Bodies.REFERRAL.replace("\"RXX01\"", "\"rxx 01\""), "$.referral.from.odsCode", "expected form"),
                // assessment
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"care-act-needs-assessment\"", "\"needs-assessment\""), "$.assessment.type", "must be one of"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"status\": \"completed\"", "\"status\": \"done\""), "$.assessment.status", "must be one of"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"outcome\": \"eligible-needs\",", ""), "$.assessment.outcome", "is required"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"completedOn\": \"2026-11-22\",", ""), "$.assessment.completedOn", "is required"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace(",\n    \"eligibleNeeds\": [\"personal-hygiene\", \"nutrition\"]", "").replace(",\n        \"eligibleNeeds\": [\"personal-hygiene\", \"nutrition\"]", ""), "$.assessment.eligibleNeeds", "is required"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("[\"personal-hygiene\", \"nutrition\"]", "[]"), "$.assessment.eligibleNeeds", "at least 1"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"nutrition\"]", "\"mobility\"]"), "$.assessment.eligibleNeeds[1]", "must be one of"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"nutrition\"]", "\"personal-hygiene\"]"), "$.assessment.eligibleNeeds", "same item twice"),
                Arguments.of(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT.replace("\"startedOn\": \"2026-11-20\"", "\"startedOn\": \"2026-11-23\""), "$.assessment.completedOn", "is before startedOn"),
                // care package
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("\"hoursPerWeek\": 14.5,", ""), "$.carePackage.services[1].hoursPerWeek", "is required"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("14.5", "0"), "$.carePackage.services[1].hoursPerWeek", "more than 0"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("14.5", "200"), "$.carePackage.services[1].hoursPerWeek", "at most 168"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("14.5", "\"14.5\""), "$.carePackage.services[1].hoursPerWeek", "must be a number"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("\"home-care\"", "\"day-centre\""), "$.carePackage.services[1].type", "must be one of"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace(", \"providerOdsCode\": \"AB123\"", ""), "$.carePackage.services[0].providerOdsCode", "is required"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("\"active\"", "\"live\""), "$.carePackage.status", "must be one of"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("\"active\"", "\"ended\""), "$.carePackage.endDate", "is required"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE.replace("\"placementType\": \"nursing\", ", ""), "$.carePackage.services[0].placementType", "is required"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE.replace("\"2026-11-01\"", "\"2025-11-01\""), "$.carePackage.endDate", "is before startDate"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replace("\"2026-12-29\"", "\"2026-11-01\""), "$.carePackage.services[0].endDate", "is before startDate"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replaceAll("(?s)\"services\": \\[.*\\]", "\"services\": []"), "$.carePackage.services", "at least 1"),
                // An object or items that are not objects where the services array belongs: a 500 once (issue 23.2).
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replaceAll("(?s)\"services\": \\[.*\\]", "\"services\": {\"a\": 1}"), "$.carePackage.services", "must be an array"),
                Arguments.of(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE.replaceAll("(?s)\"services\": \\[.*\\]", "\"services\": [null, 3]"), "$.carePackage.services[0]", "must be an object"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("brokenBodies")
    void eachRuleNamesItsField(CouncilResource resource, String body, String field, String reason) {
        assertThat(problems(resource, body)).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reason);
        });
    }

    @Test
    void problemsNeverQuoteTheSubmittedValues() {
        String body = Bodies.PERSON.replace("\"female\"", "\"Secretvalue\"").replace("\"1941-03-07\"", "\"Secretdate\"")
                .replace("\"EX1 2AB\"", "\"Secretpostcode\"").replace("\"Testperson\"", "42");
        List<Problem> problems = problems(CouncilResource.PEOPLE, body);
        assertThat(problems).hasSizeGreaterThanOrEqualTo(4);
        assertThat(problems).allSatisfy(p -> assertThat(p.toString()).doesNotContain("Secret").doesNotContain("42"));
    }

    @Test
    void schemaOfEachResourceIsItsOwn() {
        // A referral body sent to the people endpoint is not a person.
        assertThat(problems(CouncilResource.PEOPLE, Bodies.REFERRAL)).extracting(Problem::field)
                .contains("$.referral", "$.person.name");
    }
}
