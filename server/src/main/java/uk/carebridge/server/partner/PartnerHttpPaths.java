package uk.carebridge.server.partner;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The rule for partners' HTTP endpoints: they live under the partner's own {@code /partners/<id>/} (so one partner
 * can never take another's path or the server's /health) and need the HTTP listener.
 */
final class PartnerHttpPaths {
    private PartnerHttpPaths() {
    }

    /**
     * Checked before anything of the partner is added, so a partner that breaks either rule is reported and skipped
     * while the others start. Configuring the builder here is what {@code addRoutes} would do anyway (it is done
     * once), and an exception from a plugin's configure() then fails only its partner.
     */
    static void check(String partnerId, RoutesBuilder receiver, CamelContext camel, boolean httpEnabled)
            throws Exception {
        if (!(receiver instanceof RouteBuilder builder)) {
            return;
        }
        String prefix = "/partners/" + partnerId + "/";
        for (RouteDefinition route : builder.configureRoutes(camel).getRoutes()) {
            String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
            if (uri == null || !uri.startsWith("platform-http:")) {
                continue;
            }
            String path = uri.substring("platform-http:".length());
            int query = path.indexOf('?');
            path = "/" + (query < 0 ? path : path.substring(0, query)).replaceFirst("^/+", "");
            if (!httpEnabled) {
                throw new IllegalStateException("receives over HTTP (platform-http:" + path + ") but the HTTP listener"
                        + " is off (http.port: 0 in carebridge.yaml)");
            }
            if (!path.startsWith(prefix)) {
                throw new IllegalStateException("HTTP endpoint " + path + " is outside " + prefix
                        + ": a plugin must mount its endpoints with PartnerContext.httpPath(...)");
            }
        }
    }
}
