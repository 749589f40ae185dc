package uk.carebridge.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.testing.TestJars;

class PluginLoaderTest {

    @TempDir
    Path folder;

    @Test
    void loadsEachPluginInItsOwnClassLoaderAndReportsBrokenOnesWhileKeepingTheRest() throws Exception {
        TestJars.pluginJar(folder.resolve("good.jar"), Map.of("test.good.GoodPlugin",
                TestJars.pluginSource("test.good", "GoodPlugin", "good", "")), "test.good.GoodPlugin");
        // A plugin in a folder of jars (its jar plus private libraries).
        TestJars.pluginJar(folder.resolve("folder-plugin/plugin.jar"), Map.of("test.other.OtherPlugin",
                TestJars.pluginSource("test.other", "OtherPlugin", "other", "")), "test.other.OtherPlugin");
        TestJars.brokenPluginJar(folder.resolve("broken.jar"));
        TestJars.pluginJar(folder.resolve("missing-class.jar"), Map.of(), "test.nowhere.Missing");
        TestJars.pluginJar(folder.resolve("no-service.jar"), Map.of("test.x.X", "package test.x; public class X {}"), null);
        Files.writeString(folder.resolve("README.txt"), "not a plugin");

        PluginCatalog catalog = PluginLoader.load(folder);

        assertThat(catalog.plugins()).extracting(PluginCatalog.Loaded::id).containsExactly("other", "good");
        assertThat(catalog.plugin("good").orElseThrow().getClass().getClassLoader())
                .isInstanceOf(PluginClassLoader.class)
                .isNotSameAs(catalog.plugin("other").orElseThrow().getClass().getClassLoader());
        assertThat(catalog.settingsById().get("good")).extracting(s -> s.name()).containsExactly("folder");

        assertThat(catalog.failures()).hasSize(3);
        assertThat(failure(catalog, "broken.jar")).contains("cannot start: licence file missing");
        assertThat(failure(catalog, "missing-class.jar")).contains("test.nowhere.Missing");
        assertThat(failure(catalog, "no-service.jar")).contains("no plugin found").contains("META-INF/services");
    }

    @Test
    void secondJarWithTheSameIdIsRefused() throws Exception {
        TestJars.pluginJar(folder.resolve("a.jar"), Map.of("test.a.P", TestJars.pluginSource("test.a", "P", "same", "")), "test.a.P");
        TestJars.pluginJar(folder.resolve("b.jar"), Map.of("test.b.P", TestJars.pluginSource("test.b", "P", "same", "")), "test.b.P");

        PluginCatalog catalog = PluginLoader.load(folder);

        assertThat(catalog.plugins()).hasSize(1);
        assertThat(failure(catalog, "b.jar")).contains("plugin id 'same' is already loaded");
    }

    @Test
    void missingFolderIsAFailureNotACrash() {
        PluginCatalog catalog = PluginLoader.load(folder.resolve("nope"));
        assertThat(catalog.plugins()).isEmpty();
        assertThat(catalog.failures()).singleElement().extracting(PluginCatalog.Failure::reason)
                .asString().contains("plugin folder does not exist");
    }

    private static String failure(PluginCatalog catalog, String file) {
        return catalog.failures().stream().filter(f -> f.source().getFileName().toString().equals(file))
                .findFirst().orElseThrow(() -> new AssertionError("no failure for " + file)).reason();
    }
}
