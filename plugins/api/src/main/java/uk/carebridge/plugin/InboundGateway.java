package uk.carebridge.plugin;

import java.util.List;

/**
 * The door into CareBridge for translated partner records.
 *
 * <p>{@link #submit} validates each message, and persists the accepted ones in the broker in one
 * transaction. It returns only once the broker holds them, so a plugin acknowledges its sender
 * (HTTP 202, HL7 AA, moving a file to {@code done/}) after it returns and never before. Submitting a
 * batch (a CSV file's rows) costs one disk sync, not one per message.
 */
public interface InboundGateway {

    /**
     * @return one outcome per record, in order
     * @throws InboundUnavailableException when nothing could be persisted (broker down or full):
     *         acknowledge nothing, let the sender retry
     */
    List<InboundOutcome> submit(List<InboundRecord> records) throws InboundUnavailableException;

    default InboundOutcome submit(InboundRecord record) throws InboundUnavailableException {
        return submit(List.of(record)).get(0);
    }
}
