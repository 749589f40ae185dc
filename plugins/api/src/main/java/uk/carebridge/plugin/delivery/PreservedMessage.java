package uk.carebridge.plugin.delivery;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import uk.carebridge.plugin.MessageHeaders;

/**
 * Keeps the message the server handed to a deliverer, and puts it back afterwards, even when the
 * delivery failed. The deliverer is called through {@code direct:}, so it shares the server's exchange:
 * the server journals from its headers after the call, and a retry would otherwise resend whatever the
 * transport left behind (a response body, no headers). Use it as the first and the {@code doFinally} step.
 */
public final class PreservedMessage {
    private PreservedMessage() {
    }

    private static final String HEADERS = "CareBridgeDeliverySavedHeaders";
    private static final String BODY = "CareBridgeDeliverySavedBody";

    public static void save(Exchange exchange) {
        exchange.setProperty(HEADERS, new HashMap<>(exchange.getMessage().getHeaders()));
        exchange.setProperty(BODY, exchange.getMessage().getBody());
    }

    @SuppressWarnings("unchecked")
    public static void restore(Exchange exchange) {
        Map<String, Object> headers = exchange.getProperty(HEADERS, Map.class);
        if (headers == null) {
            return;
        }
        // Refill Camel's own (case-insensitive) header map rather than replacing it.
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().getHeaders().putAll(headers);
        exchange.getMessage().setBody(exchange.getProperty(BODY));
        exchange.removeProperty(HEADERS);
        exchange.removeProperty(BODY);
        // A deliberate non-delivery reaches the server as a header on the restored message.
        String withheld = exchange.getProperty(DeliveredMessage.WITHHELD_PROPERTY, String.class);
        if (withheld != null) {
            exchange.removeProperty(DeliveredMessage.WITHHELD_PROPERTY);
            exchange.getMessage().setHeader(MessageHeaders.WITHHELD, withheld);
        }
    }
}
