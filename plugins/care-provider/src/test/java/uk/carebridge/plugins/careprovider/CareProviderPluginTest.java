package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.PluginSetting;

class CareProviderPluginTest {

    @TempDir
    Path home;

    @Test
    void theServerFindsThePluginThroughServiceLoader() {
        assertThat(ServiceLoader.load(PartnerPlugin.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(CareProviderPlugin.class);
                    assertThat(p.id()).isEqualTo("care-provider");
                    assertThat(p.description()).isNotBlank();
                });
    }

    @Test
    void itDeclaresItsSettingsWithDefaults() {
        assertThat(new CareProviderPlugin().settings())
                .extracting(PluginSetting::name, PluginSetting::required, PluginSetting::defaultValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("inbox", false, null),
                        org.assertj.core.groups.Tuple.tuple("done", false, null),
                        org.assertj.core.groups.Tuple.tuple("error", false, null),
                        org.assertj.core.groups.Tuple.tuple("outbox", false, null),
                        org.assertj.core.groups.Tuple.tuple("deliveryUrl", false, null),
                        org.assertj.core.groups.Tuple.tuple("pollDelay", false, "500"),
                        org.assertj.core.groups.Tuple.tuple("deliveryTimeout", false, "10000"),
                        org.assertj.core.groups.Tuple.tuple("careSetting", false, "care-home"));
    }

    @Test
    void aPartnerWithoutInboxDoesNotSendAndWithoutOutboxOrUrlDoesNotReceive() throws Exception {
        TestPartnerContext context = TestPartnerContext.of(home, new RecordingGateway(), Map.of());

        assertThat(new CareProviderPlugin().receiver(context)).isNull();
        assertThat(new CareProviderPlugin().deliverer(context)).isNull();
    }

    @Test
    void doneAndErrorDefaultToSiblingsOfTheInboxAndCanBeSet() {
        TestPartnerContext defaults = TestPartnerContext.of(home, new RecordingGateway(), Map.of("inbox", "a/in"));
        TestPartnerContext explicit = TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("inbox", "a/in", "done", "/srv/archive", "error", "b/problems"));

        DropFolders folders = CareProviderSettings.of(defaults).dropFolders().orElseThrow();
        assertThat(folders.inbox()).isEqualTo(home.resolve("a/in"));
        assertThat(folders.done()).isEqualTo(home.resolve("a/done"));
        assertThat(folders.error()).isEqualTo(home.resolve("a/error"));
        DropFolders set = CareProviderSettings.of(explicit).dropFolders().orElseThrow();
        assertThat(set.done()).isEqualTo(Path.of("/srv/archive"));
        assertThat(set.error()).isEqualTo(home.resolve("b/problems"));
    }

    @Test
    void badSettingsAreClearErrorsWhenTheRoutesAreBuilt() {
        CareProviderPlugin plugin = new CareProviderPlugin();

        assertThatThrownBy(() -> plugin.receiver(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("inbox", "in", "pollDelay", "soon"))))
                .hasMessage("partner rose-court: setting 'pollDelay' must be a whole number of milliseconds");
        assertThatThrownBy(() -> plugin.receiver(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("inbox", "in", "careSetting", "hospital"))))
                .hasMessage("partner rose-court: setting 'careSetting' must be care-home or home-care");
        assertThatThrownBy(() -> plugin.receiver(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("inbox", "in", "done", "in/"))))
                .hasMessage("partner rose-court: setting 'done' must be another folder than the inbox");
        assertThatThrownBy(() -> plugin.deliverer(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("deliveryUrl", "ftp://example.org/in"))))
                .hasMessageContaining("'deliveryUrl' must be an http:// or https:// URL");
        assertThatThrownBy(() -> plugin.deliverer(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("deliveryUrl", "https://example.org/in", "deliveryTimeout", "0"))))
                .hasMessageContaining("'deliveryTimeout' must be a positive number");
    }

    @Test
    void aMessageIsKnownDeliveredOnceItsOutboxFileIsThere() throws Exception {
        CareProviderPlugin plugin = new CareProviderPlugin();
        assertThat(plugin.deliveredCopies(TestPartnerContext.of(home, new RecordingGateway(), Map.of()))).isNull();
        var delivered = plugin.deliveredCopies(TestPartnerContext.of(home, new RecordingGateway(), Map.of("outbox", "out")));
        java.nio.file.Files.createDirectories(home.resolve("out"));
        java.nio.file.Files.writeString(home.resolve("out/msg-1.json"), "{}");
        java.nio.file.Files.writeString(home.resolve("out/.writing-msg-2.json"), "{");
        assertThat(delivered.test("msg-1")).isTrue();
        assertThat(delivered.test("msg-2")).isFalse();
        assertThat(delivered.test("../out/msg-1")).isFalse();
    }
}
