package uk.carebridge.testkit;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A Camel context with a real Vert.x HTTP server behind {@code platform-http}, on 127.0.0.1 and a free port,
 * set up as the server's HttpListener does: add a plugin's receiver routes, {@link #start()}, call it over HTTP.
 */
public final class PlatformHttpServer implements AutoCloseable {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final VertxPlatformHttpServer server;
    private final String baseUrl;

    public PlatformHttpServer() throws Exception {
        int port = Ports.free();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        camel.getRegistry().bind("test-http-configuration", VertxPlatformHttpServerConfiguration.class, conf);
        server = new VertxPlatformHttpServer(conf);
        server.setCamelContext(camel);
        ServiceHelper.startService(server);
        baseUrl = "http://127.0.0.1:" + port;
    }

    public DefaultCamelContext camel() {
        return camel;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return baseUrl;
    }

    public void start() {
        camel.start();
    }

    @Override
    public void close() {
        // The server first: it stops on a thread pool of the Camel context, gone once the context stopped.
        ServiceHelper.stopService(server);
        camel.stop();
    }
}
