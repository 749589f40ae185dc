package uk.carebridge.plugin.delivery;

import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import uk.carebridge.plugin.DeliveryException;

/**
 * A {@link Deliverer}'s way through a Camel component (http, mllp, file) to its partner: one request in, the reply
 * out, and transport failures (connection refused, timeout, disk full) turned into the {@link DeliveryException} the
 * server retries. The request is built on a fresh exchange, never the server's, so nothing needs restoring.
 * Thread-safe: one per deliverer, shared by its threads; closed with it.
 */
public final class CamelTransport implements AutoCloseable {

    private final ProducerTemplate producer;
    private final Endpoint endpoint;
    private final String failure;

    /**
     * @param camel   the server's Camel context ({@code PartnerContext.camel()})
     * @param uri     the endpoint, e.g. {@code HttpDeliveries.endpointUri(...)}
     * @param failure the start of a transient failure's text, e.g. {@code "POST to https://x.nhs.uk/fhir failed"}:
     *                never a credential or a token, as it is journaled and logged
     */
    public CamelTransport(CamelContext camel, String uri, String failure) {
        this.producer = camel.createProducerTemplate();
        this.endpoint = camel.getEndpoint(uri);
        this.failure = failure;
    }

    /**
     * Sends the request {@code request} writes (headers and body of an empty message) and returns the reply.
     *
     * @throws DeliveryException as thrown by {@code request}, or transient: "{@code failure}: Cause: message"
     */
    public Message send(Consumer<Message> request) {
        Exchange exchange = call(request);
        if (exchange.getException() != null) {
            throw transientFailure(exchange.getException());
        }
        return exchange.getMessage();
    }

    /**
     * As {@link #send}, but the exchange comes back even when the endpoint failed ({@link Exchange#getException()}
     * set), for a transport whose failure still carries the partner's answer (camel-mllp on an AE or AR). A
     * {@link DeliveryException} thrown by {@code request} is thrown as it is.
     */
    public Exchange call(Consumer<Message> request) {
        Exchange exchange = producer.send(endpoint, e -> request.accept(e.getMessage()));
        if (exchange.getException() instanceof DeliveryException d) {
            throw d;
        }
        return exchange;
    }

    /** A {@link DeliveryException} as it is; anything else as a transient failure naming its class and message. */
    public DeliveryException transientFailure(Throwable cause) {
        if (cause instanceof DeliveryException delivery) {
            return delivery;
        }
        String detail = cause == null ? "unknown failure"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return DeliveryException.transientFailure(failure + ": " + detail, cause);
    }

    @Override
    public void close() throws Exception {
        producer.close();
    }
}
