package uk.carebridge.plugin.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.DeliveryException;
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
        this.shownUrl = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }

    @Override
    public void configure() {
        // Failures go back to the server's outbound route, which owns retries and the dead-letter queue.
        errorHandler(noErrorHandler());

        String base = url.toString();
        String uri = base + (url.getRawQuery() == null ? "?" : "&")
                + "httpMethod=POST"
                + "&throwExceptionOnFailure=false"
                + "&skipControlHeaders=true"
                + "&connectTimeout=" + timeoutMs
                + "&connectionRequestTimeout=" + timeoutMs
                + "&responseTimeout=" + timeoutMs
                + "&soTimeout=" + timeoutMs;

        from(context.deliveryEndpoint())
                .routeId(context.routeId("deliver"))
                .process(PreservedMessage::save)
                .doTry()
                    .process(this::prepareRequest)
                    .to(uri)
                    .process(this::checkStatus)
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

    private void checkStatus(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            return;
        }
        String text = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class);
        String failure = "HTTP " + status + " from " + shownUrl + ": " + shortReason(status, text);
        if (status == null || status >= 500 || status == 408 || status == 425 || status == 429) {
            throw DeliveryException.transientFailure(failure, null);
        }
        throw DeliveryException.permanent(failure);
    }

    /** The reason phrase sent, else the standard one (HTTP/2 and many servers send none). */
    private static String shortReason(Integer status, String reasonPhrase) {
        if (reasonPhrase == null || reasonPhrase.isBlank()) {
            return status == null ? "no status" : STANDARD_REASONS.getOrDefault(status, "no reason phrase");
        }
        String r = reasonPhrase.strip();
        return r.length() > 100 ? r.substring(0, 100) + "..." : r;
    }

    private static final Map<Integer, String> STANDARD_REASONS = Map.ofEntries(
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(303, "See Other"), Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(425, "Too Early"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));
}
