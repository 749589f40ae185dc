package uk.carebridge.plugins.localauthority;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.parser.DataFormatException;
import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.delivery.DeliveredMessage;
import uk.carebridge.plugin.delivery.HttpDeliveries;
import uk.carebridge.plugin.delivery.PreservedMessage;
import uk.carebridge.plugin.http.OutcomeAnswer;

/**
 * The deliverer route of a council: each FHIR message routed to it becomes a notice ({@link NoticeWriter}),
 * is checked against the council's data-sharing rule ({@link PeopleRegister}) and POSTed as JSON to the
 * council's {@code deliveryUrl} with its credentials, {@code Idempotency-Key} = CareBridge message id.
 *
 * <p>2xx: delivered. 4xx: the council refuses it for good: dead-lettered at once, its response body kept on
 * the dead-lettered message as the reason. 5xx, timeouts: retried with backoff by the server. A message that
 * is not a notice, or concerns a person the council does not know, is withheld: not sent, journaled why.
 */
final class CouncilDelivery extends RouteBuilder {

    static final String CONTENT_TYPE = "application/json";
    private static final String NOT_FOR_COUNCIL = "not a notice for this council: ";

    private final PartnerContext context;
    private final URI url;
    private final String shownUrl;
    private final long timeoutMs;
    private final CouncilCredentials credentials;
    private final PeopleRegister people;
    private final boolean knownPeopleOnly;
    private final NoticeWriter writer;

    CouncilDelivery(PartnerContext context, URI url, long timeoutMs, CouncilCredentials credentials,
                    PeopleRegister people, boolean knownPeopleOnly) {
        this.context = context;
        this.url = url;
        this.shownUrl = HttpDeliveries.shownUrl(url);
        this.timeoutMs = timeoutMs;
        this.credentials = credentials;
        this.people = people;
        this.knownPeopleOnly = knownPeopleOnly;
        this.writer = new NoticeWriter(context.partner().id());
    }

    @Override
    public void configure() {
        // Failures go back to the server's outbound route, which owns retries and the dead-letter queue.
        errorHandler(noErrorHandler());

        from(context.deliveryEndpoint())
                .routeId(context.routeId("deliver"))
                .process(PreservedMessage::save)
                .doTry()
                    .process(this::prepareNotice)
                    .choice()
                        .when(exchangeProperty(DeliveredMessage.WITHHELD_PROPERTY).isNull())
                            .to(HttpDeliveries.endpointUri(url, "POST", timeoutMs))
                            .process(exchange -> HttpDeliveries.checkStatus(exchange, shownUrl, true))
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .process(exchange -> DeliveredMessage.failTransiently(exchange, "POST to " + shownUrl + " failed"))
                .doFinally()
                    .process(PreservedMessage::restore)
                .end();
    }

    private void prepareNotice(Exchange exchange) {
        String messageId = DeliveredMessage.messageId(exchange);
        Bundle message;
        try {
            message = context.fhir().newJsonParser().parseResource(Bundle.class, DeliveredMessage.json(exchange));
        } catch (DataFormatException e) {
            throw DeliveryException.permanent("message " + messageId + " is not a readable FHIR Bundle");
        }
        NoticeResult result = writer.write(message, messageId, OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS));
        if (result instanceof NoticeResult.NotANotice not) {
            DeliveredMessage.withhold(exchange, NOT_FOR_COUNCIL + not.reason());
            return;
        }
        NoticeResult.Notice notice = (NoticeResult.Notice) result;
        Optional<PeopleRegister.KnownPerson> person = people.find(notice.nhsNumber());
        Optional<String> withheld = sharingRule(notice.type(), person);
        if (withheld.isPresent()) {
            DeliveredMessage.withhold(exchange, NOT_FOR_COUNCIL + withheld.get());
            return;
        }
        person.flatMap(PeopleRegister.KnownPerson::councilPersonId)
                .ifPresent(id -> notice.body().with("person").put("councilPersonId", id));

        var request = exchange.getMessage();
        request.removeHeaders("*");
        request.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        request.setHeader("Idempotency-Key", messageId);
        request.setHeader(OutcomeAnswer.MESSAGE_ID_HEADER, messageId);
        credentials.addTo(request);
        request.setBody(notice.body().toString().getBytes(StandardCharsets.UTF_8));
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
}
