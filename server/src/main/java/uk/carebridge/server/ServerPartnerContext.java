package uk.carebridge.server;

import java.nio.file.Path;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerState;

/**
 * What a plugin is given for one partner.
 *
 * @param httpBaseUrl {@code http://host:port} of the server's HTTP listener; empty when it is off
 */
record ServerPartnerContext(Partner partner, InboundGateway inbound, FhirContext fhir, ConfigSet config,
                            Optional<String> httpBaseUrl, PartnerState state)
        implements PartnerContext {

    @Override
    public String deliveryEndpoint() {
        return "direct:carebridge-deliver-" + partner.id();
    }

    @Override
    public Path resolvePath(String settingValue) {
        return config.resolve(settingValue);
    }
}
