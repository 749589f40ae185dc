package uk.carebridge.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}: 200 {@code {"status":"UP","partners":{...}}} when Camel is started and the broker answers,
 * else 503 {@code {"status":"DOWN","reason":...,"partners":{...}}}. {@code partners} has each configured partner's
 * state (starting, restarting, running, failed with its reason) and the figures its listeners publish (an MLLP
 * listener's open and maximum connections): what an on-call analyst looks at first. Cheap: the broker probe runs on its own thread,
 * never on the event loop, at most once a second (the result is reused meanwhile), and one that hangs
 * (an external broker on a failover URL that is down) counts as down after two seconds.
 */
final class HealthHandler implements Handler<RoutingContext>, AutoCloseable {

    static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long TIMEOUT_MS = 2000;

    private record Checked(boolean ok, long at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BooleanSupplier camelStarted;
    private final BooleanSupplier brokerProbe;
    private final Supplier<Map<String, Map<String, Object>>> partners;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "carebridge-health");
        t.setDaemon(true);
        return t;
    });
    private volatile Checked last;
    private CompletableFuture<Boolean> running;

    HealthHandler(BooleanSupplier camelStarted, BooleanSupplier brokerProbe,
                  Supplier<Map<String, Map<String, Object>>> partners) {
        this.camelStarted = camelStarted;
        this.brokerProbe = brokerProbe;
        this.partners = partners;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!camelStarted.getAsBoolean()) {
            answer(ctx, false, "starting or stopping (routes and partners not all up)");
            return;
        }
        Context eventLoop = ctx.vertx().getOrCreateContext();
        brokerReachable().whenComplete((ok, error) -> eventLoop.runOnContext(v ->
                answer(ctx, Boolean.TRUE.equals(ok), "broker not reachable")));
    }

    private synchronized CompletableFuture<Boolean> brokerReachable() {
        Checked c = last;
        if (c != null && System.nanoTime() - c.at() < CACHE_NANOS) {
            return CompletableFuture.completedFuture(c.ok());
        }
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(brokerProbe::getAsBoolean, prober)
                    .exceptionally(e -> false)
                    .thenApply(ok -> {
                        last = new Checked(ok, System.nanoTime());
                        return ok;
                    });
        }
        return running.copy().completeOnTimeout(false, TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void answer(RoutingContext ctx, boolean up, String reason) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body(up, reason));
    }

    private String body(boolean up, String reason) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "UP" : "DOWN");
        if (!up) {
            health.put("reason", reason);
        }
        health.put("partners", partners.get());
        try {
            return JSON.writeValueAsString(health);
        } catch (JsonProcessingException e) {
            // a plugin published a figure Jackson cannot write: the verdict still goes out
            return up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\",\"reason\":\"" + reason + "\"}";
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
