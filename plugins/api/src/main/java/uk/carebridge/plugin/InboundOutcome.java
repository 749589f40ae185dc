package uk.carebridge.plugin;

/**
 * What became of one submitted record.
 *
 * @param status    accepted (persisted now), duplicate (persisted before: acknowledge again, not routed
 *                  twice) or rejected (not persisted: tell the sender why)
 * @param messageId the stable CareBridge message id (null when rejected before an id existed)
 * @param location  for a rejection, where in the record or message
 * @param reason    for a rejection, what is wrong; never patient data
 */
public record InboundOutcome(Status status, String messageId, String location, String reason) {

    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public static InboundOutcome accepted(String messageId) {
        return new InboundOutcome(Status.ACCEPTED, messageId, null, null);
    }

    public static InboundOutcome duplicate(String messageId) {
        return new InboundOutcome(Status.DUPLICATE, messageId, null, null);
    }

    public static InboundOutcome rejected(String messageId, String location, String reason) {
        return new InboundOutcome(Status.REJECTED, messageId, location, reason);
    }

    /** Accepted now or before: the sender may be acknowledged. */
    public boolean isPersisted() {
        return status != Status.REJECTED;
    }
}
