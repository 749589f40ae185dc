package uk.carebridge.plugins.localauthority;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.delivery.CamelTransport;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.DeliveryResult;
import uk.carebridge.plugin.delivery.HttpDeliveries;
import uk.carebridge.plugin.delivery.OutboundMessage;
import uk.carebridge.plugins.localauthority.outbound.NoticeResult;
import uk.carebridge.plugins.localauthority.outbound.NoticeType;
import uk.carebridge.plugins.localauthority.outbound.NoticeWriter;

/**
 * The deliverer of a council: each FHIR message routed to it becomes a notice ({@link NoticeWriter}), is checked
 * against the council's data-sharing rule ({@link PeopleRegister}) and POSTed as JSON to the council's
 * {@code deliveryUrl} with its credentials, {@code Idempotency-Key} = CareBridge message id.
 *
 * <p>2xx: delivered. 4xx: the council refuses it for good: dead-lettered at once, its response body kept on
 * the dead-lettered message as the reason. 5xx, timeouts: retried with backoff by the server. A message that
 * is not a notice, or concerns a person the council does not know, is withheld: not sent, journaled why.
 */
final class CouncilDelivery implements Deliverer {

    static final String CONTENT_TYPE = "application/json";
    private static final String NOT_FOR_COUNCIL = "not a notice for this council: ";

    private final PartnerContext context;
    private final String shownUrl;
    private final CouncilCredentials credentials;
    private final PeopleRegister people;
    private final boolean knownPeopleOnly;
    private final NoticeWriter writer;
    private final CamelTransport http;

    CouncilDelivery(PartnerContext context, URI url, long timeoutMs, CouncilCredentials credentials,
                    PeopleRegister people, boolean knownPeopleOnly) {
        this.context = context;
        this.shownUrl = HttpDeliveries.shownUrl(url);
        this.credentials = credentials;
        this.people = people;
        this.knownPeopleOnly = knownPeopleOnly;
        this.writer = new NoticeWriter(context.partner().id());
        this.http = new CamelTransport(context.camel(), HttpDeliveries.endpointUri(url, "POST", timeoutMs),
                "POST to " + shownUrl + " failed");
    }

    @Override
    public DeliveryResult deliver(OutboundMessage message) {
        String messageId = message.messageId();
        NoticeResult result = writer.write(message.bundle(context.fhir()), messageId,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        if (result instanceof NoticeResult.NotANotice not) {
            return DeliveryResult.withheld(NOT_FOR_COUNCIL + not.reason());
        }
        NoticeResult.Notice notice = (NoticeResult.Notice) result;
        Optional<PeopleRegister.KnownPerson> person = people.find(notice.nhsNumber());
        Optional<String> withheld = sharingRule(notice.type(), person);
        if (withheld.isPresent()) {
            return DeliveryResult.withheld(NOT_FOR_COUNCIL + withheld.get());
        }
        person.flatMap(PeopleRegister.KnownPerson::councilPersonId)
                .ifPresent(id -> notice.body().with("person").put("councilPersonId", id));

        Message answer = http.send(request -> {
            request.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
            request.setHeader("Idempotency-Key", messageId);
            request.setHeader(MessageHeaders.HTTP_MESSAGE_ID, messageId);
            credentials.addTo(request);
            request.setBody(notice.body().toString().getBytes(StandardCharsets.UTF_8));
        });
        HttpDeliveries.checkStatus(answer, shownUrl, true);
        return DeliveryResult.delivered();
    }

    /**
     * The council's data-sharing rule: an assessment request is a referral to social care and always goes;
     * vital signs go only for people with a care package the council commissioned; everything else only for
     * people the council has told CareBridge about.
     */
    private Optional<String> sharingRule(NoticeType type, Optional<PeopleRegister.KnownPerson> person) {
        if (!knownPeopleOnly || type == NoticeType.ASSESSMENT_REQUEST) {
            return Optional.empty();
        }
        if (type == NoticeType.OBSERVATION_ALERT) {
            return person.filter(PeopleRegister.KnownPerson::hasCarePackage).isPresent() ? Optional.empty()
                    : Optional.of("vital signs reach the council only for people with a care package it commissioned");
        }
        return person.isPresent() ? Optional.empty()
                : Optional.of("the person is not known to this council (it has sent CareBridge no event about them)");
    }

    @Override
    public void close() throws Exception {
        http.close();
    }
}
