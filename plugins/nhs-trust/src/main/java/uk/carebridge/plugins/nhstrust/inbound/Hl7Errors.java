package uk.carebridge.plugins.nhstrust.inbound;

/** HL7 table 0357 (message error condition codes) as used in ERR-3 of our ACKs. */
public final class Hl7Errors {
    private Hl7Errors() {
    }

    static final String SEGMENT_SEQUENCE = "100";
    static final String REQUIRED_FIELD_MISSING = "101";
    static final String DATA_TYPE = "102";
    static final String TABLE_VALUE_NOT_FOUND = "103";
    static final String UNSUPPORTED_MESSAGE_TYPE = "200";
    static final String UNSUPPORTED_EVENT = "201";
    static final String UNSUPPORTED_PROCESSING_ID = "202";
    static final String UNSUPPORTED_VERSION = "203";
    public static final String APPLICATION_INTERNAL_ERROR = "207";

    /** The table's text for a code ("Data type error"); the code itself when unknown. */
    static String text(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "0" -> "Message accepted";
            case SEGMENT_SEQUENCE -> "Segment sequence error";
            case REQUIRED_FIELD_MISSING -> "Required field missing";
            case DATA_TYPE -> "Data type error";
            case TABLE_VALUE_NOT_FOUND -> "Table value not found";
            case UNSUPPORTED_MESSAGE_TYPE -> "Unsupported message type";
            case UNSUPPORTED_EVENT -> "Unsupported event code";
            case UNSUPPORTED_PROCESSING_ID -> "Unsupported processing id";
            case UNSUPPORTED_VERSION -> "Unsupported version id";
            case "204" -> "Unknown key identifier";
            case "205" -> "Duplicate key identifier";
            case "206" -> "Application record locked";
            case APPLICATION_INTERNAL_ERROR -> "Application internal error";
            default -> code;
        };
    }
}
