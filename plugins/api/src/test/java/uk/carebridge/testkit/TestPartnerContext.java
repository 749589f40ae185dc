package uk.carebridge.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerState;

/** What the server would hand a plugin for one partner: a gateway, settings, state, and paths as given. */
public record TestPartnerContext(Partner partner, InboundGateway inbound, Optional<String> httpBaseUrl,
                                 PartnerState state) implements PartnerContext {

    /** One FHIR context for every test in a JVM, as the server has one. */
    public static final FhirContext R4 = FhirContext.forR4();

    public static TestPartnerContext of(Partner partner, InboundGateway gateway) {
        return new TestPartnerContext(partner, gateway, Optional.empty(), new InMemoryPartnerState());
    }

    public static TestPartnerContext of(String id, String odsCode, String plugin, Map<String, String> settings,
                                        InboundGateway gateway) {
        return of(new Partner(id, id, odsCode, plugin, settings), gateway);
    }

    public TestPartnerContext withHttpBaseUrl(String base) {
        return new TestPartnerContext(partner, inbound, Optional.of(base), state);
    }

    public TestPartnerContext withState(PartnerState other) {
        return new TestPartnerContext(partner, inbound, httpBaseUrl, other);
    }

    @Override
    public String deliveryEndpoint() {
        return "direct:carebridge-deliver-" + partner.id();
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
