package uk.carebridge.plugin.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.PartnerContext;

/**
 * The deliverer route for a partner that takes FHIR messages over HTTP (care homes' and trusts' FHIR
 * endpoints). POSTs each delivered FHIR message to the partner's URL as {@code application/fhir+json}
 * with an {@code X-CareBridge-Message-Id} header (for the partner to drop duplicates), and nothing
 * else: the server's Camel and JMS headers are removed first.
 *
 * <p>2xx: delivered. 4xx: the partner refuses the message, retrying cannot help (permanent), except 408,
 * 425 and 429 which say "later". 5xx, timeouts, refused connections: transient, the server retries. Other
 * codes (3xx: the URL moved) are configuration errors: permanent. Failure texts carry the status and the
 * reason phrase, never the response body (it may echo patient data).
 */
public final class FhirHttpDelivery extends RouteBuilder {

    public static final String MESSAGE_ID_HEADER = "X-CareBridge-Message-Id";
    public static final String CONTENT_TYPE = "application/fhir+json";

    private final PartnerContext context;
    private final URI url;
    private final long timeoutMs;
    /** The URL without user info and query: error texts must not leak credentials or tokens. */
    private final String shownUrl;

    public FhirHttpDelivery(PartnerContext context, URI url, long timeoutMs) {
        this.context = context;
        this.url = url;
        this.timeoutMs = timeoutMs;
        this.shownUrl = HttpDeliveries.shownUrl(url);
    }

    @Override
    public void configure() {
        // Failures go back to the server's outbound route, which owns retries and the dead-letter queue.
        errorHandler(noErrorHandler());

        String uri = HttpDeliveries.endpointUri(url, "POST", timeoutMs);

        from(context.deliveryEndpoint())
                .routeId(context.routeId("deliver"))
                .process(PreservedMessage::save)
                .doTry()
                    .process(this::prepareRequest)
                    .to(uri)
                    .process(exchange -> HttpDeliveries.checkStatus(exchange, shownUrl, false))
                .doCatch(Exception.class)
                    .process(exchange -> DeliveredMessage.failTransiently(exchange, "POST to " + shownUrl + " failed"))
                .doFinally()
                    .process(PreservedMessage::restore)
                .end();
    }

    private void prepareRequest(Exchange exchange) {
        String messageId = DeliveredMessage.messageId(exchange);
        String json = DeliveredMessage.json(exchange);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getMessage().setHeader(MESSAGE_ID_HEADER, messageId);
        // Bytes, not a String: the charset is then ours (UTF-8), not the HTTP client's default.
        exchange.getMessage().setBody(json.getBytes(StandardCharsets.UTF_8));
    }

}
