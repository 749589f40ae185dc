package uk.carebridge.server.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, closes journal histories whose end is known outside the journal: a copy journaled {@code ROUTED}
 * to a partner but never {@code DELIVERED} there, although the partner's plugin finds it delivered (its outbox
 * file exists), is journaled {@code DELIVERED} with the detail {@value #DETAIL}. A {@code kill -9} can lose the
 * journal's last rows (H2 writes commits to its file up to 100 ms late) while the delivery itself stood.
 */
public final class StartupReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReconciliation.class);

    public static final String DETAIL = "reconciled at start-up";

    /** How far back copies are looked at: a lost row is one of the last before a crash. */
    public static final Duration LOOK_BACK = Duration.ofDays(7);

    private StartupReconciliation() {
    }

    /** Returns how many copies to {@code partnerId} were journaled {@code DELIVERED}; never throws. */
    public static int reconcile(Journal journal, String partnerId, Predicate<String> delivered) {
        try {
            List<JournalEntry> open = journal.openCopies(partnerId, Instant.now().minus(LOOK_BACK));
            List<JournalEntry> found = open.stream().filter(e -> delivered.test(e.messageId()))
                    .map(e -> JournalEntry.of(Hop.DELIVERED, e.messageId(), e.source(), partnerId, e.event(),
                            e.resourceTypes(), DETAIL))
                    .toList();
            journal.record(found);
            if (!found.isEmpty()) {
                LOG.info("Journal reconciled at start-up: {} message(s) found delivered to {} but journaled only as "
                        + "routed (rows lost at a hard stop) are now journaled DELIVERED", found.size(), partnerId);
            }
            return found.size();
        } catch (RuntimeException e) {
            LOG.warn("Journal not reconciled at start-up for {}: {}", partnerId, e.toString());
            return 0;
        }
    }
}
