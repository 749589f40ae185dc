package uk.carebridge.plugin;

/**
 * What became of one submitted record.
 *
 * @param status    accepted (persisted now), duplicate (persisted before: acknowledge again, not routed
 *                  twice) or rejected (not persisted: tell the sender why)
 * @param messageId the stable CareBridge message id (null when rejected before an id existed)
 * @param location  for a rejection, where in the record or message
 * @param reason    for a rejection, what is wrong; for a message accepted under a new id because its record id
 *                  had been used before for other content, a note saying so (for the sender); never patient data
 */
public record InboundOutcome(Status status, String messageId, String location, String reason) {

    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public static InboundOutcome accepted(String messageId) {
        return new InboundOutcome(Status.ACCEPTED, messageId, null, null);
    }

    /**
     * Accepted as a new message although the partner had used its record id before, for other content: the
     * message has an id of its own, and the sender may want to know its ids are not unique.
     */
    public static InboundOutcome acceptedUnderNewId(String messageId, String firstMessageId) {
        return new InboundOutcome(Status.ACCEPTED, messageId, null, "the record id was used before for a different "
                + "message (" + firstMessageId + "); this one was accepted as a new message: make the sending system's "
                + "message ids unique");
    }

    public static InboundOutcome duplicate(String messageId) {
        return new InboundOutcome(Status.DUPLICATE, messageId, null, null);
    }

    public static InboundOutcome rejected(String messageId, String location, String reason) {
        return new InboundOutcome(Status.REJECTED, messageId, location, reason);
    }

    /** Accepted as a new message under an id of its own, its record id having been used before for other content. */
    public boolean reusedRecordId() {
        return status == Status.ACCEPTED && reason != null;
    }

    /** Accepted now or before: the sender may be acknowledged. */
    public boolean isPersisted() {
        return status != Status.REJECTED;
    }
}
