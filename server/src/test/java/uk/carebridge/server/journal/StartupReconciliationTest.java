package uk.carebridge.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupReconciliationTest {

    @TempDir
    Path folder;

    @Test
    void aCopyRoutedButNotJournaledDeliveredIsJournaledDeliveredWhenThePluginFindsIt() {
        try (Journal journal = new Journal("jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath(), "", "")) {
            journal.record(List.of(
                    routed("lost-row", "outbox-home"),
                    routed("journaled", "outbox-home"),
                    JournalEntry.of(Hop.DELIVERED, "journaled", "trust", "outbox-home", "discharge", "Patient", null),
                    routed("still-queued", "outbox-home"),
                    routed("lost-row", "other-partner")));
            // What the plugin finds in the outbox.
            Set<String> inOutbox = Set.of("lost-row", "journaled");

            assertThat(StartupReconciliation.reconcile(journal, "outbox-home", inOutbox::contains)).isEqualTo(1);

            List<JournalEntry> history = journal.history("lost-row");
            assertThat(history).extracting(JournalEntry::hop, JournalEntry::destination, JournalEntry::detail)
                    .contains(org.assertj.core.groups.Tuple.tuple(Hop.DELIVERED, "outbox-home", StartupReconciliation.DETAIL));
            assertThat(history).filteredOn(e -> e.hop() == Hop.DELIVERED).singleElement()
                    .satisfies(e -> assertThat(e.event()).isEqualTo("discharge"));
            assertThat(journal.history("journaled")).filteredOn(e -> e.hop() == Hop.DELIVERED).hasSize(1);
            assertThat(journal.history("still-queued")).extracting(JournalEntry::hop).containsExactly(Hop.ROUTED);
            // Once reconciled, nothing more to do; the other partner's copy is its own plugin's business.
            assertThat(StartupReconciliation.reconcile(journal, "outbox-home", inOutbox::contains)).isZero();
            assertThat(journal.openCopies("other-partner", java.time.Instant.EPOCH)).hasSize(1);
        }
    }

    @Test
    void aPluginThatFailsLeavesTheJournalAsItIs() {
        try (Journal journal = new Journal("jdbc:h2:file:" + folder.resolve("journal2").toAbsolutePath(), "", "")) {
            journal.record(routed("m", "p"));
            assertThat(StartupReconciliation.reconcile(journal, "p", id -> {
                throw new IllegalStateException("outbox unreadable");
            })).isZero();
            assertThat(journal.history("m")).extracting(JournalEntry::hop).containsExactly(Hop.ROUTED);
        }
    }

    private static JournalEntry routed(String messageId, String destination) {
        return JournalEntry.of(Hop.ROUTED, messageId, "trust", destination, "discharge", "Patient", "route-1 (rules v1)");
    }
}
