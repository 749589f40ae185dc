package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.carebridge.server.testing.CliRun;

/**
 * Issue 19: exit 0 from {@code carebridge validate} means {@code run} starts every partner. One bad value per kind of
 * setting, in each plugin, through the real CLI and the real plugin jars: validate refuses each with the partner
 * file, the setting's line and what is expected; the same loader (with the same plugin checks) runs at start-up and
 * on a hot reload. Cases a setting's declared type catches and cases only the plugin's own reading catches (one of a
 * list, URLs, host:port, secrets, character sets, settings that exclude each other) are both here.
 */
class ValidateEqualsRunIT {

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}: {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            // plugin; setting; bad value; what validate says
            "nhs-trust; mllpPort; banana; setting 'mllpPort' must be a TCP port",
            "nhs-trust; maxConnections; lots; setting 'maxConnections' must be a whole number of at least 1",
            "nhs-trust; maxConnections; 100000; setting 'maxConnections' must be at most 512",
            "nhs-trust; idleTimeout; soon; setting 'idleTimeout' must be a length of time",
            "nhs-trust; maxFrameBytes; 10TB; setting 'maxFrameBytes' must be a size",
            "nhs-trust; format; xml; setting 'format' must be one of fhir, hl7v2 (was 'xml')",
            "nhs-trust; fhirInbound; yes; setting 'fhirInbound' must be one of true, false (was 'yes')",
            "nhs-trust; deliveryUrl; ftp://fhir.trust.nhs.uk/R4; setting 'deliveryUrl' must be an http:// or https:// URL",
            "nhs-trust; charset; KLINGON-1; setting 'charset' names a character set this Java does not know",
            "nhs-trust; apiKeyEnv; NO_SUCH_VARIABLE_FOR_CAREBRIDGE; setting 'apiKeyEnv' names the environment variable",
            "nhs-trust; apiKeyFile; secrets/missing-key; setting 'apiKeyFile' names the file",
            "local-authority; deliveryUrl; notices.council.gov.uk; setting 'deliveryUrl' must be an http:// or https:// URL",
            "local-authority; deliveryTimeout; 10s; setting 'deliveryTimeout' must be a whole number of milliseconds",
            "care-provider; pollDelay; often; setting 'pollDelay' must be",
    })
    void validateRefusesWhatRunWouldWithTheFileAndLine(String plugin, String setting, String value, String what)
            throws Exception {
        TestHome home = new TestHome(root.resolve("home")).routes("routes: []\n");
        String base = switch (plugin) {
            case "nhs-trust" -> "  mllpPort: 2575\n  mllpHost: 127.0.0.1\n"
                    + (setting.startsWith("apiKey") ? "  fhirInbound: true\n" : "");
            case "local-authority" -> "  inbound: false\n  deliveryUrl: https://notices.council.gov.uk/carebridge\n";
            default -> "  inbox: data/partners/p/inbox\n";
        };
        List<String> lines = base.lines().filter(l -> !l.strip().startsWith(setting + ":")).toList();
        String settings = String.join("\n", lines) + "\n  " + setting + ": " + value + "\n";
        home.partner("p", "odsCode: X26\nplugin: " + plugin + "\nsettings:\n" + settings);
        Path file = home.root.resolve("config/partners/p.yaml").toAbsolutePath().normalize();
        int line = Files.readAllLines(file).indexOf("  " + setting + ": " + value) + 1;

        CliRun result = CliRun.of("validate", "--config", home.root.resolve("config").toString(),
                "--routes", home.root.resolve("routes").toString(), "--plugins", TestHome.pluginFolder().toString());

        assertThat(line).isPositive();
        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains(file + ":" + line + ":").contains(what);
    }
}
