package uk.carebridge.plugin.delivery;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.MessageHeaders;

/** Reads what a deliverer needs from the exchange the server hands over. */
public final class DeliveredMessage {
    private DeliveredMessage() {
    }

    /** Safe as a file name and as an HTTP header or HL7 field value: no separators, no spaces. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** The CareBridge message id; a message without a usable one cannot be delivered, however often tried. */
    public static String messageId(Exchange exchange) {
        String id = exchange.getMessage().getHeader(MessageHeaders.MESSAGE_ID, String.class);
        if (id == null || id.isBlank()) {
            throw DeliveryException.permanent("the message has no " + MessageHeaders.MESSAGE_ID + " header");
        }
        if (!isUsableId(id)) {
            throw DeliveryException.permanent("the message id is not usable as a file name or header value "
                    + "(letters, digits, '.', '_' and '-' only)");
        }
        return id;
    }

    /** Whether {@code id} can name a file or go in a header: letters, digits, '.', '_' and '-' only. */
    public static boolean isUsableId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    /** The FHIR message JSON; an empty body cannot be delivered, however often tried. */
    public static String json(Exchange exchange) {
        String json = exchange.getMessage().getBody(String.class);
        if (json == null || json.isBlank()) {
            throw DeliveryException.permanent("the message " + messageId(exchange) + " has an empty body");
        }
        return json;
    }

    /** Exchange property holding why the deliverer is withholding the message (see {@link #withhold}). */
    public static final String WITHHELD_PROPERTY = "CareBridgeDeliveryWithheld";

    /**
     * The deliverer decides not to deliver this message to its partner (it is not for that partner), saying why
     * (ids and codes only). Route the transport step on {@code exchangeProperty(WITHHELD_PROPERTY).isNull()};
     * {@link PreservedMessage#restore} then hands the reason to the server as the {@link MessageHeaders#WITHHELD}
     * header, and the server journals the copy as withheld.
     */
    public static void withhold(Exchange exchange, String reason) {
        exchange.setProperty(WITHHELD_PROPERTY, reason);
    }

    /**
     * For a {@code doCatch} block: rethrows a {@link DeliveryException} as it is, and anything else (disk
     * full, partner down, timeout) as a transient failure the server retries.
     */
    public static void failTransiently(Exchange exchange, String what) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof DeliveryException delivery) {
            throw delivery;
        }
        String detail = cause == null ? "unknown failure"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        throw DeliveryException.transientFailure(what + ": " + detail, cause);
    }
}
