package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class InboxNamesTest {

    @Test
    void usableNamesDotFilesAndOtherExtensionsKeepTheirNames() {
        for (String name : new String[] {"residents-2024-03-31.csv", "Observations May.CSV", "résidents-ñ-日本.csv",
                "-residents.csv", "residents..csv", ".residents-being-written.csv", "residents.txt", ".csv", "a\\b.txt"}) {
            assertThat(InboxNames.safeName(name)).as(name).isEmpty();
        }
    }

    @Test
    void backslashesLineBreaksAndControlCharactersBecomeUnderscoresWithAHashOfTheOriginal() {
        String safe = rename("residents\\2024.csv");
        assertThat(safe).matches("residents_2024-[0-9a-f]{10}\\.csv");
        assertThat(rename("residents\n2024.csv")).matches("residents_2024-[0-9a-f]{10}\\.csv").isNotEqualTo(safe);
        assertThat(rename("observations\u202e\u0007x.csv")).matches("observations__x-[0-9a-f]{10}\\.csv");
        assertThat(InboxNames.safeName("residents\n2024.csv").orElseThrow().why()).doesNotContain("2024");
    }

    @Test
    void trailingSpacesAndLineBreaksAfterTheExtensionGo() {
        assertThat(rename("residents.csv\n")).matches("residents-[0-9a-f]{10}\\.csv");
        assertThat(rename("residents.CSV  ")).matches("residents-[0-9a-f]{10}\\.CSV");
    }

    @Test
    void aLongNameKeepsARecognisablePrefixAndTwoLongNamesNeverCollide() {
        String a = "residents-" + "a".repeat(230) + "-1.csv";
        String b = "residents-" + "a".repeat(230) + "-2.csv";
        String safeA = rename(a);
        assertThat(safeA).startsWith("residents-aaaa").endsWith(".csv").isNotEqualTo(rename(b));
        assertThat(safeA.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(InboxNames.MAX_NAME_BYTES);
        // Multi-byte characters are never cut in half.
        String accents = rename("residents-" + "é".repeat(120) + ".csv");
        assertThat(accents.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(InboxNames.MAX_NAME_BYTES);
        assertThat(new String(accents.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(accents);
        assertThat(InboxNames.safeName("residents-" + "x".repeat(136) + ".csv")).isEmpty();
    }

    @Test
    void theSafeNameIsStable() {
        assertThat(rename("residents\\x.csv")).isEqualTo(rename("residents\\x.csv"));
        Optional<InboxNames.Rename> again = InboxNames.safeName(rename("residents\\x.csv"));
        assertThat(again).isEmpty();
    }

    private static String rename(String name) {
        return InboxNames.safeName(name).orElseThrow(() -> new AssertionError("expected a rename of " + name)).safeName();
    }
}
