package uk.carebridge.plugins.nhstrust;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;

/** What the server would hand the plugin for one trust partner. */
record TestPartnerContext(Partner partner, InboundGateway inbound, Optional<String> httpBaseUrl)
        implements PartnerContext {

    static final String PARTNER_ID = "st-elsewhere-hospital";
    static final String PARTNER_ODS = "RXX01";
    static final FhirContext R4 = FhirContext.forR4();

    static TestPartnerContext of(InboundGateway gateway, Map<String, String> settings) {
        return new TestPartnerContext(new Partner(PARTNER_ID, "St Elsewhere's Hospital NHS Foundation Trust",
                PARTNER_ODS, NhsTrustPlugin.ID, settings), gateway, Optional.empty());
    }

    TestPartnerContext withHttpBaseUrl(String base) {
        return new TestPartnerContext(partner, inbound, Optional.of(base));
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
