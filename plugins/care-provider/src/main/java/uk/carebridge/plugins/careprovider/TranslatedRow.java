package uk.carebridge.plugins.careprovider;

import java.util.List;

import uk.carebridge.plugin.InboundRecord;

/**
 * One CSV row after translation: the record to submit (a message, or a rejection) and, for a rejection,
 * every problem found in the row, for the error report.
 */
record TranslatedRow(CsvRow row, InboundRecord record, List<RowError> errors) {

    TranslatedRow {
        errors = List.copyOf(errors);
    }

    boolean isRejected() {
        return record instanceof InboundRecord.Rejected;
    }
}
