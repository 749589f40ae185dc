package uk.carebridge.plugin;

/** CareBridge cannot take messages now (broker down or full). Nothing was persisted; the sender should retry. */
public class InboundUnavailableException extends Exception {
    public InboundUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
