package uk.carebridge.plugins.careprovider;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import uk.carebridge.plugins.careprovider.inbound.RowTranslator;

/**
 * The {@code -errors.csv} written for a file with bad rows: {@code row,column,reason}, then the row's
 * original columns, so the home can fix those rows, delete the first three columns and send just them.
 * UTF-8 with a byte order mark, so that spreadsheet programs show names with accents correctly.
 */
final class ErrorReport {
    private ErrorReport() {
    }

    static void write(Path target, List<String> originalHeader, List<SubmissionResult.BadRow> badRows)
            throws IOException {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            List<String> header = new ArrayList<>(List.of("row", "column", "reason"));
            header.addAll(originalHeader);
            printer.printRecord(header);
            for (SubmissionResult.BadRow bad : badRows) {
                List<String> record = new ArrayList<>();
                record.add(String.valueOf(bad.row().number()));
                record.add(String.join(", ", RowTranslator.columns(bad.errors())));
                record.add(RowTranslator.reason(bad.errors()));
                record.addAll(bad.row().values());
                printer.printRecord(record);
            }
        }
        DropFolders.writeAtomically(target, out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
