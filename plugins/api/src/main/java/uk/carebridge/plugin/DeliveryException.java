package uk.carebridge.plugin;

/**
 * A delivery failed. Transient failures (partner down, timeout, 5xx) are retried with backoff;
 * permanent ones (the partner rejected the message: 4xx, HL7 AR) go straight to the dead-letter queue.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;

    private DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, false, cause);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, true, null);
    }

    public boolean isPermanent() {
        return permanent;
    }
}
