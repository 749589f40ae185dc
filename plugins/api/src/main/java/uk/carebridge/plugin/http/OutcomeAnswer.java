package uk.carebridge.plugin.http;

import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.Outcomes;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.MessageHeaders;

/**
 * What a partner's HTTP endpoint answers: a status, an OperationOutcome saying what happened (never patient
 * data), and the CareBridge message id when there is one.
 */
public record OutcomeAnswer(int status, OperationOutcome outcome, String messageId) {

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

    /**
     * 202 for a persisted record: "accepted as message ...", or "already received as message ...; not routed
     * again" for a resend. A record whose id had been used before for other content also gets a warning naming
     * {@code idLocation} (where the sender's id is: "Bundle.identifier", "$.eventId"), so the sender learns its ids
     * are not unique.
     *
     * @param subject what the record is, for the sender: "event evt-1", or "" for "accepted as ..."
     */
    public static OutcomeAnswer persisted(InboundOutcome outcome, String subject, String idLocation) {
        String prefix = subject == null || subject.isBlank() ? "" : subject + " ";
        String what = outcome.status() == InboundOutcome.Status.DUPLICATE
                ? prefix + "already received as message " + outcome.messageId() + "; not routed again"
                : prefix + "accepted as message " + outcome.messageId();
        OperationOutcome answer = Outcomes.information(what);
        if (outcome.reusedRecordId()) {
            Outcomes.add(answer, IssueSeverity.WARNING, IssueType.DUPLICATE, idLocation, outcome.reason());
        }
        return new OutcomeAnswer(202, answer, outcome.messageId());
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
            message.setHeader(MessageHeaders.HTTP_MESSAGE_ID, messageId);
        }
        if (status == 503) {
            message.setHeader("Retry-After", "30");
        }
        message.setBody(fhir.newJsonParser().encodeResourceToString(outcome));
    }
}
