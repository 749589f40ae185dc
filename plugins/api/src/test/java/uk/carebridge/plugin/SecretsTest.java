package uk.carebridge.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.TestPartnerContext;

/** A partner's secrets from an environment variable ({@code <name>Env}) or a file ({@code <name>File}). */
class SecretsTest {

    private static final String SECRET = "s3cret-key";
    private static final Map<String, String> ENVIRONMENT = Map.of("KEY", SECRET, "BLANK", "  ");

    @TempDir
    Path home;

    private Optional<String> secret(Map<String, String> settings) {
        Partner partner = new Partner("council", "Council", "X123", "local-authority", settings);
        return Secrets.read(partner, "apiKey", ENVIRONMENT::get, home::resolve);
    }

    @Test
    void neitherSettingMeansNoSecret() {
        assertThat(secret(Map.of())).isEmpty();
        assertThat(secret(Map.of("apiKeyEnv", " ", "apiKeyFile", ""))).isEmpty();
    }

    @Test
    void theEnvSettingNamesAnEnvironmentVariable() {
        assertThat(secret(Map.of("apiKeyEnv", "KEY"))).contains(SECRET);
        assertThatThrownBy(() -> secret(Map.of("apiKeyEnv", "BLANK")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partner council: setting 'apiKeyEnv' names the environment variable BLANK, which is not "
                        + "set or empty");
    }

    @Test
    void theFileSettingNamesAFileWhoseTrimmedContentIsTheSecretRelativeToTheHome() throws Exception {
        Files.createDirectories(home.resolve("secrets"));
        Path file = Files.writeString(home.resolve("secrets/council-key"), "  " + SECRET + "\n");
        assertThat(secret(Map.of("apiKeyFile", "secrets/council-key"))).contains(SECRET);
        assertThat(secret(Map.of("apiKeyFile", file.toString()))).as("absolute").contains(SECRET);
    }

    @Test
    void aMissingFileIsAnErrorNamingPartnerSettingAndPath() {
        assertThatThrownBy(() -> secret(Map.of("apiKeyFile", "secrets/none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partner council: setting 'apiKeyFile' names the file " + home.resolve("secrets/none")
                        + ", which does not exist");
    }

    @Test
    void anEmptyFileIsAnErrorNamingPartnerSettingAndPath() throws Exception {
        Path file = Files.writeString(home.resolve("empty-key"), " \n");
        assertThatThrownBy(() -> secret(Map.of("apiKeyFile", "empty-key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partner council: setting 'apiKeyFile' names the file " + file + ", which is empty");
    }

    @Test
    void anUnreadableFileNeverShowsItsContent() throws Exception {
        Path file = Files.write(home.resolve("latin1-key"), new byte[] {'s', '3', (byte) 0xE9, 'x'});
        assertThatThrownBy(() -> secret(Map.of("apiKeyFile", "latin1-key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("partner council: setting 'apiKeyFile' names the file " + file
                        + ", which cannot be read as UTF-8 text")
                .hasMessageNotContaining("s3");
        Files.createDirectories(home.resolve("a-folder"));
        assertThatThrownBy(() -> secret(Map.of("apiKeyFile", "a-folder")))
                .hasMessageStartingWith("partner council: setting 'apiKeyFile' names the file "
                        + home.resolve("a-folder") + ", which cannot be read");
    }

    @Test
    void bothSettingsAreAnError() throws Exception {
        Files.writeString(home.resolve("key"), SECRET);
        assertThatThrownBy(() -> secret(Map.of("apiKeyEnv", "KEY", "apiKeyFile", "key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partner council: setting 'apiKeyFile' is set together with apiKeyEnv: give the secret "
                        + "one way")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void theTestKitsContextReadsItsOwnEnvironmentAndRealFiles() throws Exception {
        Path file = Files.writeString(home.resolve("key"), SECRET);
        TestPartnerContext env = TestPartnerContext.of("council", "X123", "local-authority",
                Map.of("apiKeyEnv", "KEY"), new RecordingGateway()).withEnvironment(ENVIRONMENT);
        TestPartnerContext fromFile = TestPartnerContext.of("council", "X123", "local-authority",
                Map.of("apiKeyFile", file.toString()), new RecordingGateway());
        assertThat(env.secret("apiKey")).contains(SECRET);
        assertThat(fromFile.secret("apiKey")).contains(SECRET);
    }
}
