package uk.carebridge.plugins.localauthority;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.HttpDeliveries;
import uk.carebridge.plugin.http.ApiKey;

/**
 * Council adult social care systems. In: the v1 JSON API ({@code POST /partners/<id>/v1/people|referrals|
 * assessments|care-packages}), or polling a council feed; each event becomes one UK Core FHIR message. Out:
 * notices (admission, assessment request, expected discharge date, discharge, care home resident to hospital,
 * vital signs alert) POSTed as JSON to the council. See this module's README.md.
 */
public final class LocalAuthorityPlugin implements PartnerPlugin {

    public static final String ID = "local-authority";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Council adult social care: JSON events over HTTP (or polled) in, notices out, as UK Core FHIR R4";
    }

    @Override
    public List<PluginSetting> settings() {
        return CouncilSettings.DECLARED;
    }

    @Override
    public RoutesBuilder receiver(PartnerContext partner) {
        CouncilSettings settings = new CouncilSettings(partner);
        boolean inbound = settings.inbound();
        Optional<java.net.URI> pollUrl = settings.pollUrl();
        if (!inbound && pollUrl.isEmpty()) {
            return null;
        }
        ApiKey apiKey = ApiKey.of(inbound ? settings.apiKey() : Optional.empty());
        CouncilIntake intake = new CouncilIntake(partner.partner().id(), partner.inbound(), people(partner));
        RouteBuilder poller = pollUrl.map(url -> new CouncilPoller(partner, url, settings.pollIntervalMs(),
                settings.timeoutMs(), settings.credentials(), intake)).orElse(null);
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                if (inbound) {
                    for (CouncilResource resource : CouncilResource.values()) {
                        from("platform-http:" + partner.httpPath("v1/" + resource.path()) + "?httpMethodRestrict=POST")
                                .routeId(partner.routeId("in-" + resource.path()))
                                .process(new CouncilEventEndpoint(partner.partner().id(), resource, intake,
                                        partner.fhir(), apiKey));
                    }
                }
                if (poller != null) {
                    getContext().addRoutes(poller);
                }
            }
        };
    }

    @Override
    public Deliverer deliverer(PartnerContext partner) {
        CouncilSettings settings = new CouncilSettings(partner);
        return settings.deliveryUrl()
                .map(url -> new CouncilDelivery(partner, url, settings.timeoutMs(), settings.credentials(),
                        people(partner), settings.knownPeopleOnly()))
                .orElse(null);
    }

    private static PeopleRegister people(PartnerContext partner) {
        return new PeopleRegister(partner.partner().id(), partner.state());
    }

    @Override
    public List<String> describe(PartnerContext partner) {
        CouncilSettings settings = new CouncilSettings(partner);
        List<String> lines = new ArrayList<>();
        if (settings.inbound()) {
            String path = partner.httpPath("v1/");
            lines.add("JSON events: POST " + partner.httpBaseUrl().map(base -> base + path).orElse(path)
                    + "{people,referrals,assessments,care-packages}"
                    + (settings.apiKey().isPresent() ? " (X-API-Key required)" : ""));
        }
        settings.pollUrl().ifPresent(u -> lines.add("polls " + HttpDeliveries.shownUrl(u) + " every "
                + settings.pollIntervalMs() + " ms"));
        settings.deliveryUrl().ifPresent(u -> lines.add("delivers notices to " + HttpDeliveries.shownUrl(u)
                + (settings.knownPeopleOnly() ? " (people known to the council only)" : "")));
        return lines;
    }
}
