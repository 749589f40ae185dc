package uk.carebridge.plugin;

import java.util.Objects;

import org.hl7.fhir.r4.model.Bundle;

/**
 * One partner record after translation: either a FHIR message, or the reason it could not be translated.
 *
 * <p>{@code sourceKey} is the partner's own id for the record (HL7 MSH-10, a request id, a file
 * fingerprint and row number). The server derives the stable CareBridge message id from partner id +
 * source key, so a resend of the same record is recognised and not routed twice.
 */
public sealed interface InboundRecord {

    String sourceKey();

    /** A translated FHIR message: a Bundle of type message whose first entry is the MessageHeader. */
    record Message(String sourceKey, Bundle bundle) implements InboundRecord {
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

    static InboundRecord message(String sourceKey, Bundle bundle) {
        return new Message(sourceKey, bundle);
    }

    static InboundRecord rejected(String sourceKey, String location, String reason) {
        return new Rejected(sourceKey, location, reason);
    }
}
