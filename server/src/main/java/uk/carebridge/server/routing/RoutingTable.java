package uk.carebridge.server.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.fhirpath.IFhirPath;
import uk.carebridge.server.config.RouteConfig;

/**
 * The admins' routes, compiled (groups expanded, FHIRPath parsed, policies built), ready to answer "who gets
 * this message, and what may each see?". Immutable: a reload builds a new one and swaps it in whole, so each
 * message is routed under one rule set, named by {@link #version()} in the journal.
 */
public final class RoutingTable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTable.class);

    /** One destination of a message, the route that sent it there, and what it may receive. */
    public record Match(String routeId, String destination, SharingPolicy policy) {
    }

    /** A destination partner of a compiled route and its policy. */
    public record Target(String partner, SharingPolicy policy) {
    }

    /** A route as it runs: sources and destinations with groups expanded. */
    public record Route(String id, Set<String> sources, Set<String> events, String condition,
                        IFhirPath.IParsedExpression parsedCondition, List<Target> to) {

        boolean takes(String source, String event) {
            return sources.contains(source) && events.contains(event);
        }

        /** True without a condition; with one, only when it evaluates to exactly {@code true}. */
        boolean conditionHolds(Bundle message) {
            if (parsedCondition == null) {
                return true;
            }
            List<IBase> result = Fhir.PATHS.evaluate(message, parsedCondition, IBase.class);
            return result.size() == 1 && result.get(0) instanceof BooleanType b && b.booleanValue();
        }
    }

    private final List<Route> routes;
    private final String version;

    private RoutingTable(List<Route> routes, String version) {
        this.routes = List.copyOf(routes);
        this.version = version;
    }

    /**
     * Compiles checked route configs ({@link uk.carebridge.server.config.ConfigLoader} has already reported every
     * problem with its file and line; what reaches here compiles).
     *
     * @param groups  group name -> partner ids
     * @param version names this rule set in the journal (a fingerprint of the files it was read from)
     */
    public static RoutingTable compile(List<RouteConfig> configs, Map<String, List<String>> groups, String version) {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig c : configs) {
            Set<String> sources = new LinkedHashSet<>();
            c.from().forEach(f -> sources.addAll(RuleChecks.partnersOf(f, groups)));
            List<Target> targets = new ArrayList<>();
            for (RouteConfig.Destination d : c.to()) {
                SharingPolicy policy = RuleChecks.policy(d);
                List<String> partners = d.group() != null ? groups.getOrDefault(d.group(), List.of()) : List.of(d.partner());
                partners.forEach(p -> targets.add(new Target(p, policy)));
            }
            routes.add(new Route(c.id(), sources, new LinkedHashSet<>(c.events()), c.condition(),
                    c.condition() == null ? null : RuleChecks.condition(c.condition()), targets));
        }
        return new RoutingTable(routes, version);
    }

    /** A table from routes alone (no groups), for tests and tools. */
    public static RoutingTable compile(List<RouteConfig> configs) {
        return compile(configs, Map.of(), "unversioned");
    }

    /**
     * Each destination once, under the first route (in file order) that takes the message and names it. A
     * condition that fails to evaluate counts as false for that message (logged with the route id).
     */
    public List<Match> destinations(String sourcePartner, String event, Bundle message) {
        List<Match> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!route.takes(sourcePartner, event) || !holds(route, message)) {
                continue;
            }
            for (Target t : route.to()) {
                if (seen.add(t.partner())) {
                    matches.add(new Match(route.id(), t.partner(), t.policy()));
                }
            }
        }
        return matches;
    }

    private static boolean holds(Route route, Bundle message) {
        try {
            return route.conditionHolds(message);
        } catch (RuntimeException e) {
            LOG.warn("Route {}: its condition could not be evaluated for message {} ({}); the route does not take it",
                    route.id(), message.getIdElement().getIdPart(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Every partner some route delivers to. */
    public Set<String> allDestinations() {
        Set<String> all = new LinkedHashSet<>();
        routes.forEach(r -> r.to().forEach(t -> all.add(t.partner())));
        return all;
    }

    public List<Route> routes() {
        return routes;
    }

    /** The rule set's name, e.g. {@code 3f9a2c1e}: a fingerprint of the route, partner and group files. */
    public String version() {
        return version;
    }

    public int size() {
        return routes.size();
    }
}
