package uk.carebridge.plugins.careprovider.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.ContentFingerprint;
import uk.carebridge.plugin.InboundRecord;

/** Translates every row of a parsed file into an {@link InboundRecord}, keyed by file fingerprint and row. */
public final class RowTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(RowTranslator.class);

    private final SourcePartner partner;

    /** A translator for the rows of one partner. */
    public RowTranslator(SourcePartner partner) {
        this.partner = partner;
    }

    /** Every row of a parsed file of the given kind, in file order, keyed {@code <fileFingerprint>:<row>}. */
    public List<TranslatedRow> translate(RecordKind kind, CsvTable table, String fileFingerprint) {
        RowMapper mapper = kind.mapper(partner);
        List<TranslatedRow> translated = new ArrayList<>(table.rows().size());
        for (CsvRow row : table.rows()) {
            translated.add(translate(mapper, row, fileFingerprint + ":" + row.number()));
        }
        return translated;
    }

    private TranslatedRow translate(RowMapper mapper, CsvRow row, String sourceKey) {
        RowFields fields = new RowFields(row);
        Bundle message = null;
        if (!row.matchesHeaderWidth()) {
            fields.error("", "the row has " + row.values().size() + " values but the header row has "
                    + row.headerWidth() + " columns: put any value that contains a comma in double quotes");
        } else {
            try {
                message = mapper.map(fields);
            } catch (RuntimeException e) {
                // A bug, not a bad row. The exception message may quote a value: log only where it happened.
                LOG.error("{}: row {} could not be translated: {} at {}", partner.id(), row.number(),
                        e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
                fields.error("", "CareBridge could not translate this row (an internal error): please tell "
                        + "CareBridge support the file name and row number");
            }
        }
        if (fields.hasErrors() || message == null) {
            List<RowError> errors = fields.hasErrors() ? fields.errors()
                    : List.of(new RowError(row.number(), "", "the row could not be translated"));
            return new TranslatedRow(row, InboundRecord.rejected(sourceKey, location(errors), reason(errors)), errors);
        }
        // The key (file fingerprint + row) already names this content; the row's own fingerprint keeps the rule
        // the same at every door: a reused key with other content is a new message.
        return new TranslatedRow(row, InboundRecord.message(sourceKey, ContentFingerprint.of(
                row.values().toArray(String[]::new)), message), List.of());
    }

    /** "row 7, column nhs_number", or "row 7, columns nhs_number, date_of_birth" when several are wrong. */
    static String location(List<RowError> errors) {
        List<String> columns = columns(errors);
        int row = errors.get(0).row();
        if (columns.isEmpty()) {
            return "row " + row;
        }
        return "row " + row + (columns.size() == 1 ? ", column " : ", columns ") + String.join(", ", columns);
    }

    /** The columns at fault, each once, in order: the error report's {@code column} column. */
    public static List<String> columns(List<RowError> errors) {
        return errors.stream().map(RowError::column).filter(c -> !c.isEmpty()).distinct().toList();
    }

    /** Every reason of a row, joined with {@code "; "}: the error report's {@code reason} column. */
    public static String reason(List<RowError> errors) {
        return errors.stream().map(RowError::reason).collect(Collectors.joining("; "));
    }
}
