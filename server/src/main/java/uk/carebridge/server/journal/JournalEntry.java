package uk.carebridge.server.journal;

import java.time.Instant;

/**
 * One line of the journal. Identifiers, codes and reasons only: never clinical content or patient data.
 *
 * @param destination the partner a copy is for (ROUTED, DELIVERED, FAILED, DEAD_LETTERED, REPLAYED), else null
 * @param detail      a reason (REJECTED, FAILED, DEAD_LETTERED), the route id (ROUTED) or when it was replayed (REPLAYED)
 */
public record JournalEntry(Instant at, Hop hop, String messageId, String source, String destination,
                           String event, String resourceTypes, String detail) {

    public static JournalEntry of(Hop hop, String messageId, String source, String destination, String event,
                                  String resourceTypes, String detail) {
        return new JournalEntry(Instant.now(), hop, messageId, source, destination, event, resourceTypes, detail);
    }
}
