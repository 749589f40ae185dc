package uk.carebridge.plugins.careprovider.inbound;

import java.util.List;
import java.util.Map;

/**
 * One data row of a CSV file, its values looked up by (normalised) column name.
 *
 * @param number the spreadsheet row number: the header is row 1, the first data row is row 2
 * @param values the values as parsed (trimmed), in file order, for the error report
 */
public record CsvRow(int number, List<String> values, Map<String, Integer> columns, int headerWidth) {

    /** A row as parsed; the values are copied. */
    public CsvRow {
        values = List.copyOf(values);
    }

    /** The trimmed value of a column; empty when the column is absent from the header or the row. */
    String get(String column) {
        Integer index = columns.get(column);
        if (index == null || index >= values.size()) {
            return "";
        }
        return values.get(index);
    }

    boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    /**
     * False when the row has more or fewer values than the header has columns: the usual sign of an
     * unquoted comma inside a value, which shifts every later value into the wrong column.
     */
    boolean matchesHeaderWidth() {
        return values.size() == headerWidth;
    }
}
