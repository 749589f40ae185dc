package uk.carebridge.plugin;

/**
 * Headers that travel with a message through the broker (as JMS properties); a deliverer gets them as the fields of
 * its {@link uk.carebridge.plugin.delivery.OutboundMessage}. Identifiers and codes only: never patient data.
 */
public final class MessageHeaders {
    private MessageHeaders() {
    }

    /** Stable CareBridge message id (also Bundle.id); deliveries carry it so receivers can drop duplicates. */
    public static final String MESSAGE_ID = "CareBridgeMessageId";
    /**
     * The HTTP header carrying the CareBridge message id on the wire: on HTTP deliveries (so the partner can drop a
     * resend) and on the answer to a partner that sent a message over HTTP (so it can quote the id).
     */
    public static final String HTTP_MESSAGE_ID = "X-CareBridge-Message-Id";
    /** CareBridge event code, e.g. {@code transfer}. */
    public static final String EVENT = "CareBridgeEvent";
    /** Partner id the message came from. */
    public static final String SOURCE = "CareBridgePartnerFrom";
    /** Partner id this copy is for (outbound queues only). */
    public static final String DESTINATION = "CareBridgePartnerTo";
    /** Comma-separated resource types in the message, for the journal. */
    public static final String RESOURCE_TYPES = "CareBridgeResourceTypes";
    /** On a dead-lettered message: the partner's own answer (an HTTP response body), when it gave one. */
    public static final String PARTNER_RESPONSE = "CareBridgePartnerResponse";
    /** On a dead-lettered message: why it was dead-lettered. */
    public static final String FAILURE_REASON = "CareBridgeFailureReason";
    /** On a dead-lettered message: how many delivery attempts were made. */
    public static final String ATTEMPTS = "CareBridgeAttempts";
    /**
     * On a message an admin moved back from the dead-letter queue ({@code carebridge dlq replay}): when, as an
     * ISO-8601 instant. The server journals the replay when it takes the message and removes the header.
     */
    public static final String REPLAYED_AT = "CareBridgeReplayedAt";
}
