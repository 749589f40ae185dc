package uk.carebridge.plugins.careprovider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugins.careprovider.inbound.CsvTable;
import uk.carebridge.plugins.careprovider.inbound.RecordKind;
import uk.carebridge.plugins.careprovider.inbound.RejectedFileException;
import uk.carebridge.plugins.careprovider.inbound.RowTranslator;
import uk.carebridge.plugins.careprovider.inbound.SourcePartner;
import uk.carebridge.plugins.careprovider.inbound.TranslatedRow;

/**
 * Deals with one dropped CSV file from start to end: read, parse, translate, submit, report bad rows,
 * then move it to {@code done/} (or, when it cannot be read at all, to {@code error/} with a reason).
 *
 * <p>The file is moved only after CareBridge holds its messages: if CareBridge is unavailable, it stays in
 * the inbox untouched and is tried again at the next poll. Logs name files, kinds and counts, never row
 * content.
 */
final class CsvDropHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CsvDropHandler.class);

    /** What happened to a file, for the caller and for tests. */
    enum Result { DONE, REJECTED_FILE, LEFT_IN_INBOX }

    private final String partnerId;
    private final DropFolders folders;
    private final RowTranslator translator;
    private final BatchSubmitter submitter;
    private final Clock clock;
    /** Files waiting for CareBridge, so the warning is logged once per file, not at every poll. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    CsvDropHandler(SourcePartner partner, DropFolders folders, InboundGateway gateway, Clock clock) {
        this.partnerId = partner.id();
        this.folders = folders;
        this.translator = new RowTranslator(partner);
        this.submitter = new BatchSubmitter(gateway);
        this.clock = clock;
    }

    Result handle(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] content = Files.readAllBytes(file);
        String stamp = DropFolders.stamp(clock.instant());

        RecordKind kind;
        CsvTable table;
        try {
            kind = RecordKind.fromFileName(name).orElseThrow(RecordKind::unknown);
            table = CsvTable.parse(content, kind.columnsHint());
            kind.checkHeader(table);
        } catch (RejectedFileException e) {
            folders.quarantine(file, e.getMessage());
            LOG.warn("{}: file {} refused as a whole and moved to {}: {}", partnerId, name, folders.error(),
                    e.getMessage());
            return Result.REJECTED_FILE;
        }

        List<TranslatedRow> rows = translator.translate(kind, table, FileFingerprint.of(content));
        SubmissionResult result;
        try {
            result = submitter.submit(rows);
        } catch (InboundUnavailableException e) {
            if (waiting.add(name)) {
                LOG.warn("{}: CareBridge cannot take messages now ({}); file {} stays in the inbox and is tried "
                        + "again at every poll", partnerId, e.getMessage(), name);
            }
            return Result.LEFT_IN_INBOX;
        }
        if (waiting.remove(name)) {
            LOG.info("{}: CareBridge takes messages again; file {} is being processed", partnerId, name);
        }

        Path report = null;
        if (!result.badRows().isEmpty()) {
            report = folders.errorReport(file, stamp);
            ErrorReport.write(report, table.header(), result.badRows());
        }
        Path archived = folders.archive(file, stamp);
        LOG.info("{}: file {} ({}): {} rows, {} accepted, {} duplicate, {} rejected; moved to {}{}", partnerId, name,
                kind.label(), rows.size(), result.accepted(), result.duplicates(), result.rejected(),
                archived.getFileName(), report == null ? "" : "; bad rows listed in " + report.getFileName());
        return Result.DONE;
    }
}
