package uk.carebridge.plugins.careprovider;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ScheduledPollEndpoint;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugins.careprovider.inbound.SourcePartner;

/**
 * Watches the partner's inbox for {@code *.csv} files and hands each to {@link CsvDropHandler}.
 *
 * <ul>
 *   <li>Dot-files are ignored: a partner writes {@code .residents.csv} and renames it when complete.</li>
 *   <li>{@code readLock=changed}: a file is read only once its size and time stamp stop changing, so a
 *       file still being copied in is left alone.</li>
 *   <li>{@code noop=true, idempotent=false}: Camel neither moves nor remembers files; the handler moves
 *       each file itself once CareBridge holds its messages, and a file it leaves (CareBridge unavailable)
 *       is simply seen again at the next poll.</li>
 *   <li>Oldest first, so an admission file dropped before an observations file is processed first.</li>
 *   <li>Before each poll, {@link InboxRenamer} gives a file whose name Camel cannot take (a backslash, a line
 *       break) or that is too long for {@code done/} and {@code error/} a safe name, so it is taken in that poll.</li>
 * </ul>
 */
final class CsvInboxRoute extends RouteBuilder {

    /** How long a file must have been left unmodified before it is read (it may still be being written before that). */
    static final long READ_LOCK_MIN_AGE_MS = 250;

    /** How often a file too young to read is looked at again. */
    static final long READ_LOCK_CHECK_MS = 50;

    private final PartnerContext context;
    private final DropFolders folders;
    private final long pollDelayMs;
    private final CsvDropHandler handler;
    private final InboxRenamer renamer;

    CsvInboxRoute(PartnerContext context, SourcePartner partner, DropFolders folders, long pollDelayMs, Clock clock) {
        this.context = context;
        this.folders = folders;
        this.pollDelayMs = pollDelayMs;
        this.handler = new CsvDropHandler(partner, folders, context.inbound(), clock);
        this.renamer = new InboxRenamer(partner.id(), folders.inbox());
    }

    @Override
    public void configure() {
        String uri = "file:" + folders.inbox().toString().replace('\\', '/')
                + "?include=RAW([^.].*\\.[cC][sS][vV])"
                + "&noop=true&idempotent=false"
                // "Changed" with a minimum age: a file untouched for the min age is read at once, so a backlog of
                // dropped files is read back to back instead of each waiting a check interval (the benchmark found
                // that wait capped a care home at four files a second).
                + "&readLock=changed&readLockMinAge=" + READ_LOCK_MIN_AGE_MS + "&readLockCheckInterval=" + READ_LOCK_CHECK_MS
                // A file still changing after this long is left for the next poll.
                + "&readLockTimeout=10000"
                // Empty files must be read too, to be refused with a reason instead of waiting forever.
                + "&readLockMinLength=0"
                + "&sortBy=file:modified"
                + "&initialDelay=" + pollDelayMs + "&delay=" + pollDelayMs;

        ScheduledPollEndpoint endpoint = getContext().getEndpoint(uri, ScheduledPollEndpoint.class);
        endpoint.setPollStrategy(renamer);
        from(endpoint)
                .routeId(context.routeId("csv-inbox"))
                .process(this::handle);
    }

    private void handle(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        handler.handle(folders.inbox().resolve(Path.of(name).getFileName()));
    }
}
