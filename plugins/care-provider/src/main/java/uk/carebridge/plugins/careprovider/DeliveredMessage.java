package uk.carebridge.plugins.careprovider;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.MessageHeaders;

/** Reads what a deliverer needs from the exchange the server hands over. */
final class DeliveredMessage {
    private DeliveredMessage() {
    }

    /** Safe as a file name and as an HTTP header value: no path separators, no spaces. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** The CareBridge message id; a message without a usable one cannot be delivered, however often tried. */
    static String messageId(Exchange exchange) {
        String id = exchange.getMessage().getHeader(MessageHeaders.MESSAGE_ID, String.class);
        if (id == null || id.isBlank()) {
            throw DeliveryException.permanent("the message has no " + MessageHeaders.MESSAGE_ID + " header");
        }
        if (!SAFE_ID.matcher(id).matches()) {
            throw DeliveryException.permanent("the message id is not usable as a file name or header value "
                    + "(letters, digits, '.', '_' and '-' only)");
        }
        return id;
    }

    /** The delivery failed for a reason that may pass (disk full, partner down): the server retries. */
    static void failTransiently(Exchange exchange, String what) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof DeliveryException delivery) {
            throw delivery;
        }
        String detail = cause == null ? "unknown failure"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        throw DeliveryException.transientFailure(what + ": " + detail, cause);
    }
}
