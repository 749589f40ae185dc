package uk.carebridge.plugin;

/**
 * A delivery failed. Transient failures (partner down, timeout, 5xx) are retried with backoff;
 * permanent ones (the partner rejected the message: 4xx, HL7 AR) go straight to the dead-letter queue.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;
    private final String partnerResponse;

    private DeliveryException(String message, boolean permanent, Throwable cause, String partnerResponse) {
        super(message, cause);
        this.permanent = permanent;
        this.partnerResponse = partnerResponse;
    }

    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, false, cause, null);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, true, null, null);
    }

    /**
     * A permanent failure with the partner's own answer (an HTTP response body saying what it refused). The
     * answer may quote the message, so it is kept on the dead-lettered message only, never logged or journaled.
     */
    public static DeliveryException permanent(String message, String partnerResponse) {
        return new DeliveryException(message, true, null, partnerResponse);
    }

    /** The partner's answer, or null. */
    public String partnerResponse() {
        return partnerResponse;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
