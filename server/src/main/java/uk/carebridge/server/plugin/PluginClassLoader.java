package uk.carebridge.server.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * One plugin's class loader (Kafka Connect's plugin isolation is the model). The plugin's own jars
 * come first, so two plugins may bundle different versions of a library; the packages the server
 * shares with every plugin (the plugin API, Camel, HAPI FHIR, logging, metrics, the JDK) always come from the
 * server, so objects pass between server and plugin as the same classes.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final List<String> SHARED = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
            "uk.carebridge.plugin.", "uk.carebridge.fhir.", "uk.carebridge.validation.",
            "org.apache.camel.", "ca.uhn.fhir.", "org.hl7.fhir.", "org.slf4j.", "io.micrometer.");

    static {
        registerAsParallelCapable();
    }

    PluginClassLoader(String name, URL[] jars, ClassLoader server) {
        super(name, jars, server);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        // Plugin resources first, for the same reason as classes.
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    private static boolean isShared(String className) {
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
