package uk.carebridge.server.http;

import java.util.List;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.http.ApiKey;

/** Two things the listener does for every request, before any plugin sees it. */
final class RequestHygiene {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHygiene.class);

    private RequestHygiene() {
    }

    /**
     * platform-http copies query parameters into the Camel headers the endpoints read, under the same names as
     * HTTP headers: {@code ?X-API-Key=...} would pass for the header. The key belongs in the header only (a URL
     * ends up in proxy and access logs), so the parameter is dropped here, whatever its case, and a request
     * carrying the key only in its URL is refused like one without a key (401).
     */
    static void onlyRealApiKeyHeader(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        List<String> keys = query.names().stream().filter(ApiKey.HEADER::equalsIgnoreCase).toList();
        keys.forEach(query::remove);
        ctx.next();
    }

    /**
     * Failure handler: a client that hangs up before its answer (Vert.x fails the request with
     * {@link HttpClosedException}) is nothing to fix on this side and there is no one left to answer; without
     * this Vert.x logs "Unhandled exception in router" at ERROR with a stack trace.
     */
    static void clientGone(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpClosedException || (ctx.response().closed() && !ctx.response().ended())) {
            LOG.debug("HTTP client closed the connection before its answer: {} {}", ctx.request().method(),
                    ctx.normalizedPath());
            return;
        }
        ctx.next();
    }
}
