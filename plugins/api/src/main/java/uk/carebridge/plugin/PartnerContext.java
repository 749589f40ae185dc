package uk.carebridge.plugin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** What the server gives a plugin for one partner. */
public interface PartnerContext {

    /** The prefix of every partner's HTTP paths: {@code /partners/<partner-id>/}. */
    String HTTP_PARTNERS_PREFIX = "/partners/";

    Partner partner();

    /** Where translated inbound messages go; see {@link InboundGateway}. */
    InboundGateway inbound();

    /**
     * The server's Camel context: receivers' routes run in it, and a {@link uk.carebridge.plugin.delivery.Deliverer}
     * reaches its partner through its components ({@link uk.carebridge.plugin.delivery.CamelTransport}).
     */
    CamelContext camel();

    /** Prefix for the ids of the routes the plugin adds, so logs and tools can tell partners apart. */
    default String routeId(String suffix) {
        return partner().id() + "-" + suffix;
    }

    /**
     * The HTTP path of one of this partner's endpoints: {@code /partners/<partner-id>/<suffix>}.
     * The server hosts one HTTP listener ({@code http:} in carebridge.yaml) shared by every partner;
     * each partner's endpoints live under its own prefix, and the server refuses to start a partner
     * whose receiver routes listen anywhere else. Consume it with Camel's {@code platform-http}:
     * <pre>{@code
     * from("platform-http:" + ctx.httpPath("fhir/$process-message") + "?httpMethodRestrict=POST")
     *     .routeId(ctx.routeId("fhir-in"))
     *     .process(...);
     * }</pre>
     * The path is used as written: FHIR operation names with {@code $} work unescaped (a client may
     * send {@code $} or {@code %24}; both reach the route). A leading {@code /} in {@code suffix} is
     * ignored.
     *
     * <p>What the server does before a request reaches the route: 503 while CareBridge starts or
     * stops; 415 for a POST/PUT/PATCH body that is not JSON ({@code application/json} or any
     * {@code application/*+json}, e.g. {@code application/fhir+json}); 413 for a body over
     * {@code http.maxBodyBytes}. Errors on {@code /partners/<id>/fhir/...} paths are OperationOutcomes.
     * The route sets the answer: {@code Exchange.HTTP_RESPONSE_CODE}, {@code Content-Type} and the
     * body; platform-http echoes the message's headers as response headers, so remove the request's
     * headers first ({@code removeHeaders("*")}) and set only yours.
     *
     * <p>When the listener is off ({@code http.port: 0}), a partner whose routes consume
     * {@code platform-http} is not started, with a message saying so; see {@link #httpBaseUrl()}.
     */
    default String httpPath(String suffix) {
        String s = suffix == null ? "" : suffix;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return HTTP_PARTNERS_PREFIX + partner().id() + "/" + s;
    }

    /**
     * {@code http://<host>:<port>} of the server's HTTP listener, for {@link PartnerPlugin#describe}
     * lines such as {@code "POST " + base + ctx.httpPath("fhir/$process-message")}; empty when the
     * listener is off ({@code http.port: 0} in carebridge.yaml). When it listens on all interfaces
     * the host shown is {@code localhost}.
     */
    default Optional<String> httpBaseUrl() {
        return Optional.empty();
    }

    /**
     * Durable values this plugin keeps for this partner (see {@link PartnerState}); shared by every instance.
     * Servers without a journal database (some tests) do not offer it.
     */
    default PartnerState state() {
        throw new UnsupportedOperationException("this CareBridge keeps no partner state");
    }

    /**
     * The server's metrics (Micrometer), exposed with its own. Name a plugin's meters {@code carebridge.<what>} and
     * tag each with {@code partner=<partner id>}. A counter asked for again (a restarted partner) is the same counter,
     * so counts run on; a gauge holds its object, so a plugin removes its gauges when the thing measured stops.
     * Servers that keep no metrics (some tests) give a registry that records nothing.
     */
    default MeterRegistry metrics() {
        return Metrics.globalRegistry;
    }

    /**
     * Publishes live figures about this partner under {@code partners.<id>.<name>} of {@code GET /health}, e.g. a
     * listener's open and maximum connections. {@code figures} is called for each health request, on a server
     * thread: it must be cheap, thread-safe and return a JSON-able value (a map of numbers and strings, a number).
     * Never patient data: {@code /health} needs no credentials. Publishing a name again replaces it; the server drops
     * a partner's figures when the partner stops.
     */
    default void publishStatus(String name, Supplier<?> figures) {
        // servers without a status page ignore it
    }

    /** What {@link #serverMaxMllpConnections()} is unless carebridge.yaml says otherwise. */
    int DEFAULT_SERVER_MAX_MLLP_CONNECTIONS = 512;

    /**
     * The most inbound MLLP connections this server holds open at once across every partner
     * ({@code mllp.maxConnections} in carebridge.yaml, default {@value #DEFAULT_SERVER_MAX_MLLP_CONNECTIONS}):
     * a plugin with an MLLP listener refuses a connection over it, and a partner asking for more does not start.
     */
    default int serverMaxMllpConnections() {
        return DEFAULT_SERVER_MAX_MLLP_CONNECTIONS;
    }

    /** The one shared, warmed FHIR R4 context: creating one costs ~150 ms, so never make another. */
    FhirContext fhir();

    /** Resolves a setting's value as a path: relative paths are taken from the CareBridge home folder. */
    Path resolvePath(String settingValue);

    /**
     * The partner's secret {@code name} (e.g. {@code apiKey}), never written in the partner file: from the environment
     * variable the setting {@code <name>Env} names, or from the file the setting {@code <name>File} names (its content,
     * trimmed; a relative path from the CareBridge home, as {@link #resolvePath}); at most one of the two. Empty when
     * neither is set. A variable not set or blank, a missing, unreadable or empty file, or both settings given: an
     * {@link IllegalArgumentException} naming the partner, the setting and the variable or path, never the secret.
     * Implementations never log the value; plugins must not either. {@link Secrets} has the details.
     */
    Optional<String> secret(String name);
}
