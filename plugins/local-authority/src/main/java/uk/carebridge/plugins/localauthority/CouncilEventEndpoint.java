package uk.carebridge.plugins.localauthority;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.http.ApiKey;
import uk.carebridge.plugin.http.OutcomeAnswer;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;

/**
 * {@code POST /partners/<id>/v1/<resource>}: checks the council's API key (in constant time), hands the body
 * to the {@link CouncilIntake} and writes its answer: 202 + {@code X-CareBridge-Message-Id} once persisted,
 * 400/422 OperationOutcome naming the fields, 401, 503 with Retry-After, 500 for an internal error.
 */
final class CouncilEventEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CouncilEventEndpoint.class);

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final String partnerId;
    private final CouncilResource resource;
    private final CouncilIntake intake;
    private final FhirContext fhir;
    private final ApiKey apiKey;

    CouncilEventEndpoint(String partnerId, CouncilResource resource, CouncilIntake intake, FhirContext fhir,
                         ApiKey apiKey) {
        this.partnerId = partnerId;
        this.resource = resource;
        this.intake = intake;
        this.fhir = fhir;
        this.apiKey = apiKey;
    }

    @Override
    public void process(Exchange exchange) {
        var request = exchange.getMessage();
        OutcomeAnswer answer;
        try {
            answer = answer(request.getHeader(ApiKey.HEADER, String.class),
                    request.getHeader(IDEMPOTENCY_KEY_HEADER, String.class), request.getBody(String.class));
        } catch (RuntimeException e) {
            LOG.error("partner {}: {} event not accepted, internal error ({})", partnerId, resource.path(),
                    e.getClass().getSimpleName(), e);
            answer = OutcomeAnswer.internalError("event");
        }
        answer.writeTo(exchange, fhir);
    }

    private OutcomeAnswer answer(String presentedKey, String idempotencyKey, String body) {
        if (!apiKey.accepts(presentedKey)) {
            LOG.warn("partner {}: {} event refused: missing or wrong API key", partnerId, resource.path());
            return OutcomeAnswer.unauthorised();
        }
        return intake.take(resource, body, idempotencyKey);
    }
}
