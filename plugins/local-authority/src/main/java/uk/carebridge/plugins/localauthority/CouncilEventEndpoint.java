package uk.carebridge.plugins.localauthority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.Outcomes;

/**
 * {@code POST /partners/<id>/v1/<resource>}: checks the council's API key (in constant time), hands the body
 * to the {@link CouncilIntake} and writes its answer: 202 + {@code X-CareBridge-Message-Id} once persisted,
 * 400/422 OperationOutcome naming the fields, 401, 503 with Retry-After, 500 for an internal error.
 */
final class CouncilEventEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CouncilEventEndpoint.class);

    static final String API_KEY_HEADER = "X-API-Key";
    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final String MESSAGE_ID_HEADER = "X-CareBridge-Message-Id";
    /** OperationOutcomes are FHIR resources; the council's client reads them as JSON. */
    static final String CONTENT_TYPE = "application/fhir+json";

    private final String partnerId;
    private final CouncilResource resource;
    private final CouncilIntake intake;
    private final FhirContext fhir;
    private final Optional<byte[]> apiKey;

    CouncilEventEndpoint(String partnerId, CouncilResource resource, CouncilIntake intake, FhirContext fhir,
                         Optional<String> apiKey) {
        this.partnerId = partnerId;
        this.resource = resource;
        this.intake = intake;
        this.fhir = fhir;
        this.apiKey = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void process(Exchange exchange) {
        var request = exchange.getMessage();
        CouncilIntake.Answer answer;
        try {
            answer = answer(request.getHeader(API_KEY_HEADER, String.class),
                    request.getHeader(IDEMPOTENCY_KEY_HEADER, String.class), request.getBody(String.class));
        } catch (RuntimeException e) {
            LOG.error("partner {}: {} event not accepted, internal error ({})", partnerId, resource.path(),
                    e.getClass().getSimpleName(), e);
            answer = new CouncilIntake.Answer(500, Outcomes.error(IssueType.EXCEPTION, null, "CareBridge could not "
                    + "process the event (internal error); it was not accepted: resend it later or contact the "
                    + "CareBridge administrator"), null);
        }
        // platform-http echoes message headers as response headers: send back only ours.
        request.removeHeaders("*");
        request.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        request.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        if (answer.messageId() != null) {
            request.setHeader(MESSAGE_ID_HEADER, answer.messageId());
        }
        if (answer.status() == 503) {
            request.setHeader("Retry-After", "30");
        }
        request.setBody(fhir.newJsonParser().encodeResourceToString(answer.outcome()));
    }

    private CouncilIntake.Answer answer(String presentedKey, String idempotencyKey, String body) {
        if (apiKey.isPresent() && (presentedKey == null
                || !MessageDigest.isEqual(apiKey.get(), presentedKey.getBytes(StandardCharsets.UTF_8)))) {
            LOG.warn("partner {}: {} event refused: missing or wrong API key", partnerId, resource.path());
            return new CouncilIntake.Answer(401, Outcomes.error(IssueType.SECURITY, null,
                    "missing or wrong " + API_KEY_HEADER + " header"), null);
        }
        return intake.take(resource, body, idempotencyKey);
    }
}
