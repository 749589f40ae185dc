package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.journal.StartupReconciliation;

/**
 * Issue 23.6: journal rows lost at a hard stop (a copy journaled ROUTED, its DELIVERED row gone, its outbox file
 * written) are made good at the next start-up from what the outbox holds.
 */
class JournalReconciliationIT {

    @TempDir
    Path root;

    @Test
    void aCopyInTheOutboxButNotJournaledDeliveredIsJournaledDeliveredAtStartUp() throws Exception {
        TestHome home = new TestHome(root).outboxPartner("records", "RNX09");
        Path outbox = home.partnerFolder("records", "outbox");
        try (CareBridgeServer first = home.start()) {
            // What the journal holds after a kill -9 right after two deliveries: only the ROUTED rows.
            first.journal().record(List.of(
                    JournalEntry.of(Hop.ROUTED, "trust-a.msg-1", "trust-a", "records", "discharge", "Patient,Encounter", "r1"),
                    JournalEntry.of(Hop.ROUTED, "trust-a.msg-2", "trust-a", "records", "discharge", "Patient,Encounter", "r1")));
        }
        Files.createDirectories(outbox);
        Files.writeString(outbox.resolve("trust-a.msg-1.json"), "{\"resourceType\":\"Bundle\"}");

        try (CareBridgeServer second = home.start()) {
            assertThat(second.journal().history("trust-a.msg-1")).extracting(JournalEntry::hop, JournalEntry::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Hop.ROUTED, "r1"),
                            org.assertj.core.groups.Tuple.tuple(Hop.DELIVERED, StartupReconciliation.DETAIL));
            // No file: still on its way (or lost with the queue), so the journal keeps saying only ROUTED.
            assertThat(second.journal().history("trust-a.msg-2")).extracting(JournalEntry::hop).containsExactly(Hop.ROUTED);
        }
    }
}
