package uk.carebridge.plugins.localauthority.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import uk.carebridge.plugins.localauthority.inbound.CouncilSchemas;
import uk.carebridge.plugins.localauthority.inbound.Problem;
import uk.carebridge.plugins.localauthority.inbound.SchemaProblems;

/** The outbound notices' schema (the sending itself is the next slice): examples pass, the type's member is required. */
class NoticeSchemaTest {

    private static final String ENVELOPE = """
            { "noticeId": "msg-0001", "sentAt": "2026-11-23T09:00:00Z", "type": "%s",
              "person": { "nhsNumber": "9990000018", "councilPersonId": "P100234", "family": "Testperson", "given": ["Ada"], "birthDate": "1941-03-07" },
              "from": { "odsCode": "RXX01", "name": "St Elsewhere's Hospital", "contact": "Discharge hub 01000 000001" }
              %s }
            """;

    private static List<Problem> check(String type, String member) throws Exception {
        String body = ENVELOPE.formatted(type, member.isEmpty() ? "" : ", " + member);
        return SchemaProblems.of(CouncilSchemas.notice().validate(new ObjectMapper().readTree(body)));
    }

    @Test
    void eachNoticeExamplePasses() throws Exception {
        assertThat(check("admission", "\"admission\": { \"admittedAt\": \"2026-11-22T23:10:00Z\", \"method\": \"emergency\", \"ward\": \"AMU\" }")).isEmpty();
        assertThat(check("assessment-request", "\"assessmentRequest\": { \"when\": \"discharge-to-assess\", \"pathway\": 1, \"expectedDischargeDate\": \"2026-11-26\" }")).isEmpty();
        assertThat(check("expected-discharge-date", "\"expectedDischarge\": { \"date\": \"2026-11-27\", \"previousDate\": \"2026-11-26\" }")).isEmpty();
        assertThat(check("discharge-completed", "\"discharge\": { \"dischargedAt\": \"2026-11-27T14:00:00Z\", \"destination\": \"usual-residence\" }")).isEmpty();
        assertThat(check("care-home-resident-to-hospital", "\"transferToHospital\": { \"transferredAt\": \"2026-11-20T03:00:00Z\", \"careHomeOdsCode\": \"VM2AB\", \"hospitalOdsCode\": \"RXX01\", \"bedHeld\": true }")).isEmpty();
        assertThat(check("observation-alert", """
                "observationAlert": { "observedAt": "2026-11-23T08:45:00Z", "news2Score": 5, "observations": [
                  { "code": "8867-4", "name": "Heart rate", "value": 112, "unit": "per minute" },
                  { "code": "8310-5", "name": "Body temperature", "value": 38.4, "unit": "degree Celsius" } ] }
                """)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admission", "assessment-request", "expected-discharge-date", "discharge-completed", "care-home-resident-to-hospital",
        "observation-alert"})
    void theTypesMemberIsRequired(String type) throws Exception {
        assertThat(check(type, "")).extracting(Problem::reason).anyMatch(r -> r.startsWith("is required"));
    }

    @Test
    void anObservationAlertCarriesAtLeastOneCodedReading() throws Exception {
        assertThat(check("observation-alert", "\"observationAlert\": { \"observedAt\": \"2026-11-23T08:45:00Z\", \"observations\": [] }"))
                .containsExactly(new Problem("$.observationAlert.observations", "needs at least 1 item(s)"));
        assertThat(check("observation-alert", "\"observationAlert\": { \"observedAt\": \"2026-11-23T08:45:00Z\", \"news2Score\": 21, "
                + "\"observations\": [ { \"code\": \"8867-4\", \"value\": 112 } ] }"))
                .containsExactly(new Problem("$.observationAlert.news2Score", "must be at most 20"),
                        new Problem("$.observationAlert.observations[0].name", "is required"));
    }

    @Test
    void dischargeToAssessNamesItsPathway() throws Exception {
        assertThat(check("assessment-request", "\"assessmentRequest\": { \"when\": \"discharge-to-assess\" }"))
                .containsExactly(new Problem("$.assessmentRequest.pathway",
                        "is required in this case (a conditional rule of the API, see the README)"));
    }
}
