package uk.carebridge.plugins.careprovider;

import java.util.ArrayList;
import java.util.List;

import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugins.careprovider.inbound.CsvRow;
import uk.carebridge.plugins.careprovider.inbound.RowError;
import uk.carebridge.plugins.careprovider.inbound.TranslatedRow;

/**
 * Hands a file's records to CareBridge in chunks: each chunk is one broker transaction and one disk
 * sync, which is the point of the batch API, while a big file does not become one huge transaction.
 */
final class BatchSubmitter {

    static final int CHUNK_SIZE = 500;

    private final InboundGateway gateway;
    private final int chunkSize;

    BatchSubmitter(InboundGateway gateway) {
        this(gateway, CHUNK_SIZE);
    }

    BatchSubmitter(InboundGateway gateway, int chunkSize) {
        this.gateway = gateway;
        this.chunkSize = chunkSize;
    }

    /**
     * @throws InboundUnavailableException when CareBridge cannot take messages now; chunks already
     *         submitted are persisted and come back as duplicates when the file is processed again
     */
    SubmissionResult submit(List<TranslatedRow> rows) throws InboundUnavailableException {
        int accepted = 0;
        int duplicates = 0;
        List<SubmissionResult.BadRow> bad = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += chunkSize) {
            List<TranslatedRow> chunk = rows.subList(from, Math.min(rows.size(), from + chunkSize));
            List<InboundOutcome> outcomes = gateway.submit(chunk.stream().map(TranslatedRow::record).toList());
            if (outcomes.size() != chunk.size()) {
                throw new IllegalStateException("the inbound gateway answered " + outcomes.size()
                        + " outcomes for " + chunk.size() + " records");
            }
            for (int i = 0; i < chunk.size(); i++) {
                TranslatedRow row = chunk.get(i);
                InboundOutcome outcome = outcomes.get(i);
                if (row.isRejected()) {
                    bad.add(new SubmissionResult.BadRow(row.row(), row.errors()));
                } else if (outcome.status() == InboundOutcome.Status.REJECTED) {
                    bad.add(new SubmissionResult.BadRow(row.row(), List.of(refusal(row.row(), outcome))));
                } else if (outcome.status() == InboundOutcome.Status.DUPLICATE) {
                    duplicates++;
                } else {
                    accepted++;
                }
            }
        }
        return new SubmissionResult(accepted, duplicates, bad);
    }

    /** CareBridge refused a message it was given (it failed validation): the row is reported as bad. */
    private static RowError refusal(CsvRow row, InboundOutcome outcome) {
        String where = outcome.location() == null || outcome.location().isBlank() ? "" : " (at " + outcome.location() + ")";
        String why = outcome.reason() == null || outcome.reason().isBlank() ? "no reason given" : outcome.reason();
        return new RowError(row.number(), "", "CareBridge refused the message made from this row" + where + ": "
                + why + ". Check the row; if it looks right, tell CareBridge support the file name and row number");
    }
}
