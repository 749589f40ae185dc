package uk.carebridge.plugins.nhstrust;

import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;

/** The demo trust as the server would hand it to the plugin (the test kit's context, this plugin's partner). */
final class TrustPartner {
    private TrustPartner() {
    }

    static final String PARTNER_ID = "st-elsewhere-hospital";
    static final String PARTNER_ODS = "RXX01";
    static final FhirContext R4 = uk.carebridge.testkit.TestPartnerContext.R4;

    static uk.carebridge.testkit.TestPartnerContext of(InboundGateway gateway, Map<String, String> settings) {
        return uk.carebridge.testkit.TestPartnerContext.of(new Partner(PARTNER_ID,
                "St Elsewhere's Hospital NHS Foundation Trust", PARTNER_ODS, NhsTrustPlugin.ID, settings), gateway);
    }
}
