package uk.carebridge.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars in tests: compiles Java sources with the JDK's compiler against the test
 * class path and packs them with a ServiceLoader file, so the plugin loader is tested on jars it has
 * never seen on its class path, as in production.
 */
public final class TestJars {
    private TestJars() {
    }

    /**
     * @param sources     fully qualified class name -> source
     * @param serviceImpl the class named in META-INF/services/uk.carebridge.plugin.PartnerPlugin (may be a
     *                    class that does not exist, to test that failure)
     */
    public static Path pluginJar(Path jar, Map<String, String> sources, String serviceImpl) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-proc:none"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = work.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("test plugin did not compile");
            }
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
            if (serviceImpl != null) {
                jos.putNextEntry(new JarEntry("META-INF/services/uk.carebridge.plugin.PartnerPlugin"));
                jos.write((serviceImpl + "\n").getBytes(StandardCharsets.UTF_8));
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** Source of a minimal plugin; {@code constructorBody} may throw to simulate a broken plugin. */
    public static String pluginSource(String pkg, String className, String id, String constructorBody) {
        return """
                package %s;
                import java.util.List;
                import org.apache.camel.RoutesBuilder;
                import uk.carebridge.plugin.*;
                public class %s implements PartnerPlugin {
                    public %s() { %s }
                    public String id() { return "%s"; }
                    public String description() { return "test plugin %s"; }
                    public List<PluginSetting> settings() { return List.of(PluginSetting.required("folder", "a folder")); }
                    public RoutesBuilder receiver(PartnerContext p) { return null; }
                    public uk.carebridge.plugin.delivery.Deliverer deliverer(PartnerContext p) { return null; }
                }
                """.formatted(pkg, className, className, constructorBody, id, id);
    }

    /** A plugin whose constructor throws, as a plugin with a broken static setup or missing dependency would. */
    public static Path brokenPluginJar(Path jar) throws IOException {
        return pluginJar(jar, Map.of("test.broken.BrokenPlugin", pluginSource("test.broken", "BrokenPlugin", "broken",
                "throw new IllegalStateException(\"cannot start: licence file missing\");")), "test.broken.BrokenPlugin");
    }
}
