package uk.carebridge.plugins.localauthority.inbound;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import uk.carebridge.fhir.Outcomes;

/**
 * The body of a 400 answer: one OperationOutcome issue per problem. The JSON path of the field goes in
 * {@code issue.expression} (as {@link Outcomes} does for every CareBridge HTTP answer) and starts the
 * diagnostics, so a council developer reading either sees which field to fix.
 */
public final class ProblemOutcome {
    private ProblemOutcome() {
    }

    public static OperationOutcome of(List<Problem> problems) {
        OperationOutcome outcome = new OperationOutcome();
        for (Problem p : problems) {
            Outcomes.add(outcome, IssueSeverity.ERROR, type(p), p.field(), p.toString());
        }
        return outcome;
    }

    private static IssueType type(Problem p) {
        if (p.field().equals("$") && p.reason().contains("JSON")) {
            return IssueType.STRUCTURE;
        }
        if (p.reason().startsWith("is required") || p.reason().startsWith("needs ")) {
            return IssueType.REQUIRED;
        }
        return IssueType.INVALID;
    }
}
