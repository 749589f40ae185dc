package uk.carebridge.plugins.localauthority;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import uk.carebridge.fhir.Outcomes;
import uk.carebridge.plugin.ContentFingerprint;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugin.http.OutcomeAnswer;
import uk.carebridge.plugins.localauthority.inbound.CouncilMessage;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.CouncilTranslator;
import uk.carebridge.plugins.localauthority.inbound.EventReader;
import uk.carebridge.plugins.localauthority.inbound.Problem;
import uk.carebridge.plugins.localauthority.inbound.ProblemOutcome;
import uk.carebridge.plugins.localauthority.inbound.ReadResult;

/**
 * One council event, however it arrived (POSTed to an endpoint, or fetched by the poller): read and checked,
 * translated into its FHIR message, handed to the gateway, and the people register told about it once the
 * broker holds it. The answer is what the HTTP endpoint sends back; the poller reads the same.
 */
final class CouncilIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CouncilIntake.class);

    /** The gateway's source key for a council event: the event id is the council's idempotency key. */
    static String sourceKey(String eventId) {
        return "event:" + eventId;
    }

    private final String partnerId;
    private final EventReader reader = new EventReader();
    private final CouncilTranslator translator;
    private final InboundGateway gateway;
    private final PeopleRegister people;

    CouncilIntake(String partnerId, InboundGateway gateway, PeopleRegister people) {
        this.partnerId = partnerId;
        this.translator = new CouncilTranslator(partnerId);
        this.gateway = gateway;
        this.people = people;
    }

    /** @param idempotencyKey the request's Idempotency-Key header, or null */
    OutcomeAnswer take(CouncilResource resource, String body, String idempotencyKey) {
        ReadResult read = reader.read(resource, body);
        if (read instanceof ReadResult.Rejected rejected) {
            // Places only: the problems never quote values, but there is no need to log more than where.
            LOG.warn("partner {}: {} event refused (400) at {}", partnerId, resource.path(),
                    rejected.problems().stream().map(Problem::field).distinct().toList());
            return new OutcomeAnswer(400, ProblemOutcome.of(rejected.problems()), null);
        }
        ReadResult.Accepted event = (ReadResult.Accepted) read;
        if (idempotencyKey != null && !idempotencyKey.equals(event.eventId())) {
            return OutcomeAnswer.error(400, IssueType.INVALID, "$.eventId", "the Idempotency-Key header "
                    + "must equal the body's eventId (the event's id is its idempotency key); send the same value "
                    + "in both, or leave the header out");
        }
        CouncilMessage message = translator.translate(event);
        InboundOutcome outcome;
        try {
            outcome = gateway.submit(InboundRecord.message(sourceKey(event.eventId()), fingerprint(body),
                    message.message()));
        } catch (InboundUnavailableException e) {
            LOG.warn("partner {}: an event was not accepted, CareBridge cannot persist it now: {}", partnerId,
                    e.getMessage());
            return OutcomeAnswer.error(503, IssueType.TRANSIENT, null,
                    "CareBridge cannot store events at the moment; resend later with the same eventId");
        }
        if (!outcome.isPersisted()) {
            LOG.warn("partner {}: event message {} rejected at {}", partnerId, outcome.messageId(), outcome.location());
            return new OutcomeAnswer(422, Outcomes.error(IssueType.INVALID, outcome.location(), outcome.reason()),
                    outcome.messageId());
        }
        try {
            people.learn(event);
        } catch (RuntimeException e) {
            // The event is safe in the broker; only the council's notices filter lags until its next event.
            LOG.error("partner {}: event message {} accepted, but the people register could not be updated: {}",
                    partnerId, outcome.messageId(), e.getMessage());
        }
        return OutcomeAnswer.persisted(outcome, "event " + event.eventId(), "$.eventId");
    }

    /**
     * The event's content fingerprint: its JSON with the members in name order, so a resend that only spaces or
     * orders its members differently is still a resend; any other change makes it a different event.
     */
    static String fingerprint(String body) {
        try {
            return ContentFingerprint.of(CANONICAL.writeValueAsString(CANONICAL.readValue(body, Object.class)));
        } catch (JsonProcessingException e) {
            return ContentFingerprint.of(body); // not reached: the reader accepted it as JSON
        }
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** For the poller: an item it cannot even hand to {@link #take} (unknown type), journaled as rejected. */
    InboundOutcome reject(String sourceKey, String location, String reason) throws InboundUnavailableException {
        return gateway.submit(List.<InboundRecord>of(InboundRecord.rejected(sourceKey, location, reason))).get(0);
    }
}
