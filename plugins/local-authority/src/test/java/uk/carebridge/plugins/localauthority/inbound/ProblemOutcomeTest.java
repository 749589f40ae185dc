package uk.carebridge.plugins.localauthority.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class ProblemOutcomeTest {

    @Test
    void eachProblemIsAnIssueNamingItsField() {
        OperationOutcome outcome = ProblemOutcome.of(List.of(
                new Problem("$.person.nhsNumber", "is not a valid NHS number: the check digit (Modulus 11) does not match"),
                new Problem("$.referral.reason", "is required"),
                new Problem("$", "the body is not well-formed JSON (line 1, column 3)")));
        assertThat(outcome.getIssue()).hasSize(3);
        assertThat(outcome.getIssue().get(0).getExpression().get(0).getValue()).isEqualTo("$.person.nhsNumber");
        assertThat(outcome.getIssue().get(0).getCode()).isEqualTo(IssueType.INVALID);
        assertThat(outcome.getIssue().get(0).getDiagnostics()).startsWith("$.person.nhsNumber: is not a valid NHS number");
        assertThat(outcome.getIssue().get(1).getCode()).isEqualTo(IssueType.REQUIRED);
        assertThat(outcome.getIssue().get(2).getCode()).isEqualTo(IssueType.STRUCTURE);
        assertThat(Fhir.VALIDATOR.checkProfiles(outcome)).as("R4 + UK Core").isEmpty();
    }

    @Test
    void aRejectedBodyBecomesAnOutcome() {
        ReadResult result = new EventReader().read(CouncilResource.PEOPLE, Bodies.PERSON.replace("9990000018", "9990000019"));
        OperationOutcome outcome = ProblemOutcome.of(((ReadResult.Rejected) result).problems());
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("$.person.nhsNumber");
        assertThat(Translate.R4_JSON.encodeResourceToString(outcome)).doesNotContain("9990000019");
    }
}
