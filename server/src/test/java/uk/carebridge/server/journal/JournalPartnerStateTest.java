package uk.carebridge.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.PartnerState;

/** Partner state in a real (file) H2 journal: per partner, replaced on put, kept across a reopen. */
class JournalPartnerStateTest {

    @TempDir
    Path folder;

    private String url() {
        return "jdbc:h2:file:" + folder.resolve("journal").toAbsolutePath();
    }

    @Test
    void valuesArePerPartnerReplacedAndDurable() {
        try (Journal journal = new Journal(url(), "", "")) {
            PartnerState council = journal.partnerState("council");
            PartnerState other = journal.partnerState("other-council");
            assertThat(council.get("poll-cursor")).isEmpty();
            council.put("poll-cursor", "c1");
            council.put("poll-cursor", "c2");
            other.put("poll-cursor", "x9");
            council.put("gone", "soon");
            council.remove("gone");
            assertThat(council.get("poll-cursor")).contains("c2");
            assertThat(other.get("poll-cursor")).contains("x9");
            assertThat(council.get("gone")).isEmpty();
        }
        try (Journal reopened = new Journal(url(), "", "")) {
            assertThat(reopened.partnerState("council").get("poll-cursor")).contains("c2");
        }
    }

    @Test
    void oversizedKeysAndValuesAreRefusedWithTheLimit() {
        try (Journal journal = new Journal(url(), "", "")) {
            PartnerState state = journal.partnerState("council");
            assertThatThrownBy(() -> state.put("k".repeat(PartnerState.MAX_KEY + 1), "v"))
                    .hasMessageContaining("1-" + PartnerState.MAX_KEY);
            assertThatThrownBy(() -> state.put("k", "v".repeat(PartnerState.MAX_VALUE + 1)))
                    .hasMessageContaining(String.valueOf(PartnerState.MAX_VALUE));
        }
    }
}
