package uk.carebridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.PluginSetting;

class SettingsTableTest {

    private static final List<PluginSetting> SETTINGS = List.of(
            PluginSetting.required("inbox", "Folder files arrive in | one per partner."),
            PluginSetting.optional("format", "fhir", "fhir: POST to <deliveryUrl>/$process-message."),
            PluginSetting.optional("apiKeyEnv", null, "Variable holding the key."));

    private static final String TABLE = """
            | setting | default | meaning |
            |---|---|---|
            | `inbox` | required | Folder files arrive in \\| one per partner. |
            | `format` | `fhir` | fhir: POST to `<deliveryUrl>/$process-message`. |
            | `apiKeyEnv` | none | Variable holding the key. |
            """;

    @TempDir
    Path dir;

    @Test
    void rendersOneRowPerSettingWithPlaceholdersAsCodeAndPipesEscaped() {
        assertThat(SettingsTable.render(SETTINGS)).isEqualTo(TABLE);
    }

    @Test
    void aReadmeWithTheRenderedTablePasses() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"),
                "# p\n\n" + SettingsTable.BEGIN + "\n" + TABLE + SettingsTable.END + "\n\nProse.\n");
        SettingsTable.check(readme, SETTINGS, "plugins/p");
    }

    @Test
    void aStaleTableFailsSayingHowToRegenerateIt() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"),
                SettingsTable.BEGIN + "\n| old |\n" + SettingsTable.END + "\n");
        assertThatThrownBy(() -> SettingsTable.check(readme, SETTINGS, "plugins/p"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("mvn -B -q -ntp test -pl plugins/p -am -Dtest=ReadmeSettingsTest")
                .hasMessageContaining("-Dcarebridge.updateReadme=true");
    }

    @Test
    void aReadmeWithoutMarkersFails() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "| setting | default | meaning |\n");
        assertThatThrownBy(() -> SettingsTable.check(readme, SETTINGS, "plugins/p"))
                .hasMessageContaining("has no settings table between the lines");
    }
}
