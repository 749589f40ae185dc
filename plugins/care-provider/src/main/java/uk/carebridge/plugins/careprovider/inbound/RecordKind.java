package uk.carebridge.plugins.careprovider.inbound;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a dropped file holds, told by the start of its name ({@code residents*.csv}, ...), and the
 * columns every row of that kind needs, so a file lacking one is refused as a whole.
 */
public enum RecordKind {
    RESIDENTS("residents",
            List.of(ResidentRowMapper.ACTION, PatientReader.NHS_NUMBER, PatientReader.RESIDENT_ID),
            ResidentRowMapper::new),
    TRANSFERS("transfers",
            List.of(PatientReader.NHS_NUMBER, PatientReader.RESIDENT_ID, TransferRowMapper.TRANSFER_TIME,
                    TransferRowMapper.REASON, TransferRowMapper.DESTINATION_ODS),
            TransferRowMapper::new),
    OBSERVATIONS("observations",
            List.of(PatientReader.NHS_NUMBER, PatientReader.RESIDENT_ID, ObservationRowMapper.OBSERVED_AT,
                    ObservationRowMapper.TYPE, ObservationRowMapper.VALUE),
            ObservationRowMapper::new);

    private final String prefix;
    private final List<String> requiredColumns;
    private final Function<SourcePartner, RowMapper> mapper;

    RecordKind(String prefix, List<String> requiredColumns, Function<SourcePartner, RowMapper> mapper) {
        this.prefix = prefix;
        this.requiredColumns = requiredColumns;
        this.mapper = mapper;
    }

    /** The kind a file's name says it holds, in any case; empty when the name says none. */
    public static Optional<RecordKind> fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        for (RecordKind kind : values()) {
            if (name.startsWith(kind.prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The refusal of a file whose name says no kind, telling the home how to name it. */
    public static RejectedFileException unknown() {
        return new RejectedFileException("CareBridge cannot tell what this file holds from its name. Name it "
                + "residents*.csv (admissions, updates, leavers), transfers*.csv (transfers to hospital) or "
                + "observations*.csv (NEWS2 readings), e.g. residents-2024-03-31.csv, and send it again.");
    }

    /** The kind as logs name it: {@code residents}, {@code transfers}, {@code observations}. */
    public String label() {
        return prefix;
    }

    RowMapper mapper(SourcePartner partner) {
        return mapper.apply(partner);
    }

    /** The columns files of this kind need, for reasons that refuse a header row. */
    public String columnsHint() {
        return "Files named " + prefix + "*.csv need the columns " + String.join(", ", requiredColumns);
    }

    /** Refuses a file whose header row lacks a column this kind needs. */
    public void checkHeader(CsvTable table) throws RejectedFileException {
        List<String> missing = requiredColumns.stream().filter(c -> !table.columns().containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new RejectedFileException("The header row of this file lacks the column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + ". " + columnsHint()
                    + " (a column may be left empty in rows where it does not apply). Add the missing column"
                    + (missing.size() == 1 ? "" : "s") + " to the header row and send the file again.");
        }
    }
}
