package uk.carebridge.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerState;
import uk.carebridge.plugin.Secrets;

/**
 * What the server would hand a plugin for one partner: a gateway, settings, state, paths as given, a metrics
 * registry of its own, environment variables of its own ({@link #withEnvironment}) and the figures the plugin
 * published ({@link #status}).
 */
public record TestPartnerContext(Partner partner, InboundGateway inbound, Optional<String> httpBaseUrl,
                                 PartnerState state, MeterRegistry metrics, Map<String, Supplier<?>> published,
                                 CamelContext camelContext, Map<String, String> environment)
        implements PartnerContext {

    /** One FHIR context for every test in a JVM, as the server has one. */
    public static final FhirContext R4 = FhirContext.forR4();

    public static TestPartnerContext of(Partner partner, InboundGateway gateway) {
        return new TestPartnerContext(partner, gateway, Optional.empty(), new InMemoryPartnerState(),
                new SimpleMeterRegistry(), new ConcurrentHashMap<>(), null, Map.of());
    }

    public static TestPartnerContext of(String id, String odsCode, String plugin, Map<String, String> settings,
                                        InboundGateway gateway) {
        return of(new Partner(id, id, odsCode, plugin, settings), gateway);
    }

    public TestPartnerContext withHttpBaseUrl(String base) {
        return new TestPartnerContext(partner, inbound, Optional.of(base), state, metrics, published, camelContext,
                environment);
    }

    public TestPartnerContext withState(PartnerState other) {
        return new TestPartnerContext(partner, inbound, httpBaseUrl, other, metrics, published, camelContext,
                environment);
    }

    /** The Camel context the plugin's deliverer sends through, as the server's would be. */
    public TestPartnerContext withCamel(CamelContext camel) {
        return new TestPartnerContext(partner, inbound, httpBaseUrl, state, metrics, published, camel, environment);
    }

    /**
     * The environment variables {@link #secret} reads ({@code <name>Env} settings), instead of the process's, so tests
     * need not set real ones. Files ({@code <name>File}) are read from disk, paths as given.
     */
    public TestPartnerContext withEnvironment(Map<String, String> variables) {
        return new TestPartnerContext(partner, inbound, httpBaseUrl, state, metrics, published, camelContext,
                Map.copyOf(variables));
    }

    @Override
    public Optional<String> secret(String name) {
        return Secrets.read(partner, name, environment::get, this::resolvePath);
    }

    @Override
    public CamelContext camel() {
        if (camelContext == null) {
            throw new IllegalStateException("this test context has no Camel context: use withCamel(camel)");
        }
        return camelContext;
    }

    @Override
    public void publishStatus(String name, Supplier<?> figures) {
        published.put(name, figures);
    }

    /** What {@code /health} would show under {@code partners.<id>.<name>} now; empty if nothing was published. */
    public Optional<Object> status(String name) {
        return Optional.ofNullable(published.get(name)).map(Supplier::get);
    }

    @Override
    public FhirContext fhir() {
        return R4;
    }

    @Override
    public Path resolvePath(String setting) {
        return Path.of(setting);
    }
}
