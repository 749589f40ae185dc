package uk.carebridge.plugins.nhstrust.inbound;

/**
 * Thrown inside the translation when the message cannot be accepted; {@link AdtReader} turns it into an
 * {@link AdtReading.Refused}. The message is the reason for the sender: never a patient value.
 */
final class ContentError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;
    final String segment;
    final Integer field;
    final String hl7ErrorCode;

    private ContentError(String code, String segment, Integer field, String hl7ErrorCode, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.segment = segment;
        this.field = field;
        this.hl7ErrorCode = hl7ErrorCode;
    }

    /** AE: the content is wrong; the sender should correct it and resend. */
    static ContentError ae(String segment, Integer field, String hl7ErrorCode, String reason) {
        return new ContentError("AE", segment, field, hl7ErrorCode, reason);
    }

    /** AR: we do not take this message at all (structure, type, event, version). */
    static ContentError ar(String segment, Integer field, String hl7ErrorCode, String reason) {
        return new ContentError("AR", segment, field, hl7ErrorCode, reason);
    }

    AdtReading.Refused refusal(String controlId) {
        return new AdtReading.Refused(controlId, code, segment, field, hl7ErrorCode, getMessage());
    }
}
