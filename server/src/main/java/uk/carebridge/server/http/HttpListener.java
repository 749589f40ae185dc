package uk.carebridge.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.server.config.ServerConfig;

/**
 * The server's one HTTP listener: a Vert.x server behind Camel's {@code platform-http} component.
 * Every {@code from("platform-http:/partners/<id>/...")} of every plugin is mounted on it, next to
 * the server's own {@code GET /health}.
 *
 * <p>What the server does once for every partner path ({@code /partners/*}), so plugins don't:
 * <ul>
 *   <li>503 (with Retry-After) while Camel is not started: starting, or stopping;</li>
 *   <li>415 for a POST, PUT or PATCH whose body is not JSON ({@link PartnerRequestFilter});</li>
 *   <li>413 for a body over {@code http.maxBodyBytes}: Vert.x's body handler refuses it from the
 *       Content-Length before reading it, or stops buffering as soon as a chunked body passes the
 *       limit, so a big request never fills memory.</li>
 *   <li>an {@code X-API-Key} query parameter is dropped, so only the real header counts
 *       ({@link RequestHygiene}); a client hanging up is logged at DEBUG, not as Vert.x's ERROR.</li>
 * </ul>
 *
 * <p>It is started before any route so that platform-http consumers find it, and stopped after
 * Camel, so in-flight requests are answered. (STACK-NOTES: one HTTP port only; a second
 * platform-http engine port failed to start.)
 */
public final class HttpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    public static final String HEALTH_PATH = "/health";
    public static final String PARTNERS_PREFIX = PartnerContext.HTTP_PARTNERS_PREFIX;

    private final VertxPlatformHttpServer server;
    private final HealthHandler health;
    private final ServerConfig.HttpSettings settings;

    private HttpListener(VertxPlatformHttpServer server, HealthHandler health, ServerConfig.HttpSettings settings) {
        this.server = server;
        this.health = health;
        this.settings = settings;
    }

    /**
     * Listens on {@code settings.host():settings.port()} (which must not be 0).
     *
     * @param brokerReachable a probe that may block (an external broker that is down); it runs off the
     *                        event loop, at most once a second, with a time limit
     */
    public static HttpListener start(CamelContext camel, ServerConfig.HttpSettings settings,
                                     BooleanSupplier brokerReachable, PartnerDoors doors) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("http.port is 0: no HTTP listener");
        }
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(settings.host());
        conf.setBindPort(settings.port());
        conf.setMaxBodySize(settings.maxBodyBytes());
        // Partners send JSON: never spool multipart uploads to a temp folder.
        conf.getBodyHandler().setHandleFileUploads(false);
        // The platform-http engine looks the port up here to find the router of this server.
        camel.getRegistry().bind("carebridge-http-configuration", VertxPlatformHttpServerConfiguration.class, conf);

        VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
        server.setCamelContext(camel);
        try {
            // Vert.x reports a failed bind on its event loop only (platform-http logs it and starts anyway),
            // so try the address first to give the reason, and check the server really listens afterwards.
            checkCanBind(settings);
            ServiceHelper.startService(server);
            if (server.getPort() <= 0) {
                throw new IllegalStateException("the listener did not bind (see the log above)");
            }
        } catch (RuntimeException e) {
            ServiceHelper.stopService(server);
            throw new IllegalStateException("cannot listen for HTTP on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e) + " (set http.host / http.port in carebridge.yaml; port 0: no HTTP listener)", e);
        }

        try {
            // Camel stops it in its own shutdown, after the routes (in-flight requests answered) and before
            // its thread pools: the server's stop runs on one of them, and once they are gone it never ends.
            camel.addService(server, true, false);
        } catch (Exception e) {
            ServiceHelper.stopService(server);
            throw new IllegalStateException("cannot register the HTTP listener with Camel: " + rootMessage(e), e);
        }

        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()));
        // Added before any consumer route, so these run first for every request.
        router.route().failureHandler(RequestHygiene::clientGone);
        router.route().failureHandler(new PartnerRequestFilter.TooLarge(settings.maxBodyBytes()));
        router.route(PARTNERS_PREFIX + "*").handler(RequestHygiene::onlyRealApiKeyHeader);
        router.route(PARTNERS_PREFIX + "*").handler(new PartnerRequestFilter(() -> camel.getStatus().isStarted(), doors));
        HealthHandler health = new HealthHandler(() -> camel.getStatus().isStarted() && doors.ready(), brokerReachable,
                doors::status);
        router.get(HEALTH_PATH).handler(health);

        HttpListener listener = new HttpListener(server, health, settings);
        LOG.info("HTTP listener on {} ({}), health at {}{}", settings.host() + ":" + settings.port(),
                isWildcard(settings.host()) ? "all interfaces" : "this interface only", listener.baseUrl(), HEALTH_PATH);
        return listener;
    }

    /** {@code http://host:port} to show people; a wildcard host (0.0.0.0) shows as localhost. */
    public String baseUrl() {
        return baseUrl(settings).orElseThrow();
    }

    /** {@code http://host:port}, or empty when the listener is off (port 0). */
    public static Optional<String> baseUrl(ServerConfig.HttpSettings settings) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String host = isWildcard(settings.host()) ? "localhost" : settings.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // IPv6 literal
        }
        return Optional.of("http://" + host + ":" + settings.port());
    }

    /** One line for the start-up banner. */
    public String description() {
        return baseUrl() + " (listening on " + settings.host() + ":" + settings.port()
                + (isWildcard(settings.host()) ? ", all interfaces" : "") + "; bodies up to " + settings.maxBodyBytes()
                + " bytes), health " + baseUrl() + HEALTH_PATH;
    }

    public int port() {
        return server.getPort();
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static void checkCanBind(ServerConfig.HttpSettings settings) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.host(), settings.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getCause() != null) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Stops listening if Camel has not already stopped it (it does, when its context stops); call after
     * Camel has stopped, so in-flight requests were answered.
     */
    @Override
    public void close() {
        try {
            ServiceHelper.stopService(server);
        } finally {
            health.close();
        }
    }
}
