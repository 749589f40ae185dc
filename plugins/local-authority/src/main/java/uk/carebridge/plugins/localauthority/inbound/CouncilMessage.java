package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.Bundle;

/** One council event as one FHIR message; {@code eventId} is the idempotency key the inbound route uses. */
public record CouncilMessage(String eventId, Bundle message) {
}
