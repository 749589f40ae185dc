package uk.carebridge.plugins.careprovider;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;

/**
 * What the server would hand the plugin for one partner, with the CareBridge home in a temp folder and, for a
 * deliverer, a Camel context ({@link #withCamel}).
 */
public record TestPartnerContext(Partner partner, InboundGateway inbound, Path home, CamelContext camelContext)
        implements PartnerContext {

    /** The id of the test partner, Rose Court Care Home. */
    public static final String PARTNER_ID = "rose-court";
    /** The test partner's ODS code. */
    public static final String PARTNER_ODS = "VM4T2";

    static TestPartnerContext of(Path home, InboundGateway gateway, Map<String, String> settings) {
        return new TestPartnerContext(new Partner(PARTNER_ID, "Rose Court Care Home", PARTNER_ODS,
                CareProviderPlugin.ID, settings), gateway, home, null);
    }

    TestPartnerContext withCamel(CamelContext camel) {
        return new TestPartnerContext(partner, inbound, home, camel);
    }

    @Override
    public CamelContext camel() {
        if (camelContext == null) {
            throw new IllegalStateException("this test context has no Camel context: use withCamel(camel)");
        }
        return camelContext;
    }

    @Override
    public FhirContext fhir() {
        return Fhir.R4;
    }

    @Override
    public Path resolvePath(String setting) {
        Path p = Path.of(setting);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }

    /** The care-provider plugin has no secrets; files would be read from the home folder. */
    @Override
    public java.util.Optional<String> secret(String name) {
        return uk.carebridge.plugin.Secrets.read(partner, name, variable -> null, this::resolvePath);
    }
}
