package uk.carebridge.plugins.localauthority;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.OperationOutcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerState;
import uk.carebridge.plugin.delivery.HttpDeliveries;
import uk.carebridge.plugin.http.OutcomeAnswer;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;

/**
 * For council systems that can only be polled: every {@code pollInterval}, {@code GET <pollUrl>?since=<cursor>}
 * and take each event of the answer exactly as if it had been POSTed ({@link CouncilIntake}), then keep the
 * answer's cursor in the partner's durable state. The feed (README "Polling"):
 * <pre>{ "events": [ { "resource": "people", "event": { ...as POSTed... } } ], "cursor": "...", "more": false }</pre>
 *
 * <p>The cursor moves only once every event of the page is persisted (or refused for good and journaled), so a
 * crash or an unavailable broker means the page is fetched again; events already received are recognised by
 * their {@code eventId} and not routed twice. With {@code more: true} the next page is fetched at once.
 */
final class CouncilPoller extends RouteBuilder {

    static final String CURSOR_KEY = "poll-cursor";
    /** Pages per poll at most, so one poll cannot run for ever against a feed that always says "more". */
    static final int MAX_PAGES = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MORE = "CareBridgePollMore";
    private static final String PAGES = "CareBridgePollPages";

    private final PartnerContext context;
    private final URI url;
    private final String shownUrl;
    private final long intervalMs;
    private final long timeoutMs;
    private final CouncilCredentials credentials;
    private final CouncilIntake intake;
    private final PartnerState state;

    CouncilPoller(PartnerContext context, URI url, long intervalMs, long timeoutMs, CouncilCredentials credentials,
                  CouncilIntake intake) {
        this.context = context;
        this.url = url;
        this.shownUrl = HttpDeliveries.shownUrl(url);
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
        this.credentials = credentials;
        this.intake = intake;
        this.state = context.state();
    }

    @Override
    public void configure() {
        // A failed poll is logged and tried again at the next tick; nothing else to retry.
        onException(Exception.class).handled(true).process(this::logFailure);

        from("timer:" + context.routeId("poll") + "?delay=1000&period=" + intervalMs)
                .routeId(context.routeId("poll"))
                .setProperty(MORE, constant(true))
                .setProperty(PAGES, constant(0))
                .loopDoWhile(exchangeProperty(MORE).isEqualTo(true))
                    .process(this::prepareRequest)
                    .to(HttpDeliveries.endpointUri(url, "GET", timeoutMs, true))
                    .process(this::takePage)
                .end();
    }

    private void prepareRequest(Exchange exchange) {
        var request = exchange.getMessage();
        request.removeHeaders("*");
        request.setBody(null);
        Optional<String> cursor = state.get(CURSOR_KEY);
        String since = cursor.map(c -> "since=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse(null);
        String query = url.getRawQuery() == null ? since
                : since == null ? url.getRawQuery() : url.getRawQuery() + "&" + since;
        if (query != null) {
            request.setHeader(Exchange.HTTP_QUERY, query);
        }
        request.setHeader("Accept", "application/json");
        credentials.addTo(request);
    }

    private void takePage(Exchange exchange) throws InboundUnavailableException {
        HttpDeliveries.checkStatus(exchange.getMessage(), shownUrl, false);
        JsonNode page;
        try {
            page = JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the answer is not JSON");
        }
        if (page == null || !page.path("events").isArray() || !page.path("cursor").isTextual()) {
            throw new IllegalStateException("the answer is not a CareBridge feed: it needs an 'events' array and a "
                    + "'cursor' string (see the local-authority plugin README, Polling)");
        }
        int accepted = 0;
        int refused = 0;
        int index = 0;
        for (JsonNode item : page.path("events")) {
            if (take(item, index++)) {
                accepted++;
            } else {
                refused++;
            }
        }
        state.put(CURSOR_KEY, page.path("cursor").asText());
        int pages = exchange.getProperty(PAGES, Integer.class) + 1;
        exchange.setProperty(PAGES, pages);
        exchange.setProperty(MORE, page.path("more").asBoolean(false) && pages < MAX_PAGES && index > 0);
        if (index > 0) {
            log.info("Partner {}: polled {} event(s): {} taken, {} refused", context.partner().id(), index,
                    accepted, refused);
        }
    }

    /** @return true when the event is persisted (now or before); false when refused for good (journaled). */
    private boolean take(JsonNode item, int index) throws InboundUnavailableException {
        String where = "events[" + index + "]";
        Optional<CouncilResource> resource = CouncilResource.fromPath(item.path("resource").asText(""));
        JsonNode event = item.path("event");
        String eventId = event.path("eventId").isTextual() ? event.path("eventId").asText() : null;
        String key = eventId != null ? CouncilIntake.sourceKey(eventId)
                : "poll:" + state.get(CURSOR_KEY).orElse("start") + "#" + index;
        if (resource.isEmpty() || !event.isObject()) {
            refuse(key, where, "each event needs 'resource' (people, referrals, assessments, care-packages) and "
                    + "an 'event' object");
            return false;
        }
        OutcomeAnswer answer = intake.take(resource.get(), event.toString(), null);
        if (answer.status() == 503) {
            throw new InboundUnavailableException("CareBridge cannot persist events now; the page is fetched again",
                    null);
        }
        if (answer.persisted()) {
            return true;
        }
        if (answer.status() != 422) {
            // 400: nobody to answer; the journal keeps the reason (field paths, no values) for the council's team.
            refuse(key, where + "." + resource.get().path(), diagnostics(answer.outcome()));
        }
        return false;
    }

    private void refuse(String sourceKey, String where, String reason) throws InboundUnavailableException {
        intake.reject(sourceKey, where, reason);
        log.warn("Partner {}: polled event at {} refused; the journal has the reason", context.partner().id(), where);
    }

    private static String diagnostics(OperationOutcome outcome) {
        return String.join("; ", outcome.getIssue().stream()
                .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).toList());
    }

    private void logFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.warn("Partner {}: polling {} failed, trying again in {} ms: {}", context.partner().id(), shownUrl,
                intervalMs, cause == null ? "unknown" : cause.getMessage());
    }
}
