package uk.carebridge.plugin.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.plugin.PartnerContext;

/**
 * The deliverer for a partner that takes FHIR messages over HTTP (care homes' and trusts' FHIR endpoints). POSTs
 * each FHIR message to the partner's URL as {@code application/fhir+json} with an {@code X-CareBridge-Message-Id}
 * header (for the partner to drop duplicates), and nothing else.
 *
 * <p>2xx: delivered. 4xx: the partner refuses the message, retrying cannot help (permanent), except 408,
 * 425 and 429 which say "later". 5xx, timeouts, refused connections: transient, the server retries. Other
 * codes (3xx: the URL moved) are configuration errors: permanent. Failure texts carry the status and the
 * reason phrase, never the response body (it may echo patient data).
 */
public final class FhirHttpDelivery implements Deliverer {

    public static final String CONTENT_TYPE = "application/fhir+json";

    /** The URL without user info and query: error texts must not leak credentials or tokens. */
    private final String shownUrl;
    private final CamelTransport http;

    public FhirHttpDelivery(PartnerContext context, URI url, long timeoutMs) {
        this.shownUrl = HttpDeliveries.shownUrl(url);
        this.http = new CamelTransport(context.camel(), HttpDeliveries.endpointUri(url, "POST", timeoutMs),
                "POST to " + shownUrl + " failed");
    }

    @Override
    public DeliveryResult deliver(OutboundMessage message) {
        Message answer = http.send(request -> {
            request.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
            request.setHeader(MessageHeaders.HTTP_MESSAGE_ID, message.messageId());
            // Bytes, not a String: the charset is then ours (UTF-8), not the HTTP client's default.
            request.setBody(message.json().getBytes(StandardCharsets.UTF_8));
        });
        HttpDeliveries.checkStatus(answer, shownUrl, false);
        return DeliveryResult.delivered();
    }

    @Override
    public void close() throws Exception {
        http.close();
    }
}
