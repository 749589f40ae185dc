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
import uk.carebridge.server.rules.Fhir;
import uk.carebridge.server.rules.RuleChecks;

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
            c.from().forEach(f -> sources.addAll(RouteConfig.partnersOf(f, groups)));
            List<Target> targets = new ArrayList<>();
            for (RouteConfig.Destination d : c.to()) {
                SharingPolicy policy = SharingPolicy.of(d);
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
        for (Verdict verdict : explain(sourcePartner, event, message)) {
            if (verdict.condition() == ConditionResult.ERROR) {
                LOG.warn("Route {}: its condition could not be evaluated for message {} ({}); the route does not take"
                        + " it", verdict.route().id(), message.getIdElement().getIdPart(), verdict.conditionErrorType());
            }
            matches.addAll(verdict.matches());
        }
        return matches;
    }

    /** What a route's condition made of a message, in {@link #explain}. */
    public enum ConditionResult {
        /** The route has no condition. */
        NONE,
        TRUE,
        /** Evaluated to anything but exactly {@code true} (false, empty, several values). */
        FALSE,
        /** Evaluating it failed; the route does not take the message (as in {@link #destinations}). */
        ERROR,
        /** Not evaluated: the route does not take this source or event. */
        NOT_EVALUATED
    }

    /**
     * One route's verdict on a message, for {@code carebridge explain}.
     *
     * @param matches       the destinations this route gives the message to (as {@link #destinations} returns them)
     * @param alreadyTaken  destinations this route names that an earlier route already gives the message to
     * @param conditionError why the condition could not be evaluated, or null
     * @param conditionErrorType the class of that failure (what the log names: its message may quote the message)
     */
    public record Verdict(Route route, boolean sourceMatches, boolean eventMatches, ConditionResult condition,
                          String conditionError, String conditionErrorType, List<Match> matches,
                          List<String> alreadyTaken) {
        /** True when this route takes the message. */
        public boolean takes() {
            return sourceMatches && eventMatches && (condition == ConditionResult.NONE || condition == ConditionResult.TRUE);
        }
    }

    /**
     * Every route's verdict on a message, in file order: whether it takes this source and event, what its
     * condition evaluated to, and the destinations it gives the message to. The one matching of the table: the
     * matches of all verdicts, in order, are {@link #destinations}.
     */
    public List<Verdict> explain(String sourcePartner, String event, Bundle message) {
        List<Verdict> verdicts = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Route route : routes) {
            boolean source = route.sources().contains(sourcePartner);
            boolean ev = route.events().contains(event);
            ConditionResult condition;
            String error = null;
            String errorType = null;
            if (route.parsedCondition() == null) {
                condition = ConditionResult.NONE;
            } else if (!source || !ev) {
                condition = ConditionResult.NOT_EVALUATED;
            } else {
                try {
                    condition = route.conditionHolds(message) ? ConditionResult.TRUE : ConditionResult.FALSE;
                } catch (RuntimeException e) {
                    condition = ConditionResult.ERROR;
                    error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    errorType = e.getClass().getSimpleName();
                }
            }
            List<Match> matches = new ArrayList<>();
            List<String> taken = new ArrayList<>();
            Verdict probe = new Verdict(route, source, ev, condition, error, errorType, List.of(), List.of());
            if (probe.takes()) {
                for (Target t : route.to()) {
                    if (seen.add(t.partner())) {
                        matches.add(new Match(route.id(), t.partner(), t.policy()));
                    } else {
                        taken.add(t.partner());
                    }
                }
            }
            verdicts.add(new Verdict(route, source, ev, condition, error, errorType, List.copyOf(matches),
                    List.copyOf(taken)));
        }
        return verdicts;
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
