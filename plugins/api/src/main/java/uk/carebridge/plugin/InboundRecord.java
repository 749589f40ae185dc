package uk.carebridge.plugin;

import java.util.Objects;

import org.hl7.fhir.r4.model.Bundle;

/**
 * One partner record after translation: either a FHIR message, or the reason it could not be translated.
 *
 * <p>{@code sourceKey} is the partner's own id for the record (HL7 MSH-10, a request id, a file
 * fingerprint and row number). The server derives the stable CareBridge message id from partner id +
 * source key, so a resend of the same record is recognised and not routed twice.
 *
 * <p>A resend is a resend only if its content is the same: partners reuse ids (a PAS whose counter restarts,
 * several systems behind one engine). So a message also carries a {@code fingerprint} of its content, leaving
 * out what a sender rewrites when it resends (HL7 MSH-7 and MSH-10, say): same key and same fingerprint is a
 * resend; same key and another fingerprint is a new message, which the server accepts under an id of its own.
 * A plugin that gives no fingerprint gets one from the server, computed over the FHIR message without its
 * ids, meta and timestamps ({@link uk.carebridge.fhir.Messages#fingerprint}).
 */
public sealed interface InboundRecord {

    String sourceKey();

    /**
     * A translated FHIR message: a Bundle of type message whose first entry is the MessageHeader.
     *
     * @param fingerprint what the record's content hashes to ({@link ContentFingerprint}), or null to let
     *                    the server fingerprint the Bundle
     */
    record Message(String sourceKey, String fingerprint, Bundle bundle) implements InboundRecord {
        public Message {
            Objects.requireNonNull(sourceKey, "sourceKey");
            Objects.requireNonNull(bundle, "bundle");
        }
    }

    /**
     * A record that could not be translated.
     *
     * @param location where in the partner's record: "row 12, column nhs_number", "PID-3"
     * @param reason   what is wrong and what to do; never patient data
     */
    record Rejected(String sourceKey, String location, String reason) implements InboundRecord {
    }

    /** A message the server fingerprints from its Bundle. */
    static InboundRecord message(String sourceKey, Bundle bundle) {
        return new Message(sourceKey, null, bundle);
    }

    /** A message fingerprinted by its plugin from the partner's own record ({@link ContentFingerprint}). */
    static InboundRecord message(String sourceKey, String fingerprint, Bundle bundle) {
        return new Message(sourceKey, fingerprint, bundle);
    }

    static InboundRecord rejected(String sourceKey, String location, String reason) {
        return new Rejected(sourceKey, location, reason);
    }
}
