package uk.carebridge.plugins.careprovider.inbound;

import java.util.List;

import uk.carebridge.plugin.InboundRecord;

/**
 * One CSV row after translation: the record to submit (a message, or a rejection) and, for a rejection,
 * every problem found in the row, for the error report.
 */
public record TranslatedRow(CsvRow row, InboundRecord record, List<RowError> errors) {

    /** A translated row; the errors are copied. */
    public TranslatedRow {
        errors = List.copyOf(errors);
    }

    /** Whether the row is refused (its record is a rejection): it goes in the error report. */
    public boolean isRejected() {
        return record instanceof InboundRecord.Rejected;
    }
}
