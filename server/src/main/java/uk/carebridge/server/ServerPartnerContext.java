package uk.carebridge.server;

import java.nio.file.Path;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;

/** What a plugin is given for one partner. */
record ServerPartnerContext(Partner partner, InboundGateway inbound, FhirContext fhir, Path home)
        implements PartnerContext {

    @Override
    public String deliveryEndpoint() {
        return "direct:carebridge-deliver-" + partner.id();
    }

    @Override
    public Path resolvePath(String settingValue) {
        Path p = Path.of(settingValue);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
