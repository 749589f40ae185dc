package uk.carebridge.plugins.localauthority.inbound;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What reading a body gives: the accepted event, or the problems that reject it (never both). */
public sealed interface ReadResult {

    /** A body that passed its schema and CareBridge's own checks; {@code eventId} is the idempotency key. */
    record Accepted(CouncilResource resource, String eventId, JsonNode body) implements ReadResult {
    }

    record Rejected(List<Problem> problems) implements ReadResult {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }
}
