package uk.carebridge.server.partner;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.http.PartnerDoors;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerState;
import uk.carebridge.plugin.Secrets;

/**
 * What a plugin is given for one partner.
 *
 * @param httpBaseUrl {@code http://host:port} of the server's HTTP listener; empty when it is off
 * @param doors       where the partner's published figures go ({@code /health})
 */
record ServerPartnerContext(Partner partner, InboundGateway inbound, FhirContext fhir, ConfigSet config,
                            Optional<String> httpBaseUrl, PartnerState state, MeterRegistry metrics,
                            PartnerDoors doors, CamelContext camel)
        implements PartnerContext {

    @Override
    public int serverMaxMllpConnections() {
        return config.server().mllp().maxConnections();
    }

    @Override
    public void publishStatus(String name, Supplier<?> figures) {
        doors.publish(partner.id(), name, figures);
    }

    @Override
    public Path resolvePath(String settingValue) {
        return config.resolve(settingValue);
    }

    /** From this process's environment or a file; see {@link Secrets}. Never logged. */
    @Override
    public Optional<String> secret(String name) {
        return Secrets.read(partner, name, System::getenv, this::resolvePath);
    }
}
