package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.SettingReader.HostAndPort;
import uk.carebridge.testkit.RecordingGateway;

class TrustSettingsTest {

    private static final String PARTNER = "partner " + TrustPartner.PARTNER_ID + ": ";
    private static final Map<String, String> ENVIRONMENT = Map.of("TRUST_KEY", "s3cret", "BLANK_KEY", " ");

    static TrustSettings settings(Map<String, String> values) {
        return new TrustSettings(TrustPartner.of(new RecordingGateway(), values).withEnvironment(ENVIRONMENT));
    }

    /** As the server hands them over: every declared default applied, then the partner file's values. */
    static Map<String, String> withDefaults(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>();
        for (PluginSetting s : TrustSettings.DECLARED) {
            if (s.defaultValue() != null) {
                all.put(s.name(), s.defaultValue());
            }
        }
        all.putAll(values);
        return all;
    }

    @Test
    void nothingSetMeansNoListenersNoDeliveryAndTheDocumentedDefaults() {
        for (Map<String, String> values : new Map[] {Map.of(), withDefaults(Map.of())}) {
            TrustSettings s = settings(values);
            assertThat(s.mllpPort()).isEmpty();
            assertThat(s.mllpHost()).isEqualTo("0.0.0.0");
            assertThat(s.charset()).isEqualTo("UTF-8");
            assertThat(s.fhirInbound()).isFalse();
            assertThat(s.apiKey()).isEmpty();
            assertThat(s.format()).isEqualTo("fhir");
            assertThat(s.processMessageUrl()).isEmpty();
            assertThat(s.deliveryAddress()).isEmpty();
            assertThat(s.deliveryTimeoutMs()).isEqualTo(10_000);
            assertThat(s.hl7Version()).isEqualTo("2.4");
            assertThat(s.sendingApplication()).isEqualTo("CAREBRIDGE");
            s.checkDelivery();
        }
    }

    @Test
    void everyDeclaredSettingIsOptionalAndDescribed() {
        assertThat(TrustSettings.DECLARED).extracting(PluginSetting::name).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("mllpPort", "mllpHost", "charset", "fhirInbound", "apiKeyEnv", "apiKeyFile",
                        "format", "deliveryUrl", "deliveryAddress", "deliveryTimeout", "hl7Version",
                        "sendingApplication",
                        "maxConnections", "maxConnectionsPerAddress", "idleTimeout", "frameTimeout", "maxFrameBytes");
        assertThat(TrustSettings.DECLARED).allSatisfy(s -> {
            assertThat(s.required()).isFalse();
            assertThat(s.description()).isNotBlank();
        });
    }

    @Test
    void valuesAreReadTrimmedAndWordsIgnoringCase() {
        TrustSettings s = settings(Map.of("mllpPort", " 2575 ", "mllpHost", "127.0.0.1", "charset", "iso-8859-1",
                "fhirInbound", "TRUE", "apiKeyEnv", "TRUST_KEY", "format", "HL7V2",
                "deliveryAddress", "pas.trust.nhs.uk:2576", "deliveryTimeout", "2500", "hl7Version", "2.5.1",
                "sendingApplication", "CB-LEEDS"));
        assertThat(s.mllpPort()).contains(2575);
        assertThat(s.mllpHost()).isEqualTo("127.0.0.1");
        assertThat(s.charset()).isEqualTo("iso-8859-1");
        assertThat(s.fhirInbound()).isTrue();
        assertThat(s.apiKey()).contains("s3cret");
        assertThat(s.format()).isEqualTo("hl7v2");
        assertThat(s.deliveryAddress()).contains(new HostAndPort("pas.trust.nhs.uk", 2576));
        assertThat(s.deliveryTimeoutMs()).isEqualTo(2500);
        assertThat(s.hl7Version()).isEqualTo("2.5.1");
        assertThat(s.sendingApplication()).isEqualTo("CB-LEEDS");
        s.checkDelivery();
    }

