package uk.carebridge.testkit;

import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.DeliveryResult;
import uk.carebridge.plugin.delivery.OutboundMessage;

/**
 * One call to a plugin's {@link Deliverer} as the server's outbound route makes it: the copy built from the queue's
 * headers and body (a copy with no usable id or body fails there, permanently, as on the server), then
 * {@code deliver}. Holds the result, or what was thrown (the server retries or dead-letters on it).
 */
public record DeliveryAttempt(DeliveryResult result, RuntimeException failure) {

    public static DeliveryAttempt of(Deliverer deliverer, String messageId, String sourcePartner, String event,
                                     String json) {
        try {
            return new DeliveryAttempt(deliverer.deliver(new OutboundMessage(messageId, sourcePartner, event, json)),
                    null);
        } catch (RuntimeException e) {
            return new DeliveryAttempt(null, e);
        }
    }

    public boolean delivered() {
        return result instanceof DeliveryResult.Delivered;
    }

    /** Why the deliverer withheld the copy, or null. */
    public String withheld() {
        return result instanceof DeliveryResult.Withheld w ? w.reason() : null;
    }
}
