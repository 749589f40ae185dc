package uk.carebridge.server.plugin;

/**
 * The thread's context class loader set to a plugin's for one call into plugin code, and put back after (Kafka
 * Connect's {@code LoaderSwap}). Libraries a plugin bundles that load classes or resources through the context
 * class loader (JAXB, some JSON and XML libraries, ServiceLoader without a loader) then find the plugin's own.
 * <pre>{@code
 * try (LoaderSwap swap = LoaderSwap.of(plugin)) {
 *     return plugin.deliverer(context);
 * }
 * }</pre>
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private LoaderSwap(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    /** The context class loader of the current thread becomes the one that loaded {@code pluginObject}. */
    public static LoaderSwap of(Object pluginObject) {
        ClassLoader loader = pluginObject.getClass().getClassLoader();
        return new LoaderSwap(loader == null ? ClassLoader.getSystemClassLoader() : loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
