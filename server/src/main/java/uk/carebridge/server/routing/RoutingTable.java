package uk.carebridge.server.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import uk.carebridge.server.config.RouteConfig;

/** The admins' routes, ready to answer "who gets this message?". Immutable: a reload builds a new one. */
public final class RoutingTable {

    /** One destination of a message and the route that sent it there. */
    public record Match(String routeId, String destination) {
    }

    private final List<RouteConfig> routes;

    public RoutingTable(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Each destination once, under the first route (in file order) that names it. */
    public List<Match> destinations(String sourcePartner, String event) {
        List<Match> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RouteConfig route : routes) {
            if (route.from().contains(sourcePartner) && route.events().contains(event)) {
                for (RouteConfig.Destination d : route.to()) {
                    if (seen.add(d.partner())) {
                        matches.add(new Match(route.id(), d.partner()));
                    }
                }
            }
        }
        return matches;
    }

    /** Every partner some route delivers to. */
    public Set<String> allDestinations() {
        Set<String> all = new LinkedHashSet<>();
        routes.forEach(r -> r.to().forEach(d -> all.add(d.partner())));
        return all;
    }

    public int size() {
        return routes.size();
    }
}
