package uk.carebridge.server.journal;

/** A step in a message's life, as the journal records it. */
public enum Hop {
    /** Persisted in the broker; the sender was (or will be) acknowledged. */
    RECEIVED,
    /** A resend of a message received before (same record id, same content): acknowledged again, not routed again. */
    DUPLICATE,
    /**
     * The partner sent different content under a record id it had used before (a PAS counter reset, two systems
     * behind one engine): received as a new message under an id of its own (journaled beside its RECEIVED);
     * the detail names the message that first had the id.
     */
    ID_REUSED,
    /** Refused at the door: could not be translated or failed validation. Nothing was persisted. */
    REJECTED,
    /** A copy was put on a destination's outbound queue. */
    ROUTED,
    /** No route matched: kept in the journal, never silently dropped. */
    UNROUTED,
    /** The destination accepted it. */
    DELIVERED,
    /** The destination's plugin deliberately did not deliver it (not for that partner); the detail says why. */
    WITHHELD,
    /** A delivery attempt failed; it will be retried. */
    FAILED,
    /** Out of retries (or refused for good): moved to the destination's dead-letter queue. */
    DEAD_LETTERED,
    /** An admin moved it back from the dead-letter queue to the outbound queue ({@code carebridge dlq replay}). */
    REPLAYED
}
