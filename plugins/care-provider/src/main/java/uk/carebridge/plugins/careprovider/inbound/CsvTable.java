package uk.carebridge.plugins.careprovider.inbound;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A dropped CSV file, parsed: the header row and the data rows.
 *
 * <p>Strict UTF-8 (a file saved in another encoding would silently garble names), a UTF-8 byte order
 * mark is skipped, values are trimmed, quoted fields may hold commas and line breaks. Blank lines are
 * skipped but still counted, so row numbers are what a spreadsheet shows.
 */
public record CsvTable(List<String> header, Map<String, Integer> columns, List<CsvRow> rows) {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setTrim(true)
            .setIgnoreSurroundingSpaces(true)
            // Kept, then skipped below, so that each record is one spreadsheet row.
            .setIgnoreEmptyLines(false)
            .get();

    static CsvTable parse(byte[] bytes) throws RejectedFileException {
        return parse(bytes, "");
    }

    /**
     * Parses a dropped file's bytes, or refuses the file as a whole.
     *
     * <p>{@code columnsHint}: a sentence naming the columns the file's kind needs, added to the reason when the
     * header row is refused. A refused header row is described by its position, never by its cells: a data
     * row taken for a header (the header row left out) would otherwise be quoted in the reason and the log.
     */
    public static CsvTable parse(byte[] bytes, String columnsHint) throws RejectedFileException {
        String text = decodeUtf8(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CSVRecord> records = readRecords(text);
        if (records.isEmpty() || isBlank(records.get(0))) {
            throw new RejectedFileException("The file has no header row. The first row must name the columns "
                    + "(see the CSV formats in the CareBridge care-provider guide). Add the header row and send "
                    + "the file again.");
        }
        List<String> header = records.get(0).toList();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = normaliseColumn(header.get(i));
            if (name.isEmpty()) {
                continue;
            }
            Integer first = columns.putIfAbsent(name, i);
            if (first != null) {
                throw new RejectedFileException("Columns " + (first + 1) + " and " + (i + 1) + " of the header row "
                        + "(row 1) have the same name. Name each column once" + (columnsHint.isEmpty() ? "" : ". "
                        + columnsHint) + ". Fix the header row and send the file again.");
            }
        }
        List<CsvRow> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            CSVRecord record = records.get(i);
            if (!isBlank(record)) {
                rows.add(new CsvRow(i + 1, record.toList(), columns, header.size()));
            }
        }
        return new CsvTable(List.copyOf(header), Map.copyOf(columns), List.copyOf(rows));
    }

    /** Column names match whatever the case, and spaces or hyphens count as underscores: "NHS Number". */
    static String normaliseColumn(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    private static String decodeUtf8(byte[] bytes) throws RejectedFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedFileException("The file is not UTF-8 text. Save it as 'CSV UTF-8 (comma delimited)' "
                    + "and send it again.");
        }
    }

    private static List<CSVRecord> readRecords(String text) throws RejectedFileException {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            return parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV names the line and the problem (e.g. an unclosed quote), never the cell content.
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            throw new RejectedFileException("The file cannot be read as CSV: " + cause.getMessage()
                    + ". Check that every value starting with a double quote also ends with one, and that values "
                    + "containing commas are in double quotes. Fix it and send the file again.");
        }
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