    @ParameterizedTest
    @CsvSource({
            "https://fhir.trust.nhs.uk/R4, https://fhir.trust.nhs.uk/R4/$process-message",
            "https://fhir.trust.nhs.uk/R4/, https://fhir.trust.nhs.uk/R4/$process-message",
            "http://127.0.0.1:8080, http://127.0.0.1:8080/$process-message",
            "https://api.trust.nhs.uk/fhir/R4?token=abc, https://api.trust.nhs.uk/fhir/R4/$process-message?token=abc"})
    void theProcessMessageUrlIsTheFhirBasePlusTheOperation(String base, String expected) {
        assertThat(settings(Map.of("deliveryUrl", base)).processMessageUrl()).contains(URI.create(expected));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
            "mllpPort; abc; must be a TCP port between 1 and 65535",
            "mllpPort; 0; must be a TCP port between 1 and 65535",
            "mllpPort; 70000; must be a TCP port between 1 and 65535",
            "charset; KLINGON-1; names a character set this Java does not know",
            "fhirInbound; yes; must be one of true, false (was 'yes')",
            "format; xml; must be one of fhir, hl7v2 (was 'xml')",
            "deliveryUrl; ftp://fhir.trust.nhs.uk/R4; must be an http:// or https:// URL with a host",
            "deliveryUrl; fhir.trust.nhs.uk/R4; must be an http:// or https:// URL with a host",
            "deliveryUrl; https://fhir trust/R4; is not a valid URL",
            "deliveryAddress; pas.trust.nhs.uk; must be host:port",
            "deliveryAddress; pas.trust.nhs.uk:; must be host:port",
            "deliveryAddress; pas.trust.nhs.uk:mllp; must be host:port with a numeric port",
            "deliveryAddress; pas.trust.nhs.uk:0; has a port outside 1-65535",
            "deliveryTimeout; 0; must be a positive number of milliseconds",
            "deliveryTimeout; 10s; must be a whole number of milliseconds",
            "maxConnections; lots; must be a whole number of at least 1 (was 'lots')",
            "maxConnections; 0; must be a whole number of at least 1",
            "maxConnections; 513; must be at most 512, the MLLP connections the server holds across all partners",
            "maxConnectionsPerAddress; -1; must be a whole number of at least 1",
            "idleTimeout; soon; must be a length of time",
            "idleTimeout; 10 days; must be a length of time",
            "frameTimeout; 30x; must be a length of time",
            "maxFrameBytes; 10TB; must be a size",
            "maxFrameBytes; 2GiB; must be at most 1GiB",
            "hl7Version; 2.2; must be one of 2.3, 2.3.1, 2.4, 2.5, 2.5.1",
            "hl7Version; 3.0; must be one of 2.3, 2.3.1, 2.4, 2.5, 2.5.1",
            "apiKeyEnv; NO_SUCH_VARIABLE; names the environment variable NO_SUCH_VARIABLE, which is not set or empty",
            "apiKeyEnv; BLANK_KEY; names the environment variable BLANK_KEY, which is not set or empty"})
    void anInvalidValueIsAnErrorNamingThePartnerAndTheSetting(String key, String value, String what) {
        TrustSettings s = settings(Map.of(key, value));
        assertThatThrownBy(() -> read(key).accept(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PARTNER + "setting '" + key + "' ")
                .hasMessageContaining(what);
    }

    @Test
    void theMllpLimitsDefaultAsTheReadmeSaysAndTakeUnits() {
        assertThat(settings(Map.of()).mllpLimits()).isEqualTo(new MllpLimits(64, 16, 600_000, 30_000, 10 << 20, 512));
        assertThat(settings(withDefaults(Map.of())).mllpLimits())
                .isEqualTo(new MllpLimits(64, 16, 600_000, 30_000, 10 << 20, 512));
        assertThat(settings(Map.of("maxConnections", "100", "maxConnectionsPerAddress", "200", "idleTimeout", "1h",
                "frameTimeout", "500ms", "maxFrameBytes", "512KiB")).mllpLimits())
                .as("per address never above the total")
                .isEqualTo(new MllpLimits(100, 100, 3_600_000, 500, 512 * 1024, 512));
        assertThat(settings(Map.of("idleTimeout", "90s", "frameTimeout", "2000", "maxFrameBytes", "1048576"))
                .mllpLimits()).isEqualTo(new MllpLimits(64, 16, 90_000, 2000, 1 << 20, 512));
    }

    @Test
    void theApiKeyErrorNamesTheVariableButNeverShowsASecret() {
        TrustSettings s = settings(Map.of("apiKeyEnv", "BLANK_KEY"));
        assertThatThrownBy(s::apiKey).hasMessageNotContaining("s3cret");
        assertThat(settings(Map.of("apiKeyEnv", "TRUST_KEY")).apiKey()).contains("s3cret");
    }

    @Test
    void theApiKeyCanComeFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("trust-key"), "s3cret\n");
        assertThat(settings(Map.of("apiKeyFile", file.toString())).apiKey()).contains("s3cret");
        assertThatThrownBy(() -> settings(Map.of("apiKeyFile", dir.resolve("none").toString())).apiKey())
                .hasMessage(PARTNER + "setting 'apiKeyFile' names the file " + dir.resolve("none")
                        + ", which does not exist");
    }

    @Test
    void hl7v2DeliversToAnMllpAddressNotAUrl() {
        assertThatThrownBy(() -> settings(Map.of("format", "hl7v2", "deliveryUrl", "https://fhir.trust.nhs.uk/R4"))
                .checkDelivery())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(PARTNER + "setting 'deliveryUrl' is for format fhir; with format hl7v2 set deliveryAddress"
                        + " (host:port)");
    }

    @Test
    void fhirDeliversToAUrlNotAnMllpAddress() {
        assertThatThrownBy(() -> settings(withDefaults(Map.of("deliveryAddress", "pas.trust.nhs.uk:2576")))
                .checkDelivery())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(PARTNER + "setting 'deliveryAddress' is for format hl7v2; add 'format: hl7v2' or use "
                        + "deliveryUrl");
    }

    @Test
    void aFormatWithoutItsAddressIsATrustCareBridgeDoesNotDeliverTo() {
        settings(withDefaults(Map.of("format", "hl7v2"))).checkDelivery();
        settings(withDefaults(Map.of("format", "fhir"))).checkDelivery();
        assertThat(settings(Map.of("format", "hl7v2")).deliveryAddress()).isEmpty();
    }

    private static Consumer<TrustSettings> read(String key) {
        return switch (key) {
            case "mllpPort" -> TrustSettings::mllpPort;
            case "charset" -> TrustSettings::charset;
            case "fhirInbound" -> TrustSettings::fhirInbound;
            case "format" -> TrustSettings::format;
            case "deliveryUrl" -> TrustSettings::processMessageUrl;
            case "deliveryAddress" -> TrustSettings::deliveryAddress;
            case "deliveryTimeout" -> TrustSettings::deliveryTimeoutMs;
            case "hl7Version" -> TrustSettings::hl7Version;
            case "apiKeyEnv" -> TrustSettings::apiKey;
            case "maxConnections", "maxConnectionsPerAddress", "idleTimeout", "frameTimeout", "maxFrameBytes" ->
                    TrustSettings::mllpLimits;
            default -> throw new IllegalArgumentException(key);
        };
    }
}
