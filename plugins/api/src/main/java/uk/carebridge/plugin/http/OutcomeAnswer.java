package uk.carebridge.plugin.http;

import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.Outcomes;

/**
 * What a partner's HTTP endpoint answers: a status, an OperationOutcome saying what happened (never patient
 * data), and the CareBridge message id when there is one.
 */
public record OutcomeAnswer(int status, OperationOutcome outcome, String messageId) {

    public static final String MESSAGE_ID_HEADER = "X-CareBridge-Message-Id";
    public static final String CONTENT_TYPE = "application/fhir+json";

    public static OutcomeAnswer error(int status, IssueType type, String location, String diagnostics) {
        return new OutcomeAnswer(status, Outcomes.error(type, location, diagnostics), null);
    }

    /** 401 for a missing or wrong {@link ApiKey#HEADER}. */
    public static OutcomeAnswer unauthorised() {
        return error(401, IssueType.SECURITY, null, "missing or wrong " + ApiKey.HEADER + " header");
    }

    /** 500: what the sender can do, nothing internal. */
    public static OutcomeAnswer internalError(String what) {
        return error(500, IssueType.EXCEPTION, null, "CareBridge could not process the " + what + " (internal "
                + "error); it was not accepted: resend it later or contact the CareBridge administrator");
    }

    /** Accepted: persisted in the broker now, or before (a resend). */
    public boolean persisted() {
        return status == 202;
    }

    /**
     * Makes this the HTTP response: status, {@code application/fhir+json}, the message id header, Retry-After on
     * a 503. platform-http echoes message headers as response headers, so the request's are removed first.
     */
    public void writeTo(Exchange exchange, FhirContext fhir) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        if (messageId != null) {
            message.setHeader(MESSAGE_ID_HEADER, messageId);
        }
        if (status == 503) {
            message.setHeader("Retry-After", "30");
        }
        message.setBody(fhir.newJsonParser().encodeResourceToString(outcome));
    }
}
