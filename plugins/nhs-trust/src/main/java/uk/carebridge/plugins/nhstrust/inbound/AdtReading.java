package uk.carebridge.plugins.nhstrust.inbound;

import org.hl7.fhir.r4.model.Bundle;

/** What {@link AdtReader#read} made of one HL7 v2 message: a CareBridge FHIR message, or a refusal for the ACK. */
public sealed interface AdtReading {

    /** The MSH-10 of the message (the idempotency key), or null when it could not be read. */
    String controlId();

    /**
     * The message translated.
     *
     * @param controlId MSH-10, the idempotency key
     * @param trigger   the event, e.g. "A01"
     * @param message   the CareBridge message Bundle (UK Core resources)
     */
    record Translated(String controlId, String trigger, Bundle message) implements AdtReading {
    }

    /**
     * The message refused.
     *
     * @param controlId    MSH-10, null when it could not be read
     * @param code         "AE" (content error: the sender should correct the data) or "AR" (rejected:
     *                     unparseable, unsupported message type, event, version or processing id)
     * @param segment      the segment at fault, e.g. "PID" (null when not one segment)
     * @param field        the field position in it, e.g. 3 (null when the whole segment)
     * @param hl7ErrorCode HL7 table 0357 code, e.g. "102" (data type error)
     * @param reason       plain English for the sender; never contains patient values
     */
    record Refused(String controlId, String code, String segment, Integer field, String hl7ErrorCode, String reason)
            implements AdtReading {

        /** "PID-3", "PID", or "message" when no segment is at fault. */
        public String location() {
            return segment == null ? "message" : field == null ? segment : segment + "-" + field;
        }
    }
}
