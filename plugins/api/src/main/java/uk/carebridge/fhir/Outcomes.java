package uk.carebridge.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * OperationOutcomes for HTTP answers: what CareBridge tells a partner that sent something over HTTP.
 * Diagnostics name the element and the rule, never patient values.
 */
public final class Outcomes {
    private Outcomes() {
    }

    /** One error: {@code location} is a FHIRPath-like expression (may be null), {@code diagnostics} what to fix. */
    public static OperationOutcome error(IssueType type, String location, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        add(outcome, IssueSeverity.ERROR, type, location, diagnostics);
        return outcome;
    }

    /** An information issue, e.g. "accepted as message ...". */
    public static OperationOutcome information(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        add(outcome, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, null, diagnostics);
        return outcome;
    }

    public static OperationOutcome add(OperationOutcome outcome, IssueSeverity severity, IssueType type,
            String location, String diagnostics) {
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
        if (location != null && !location.isBlank()) {
            issue.addExpression(location);
        }
        return outcome;
    }
}
