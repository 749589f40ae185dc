package uk.carebridge.plugin;

import java.nio.file.Path;

import ca.uhn.fhir.context.FhirContext;

/** What the server gives a plugin for one partner. */
public interface PartnerContext {

    Partner partner();

    /** Where translated inbound messages go; see {@link InboundGateway}. */
    InboundGateway inbound();

    /** Camel endpoint the deliverer routes must consume (a {@code direct:} endpoint owned by the server). */
    String deliveryEndpoint();

    /** Prefix for the ids of the routes the plugin adds, so logs and tools can tell partners apart. */
    default String routeId(String suffix) {
        return partner().id() + "-" + suffix;
    }

    /** The one shared, warmed FHIR R4 context: creating one costs ~150 ms, so never make another. */
    FhirContext fhir();

    /** Resolves a setting's value as a path: relative paths are taken from the CareBridge home folder. */
    Path resolvePath(String settingValue);
}
