package uk.carebridge.plugins.careprovider;

import java.util.List;

import uk.carebridge.plugins.careprovider.inbound.CsvRow;
import uk.carebridge.plugins.careprovider.inbound.RowError;

/**
 * What became of a file's rows.
 *
 * @param accepted   messages CareBridge took now
 * @param duplicates messages it already had (the same file sent again)
 * @param badRows    rows not taken, each with its problems, in file order
 */
record SubmissionResult(int accepted, int duplicates, List<BadRow> badRows) {

    SubmissionResult {
        badRows = List.copyOf(badRows);
    }

    int rejected() {
        return badRows.size();
    }

    /** A row that was not taken, and why. */
    record BadRow(CsvRow row, List<RowError> errors) {
        BadRow {
            errors = List.copyOf(errors);
        }
    }
}
