package uk.carebridge.plugins.localauthority;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import uk.carebridge.testkit.SettingsTable;

/** README.md's settings table is the one the plugin declares; see {@link SettingsTable} for how to regenerate it. */
class ReadmeSettingsTest {

    @Test
    void theReadmeSettingsTableIsTheDeclaredOne() {
        SettingsTable.check(Path.of("README.md"), new LocalAuthorityPlugin().settings(), "plugins/local-authority");
    }
}
