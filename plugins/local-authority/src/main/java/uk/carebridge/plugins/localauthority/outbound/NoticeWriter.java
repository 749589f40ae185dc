package uk.carebridge.plugins.localauthority.outbound;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.plugins.localauthority.inbound.CouncilSchemas;
import uk.carebridge.plugins.localauthority.inbound.Problem;
import uk.carebridge.plugins.localauthority.inbound.SchemaProblems;

/**
 * OUTBOUND: a CareBridge FHIR message -> the JSON notice a council receives (notice.schema.json), or the reason
 * the message is no notice for a council. The README's "Notices to the council" table is the mapping.
 * Thread-safe; build once per council partner. No reason or exception text carries patient data.
 */
public final class NoticeWriter {

    static final String NO_NHS_NUMBER = "the person has no NHS number: a council matches people by NHS number";
    static final String INVALID_NHS_NUMBER = "the person's NHS number fails its Modulus 11 check: a council matches "
            + "people by NHS number";
    static final String NO_ODS_CODE = "the message does not name the sending organisation's ODS code";

    private final String councilPartnerId;

    public NoticeWriter(String councilPartnerId) {
        this.councilPartnerId = councilPartnerId;
    }

    /**
     * @param messageId the CareBridge message id (becomes noticeId, the council's idempotency key)
     * @param sentAt    now
     * @throws IllegalStateException only when the notice written breaks notice.schema.json (a bug here, or a
     *                               message id the schema does not take), listing the problems without values
     */
    public NoticeResult write(Bundle message, String messageId, OffsetDateTime sentAt) {
        MessageView view = new MessageView(message);
        if (!view.hasHeader()) {
            return new NoticeResult.NotANotice("the bundle is not a CareBridge message (no MessageHeader first)");
        }
        Optional<CareBridgeEvent> event = Messages.event(message);
        if (event.isEmpty()) {
            return new NoticeResult.NotANotice("the message carries no CareBridge event code");
        }
        NoticeDraft draft = draft(event.get(), view);
        if (!draft.isNotice()) {
            return new NoticeResult.NotANotice(draft.notANotice());
        }

        Patient patient = NoticePerson.of(view, draft.about());
        String nhsNumber = NoticePerson.nhsNumber(patient);
        if (nhsNumber == null) {
            return new NoticeResult.NotANotice(NO_NHS_NUMBER);
        }
        if (!NhsNumber.isValid(nhsNumber)) {
            return new NoticeResult.NotANotice(INVALID_NHS_NUMBER);
        }
        // The header's sender is the last resort: the plugins name the organisation on the resource itself.
        List<Reference> senders = new ArrayList<>(draft.senders());
        senders.add(view.header().getSender());
        Optional<MessageView.Ods> from = view.firstOds(senders);
        if (from.isEmpty()) {
            return new NoticeResult.NotANotice(NO_ODS_CODE);
        }

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("noticeId", messageId);
        body.put("sentAt", NoticeTimes.dateTime(sentAt));
        body.put("type", draft.type().code());
        body.set("person", NoticePerson.json(patient, nhsNumber));
        ObjectNode sender = body.putObject("from").put("odsCode", from.get().code());
        if (from.get().name() != null && !from.get().name().isBlank()) {
            sender.put("name", from.get().name());
        }
        body.set(draft.type().member(), draft.member().write(from.get()));
        check(body, event.get());
        return new NoticeResult.Notice(draft.type(), nhsNumber, body);
    }

    private static NoticeDraft draft(CareBridgeEvent event, MessageView view) {
        return switch (event) {
            case ADMISSION, DISCHARGE, TRANSFER, PERSON_UPDATE -> EncounterNotices.draft(event, view);
            case REFERRAL -> ReferralNotice.draft(view);
            case OBSERVATION -> ObservationNotice.draft(view);
            default -> NoticeDraft.none("a " + event.code() + " message is not a council notice");
        };
    }

    /** A notice that breaks the schema we publish is our bug: refuse to send it rather than let the council guess. */
    private void check(ObjectNode body, CareBridgeEvent event) {
        List<Problem> problems = SchemaProblems.of(CouncilSchemas.notice().validate(body));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the notice written for council " + councilPartnerId + " from a "
                    + event.code() + " message breaks notice.schema.json: " + problems);
        }
    }
}
