package uk.carebridge.plugins.localauthority;

import java.net.URI;
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
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;

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

    /** Every setting receiver() and deliverer() read, read the same way, and nothing started. */
    @Override
    public void check(PartnerContext partner) {
        CouncilSettings settings = new CouncilSettings(partner);
        receiving(settings);
        delivering(settings);
    }

    @Override
    public RoutesBuilder receiver(PartnerContext partner) {
        Receiving r = receiving(new CouncilSettings(partner));
        if (!r.inbound() && r.pollUrl().isEmpty()) {
            return null;
        }
        CouncilIntake intake = new CouncilIntake(partner.partner().id(), partner.inbound(), people(partner));
        RouteBuilder poller = r.pollUrl().map(url -> new CouncilPoller(partner, url, r.pollIntervalMs(),
                r.timeoutMs(), r.credentials(), intake)).orElse(null);
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                if (r.inbound()) {
                    for (CouncilResource resource : CouncilResource.values()) {
                        from("platform-http:" + partner.httpPath("v1/" + resource.path()) + "?httpMethodRestrict=POST")
                                .routeId(partner.routeId("in-" + resource.path()))
                                .process(new CouncilEventEndpoint(partner.partner().id(), resource, intake,
                                        partner.fhir(), r.apiKey()));
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
        return delivering(new CouncilSettings(partner))
                .map(d -> new CouncilDelivery(partner, d.url(), d.timeoutMs(), d.credentials(), people(partner),
                        d.knownPeopleOnly()))
                .orElse(null);
    }

    /** What the council's receiver takes events with (its endpoints, its poll), every setting read. */
    private record Receiving(boolean inbound, Optional<URI> pollUrl, ApiKey apiKey, long pollIntervalMs,
                             long timeoutMs, CouncilCredentials credentials) {
    }

    private static Receiving receiving(CouncilSettings settings) {
        boolean inbound = settings.inbound();
        Optional<URI> pollUrl = settings.pollUrl();
        ApiKey apiKey = ApiKey.of(inbound ? settings.apiKey() : Optional.empty());
        return pollUrl.isEmpty() ? new Receiving(inbound, pollUrl, apiKey, 0, 0, null)
                : new Receiving(inbound, pollUrl, apiKey, settings.pollIntervalMs(), settings.timeoutMs(),
                        settings.credentials());
    }

    /** Where and how the council's notices go, every setting read; empty when the council only sends. */
    private record Delivering(URI url, long timeoutMs, CouncilCredentials credentials, boolean knownPeopleOnly) {
    }

    private static Optional<Delivering> delivering(CouncilSettings settings) {
        return settings.deliveryUrl().map(url -> new Delivering(url, settings.timeoutMs(), settings.credentials(),
                settings.knownPeopleOnly()));
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
