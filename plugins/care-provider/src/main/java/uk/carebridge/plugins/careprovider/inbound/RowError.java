package uk.carebridge.plugins.careprovider.inbound;

/**
 * What is wrong with one row (and, when it is about one value, which column).
 *
 * @param row    spreadsheet row number (header = row 1)
 * @param column normalised column name, or empty when the row as a whole is wrong
 * @param reason what is wrong and what to do; names the column, never quotes patient data
 */
public record RowError(int row, String column, String reason) {

    /** "row 7, column nhs_number" or "row 7": the location an {@code InboundRecord.Rejected} carries. */
    String location() {
        return column.isEmpty() ? "row " + row : "row " + row + ", column " + column;
    }
}
