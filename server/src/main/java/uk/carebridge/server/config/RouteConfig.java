package uk.carebridge.server.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One rule of a {@code routes/*.yaml} file: messages of these events from these partners (or groups), when
 * the condition holds, go to these destinations, each under its data-sharing policy. See routes/README.md.
 *
 * @param from      partner ids, or {@code group:<name>} for every partner of a group
 * @param condition optional FHIRPath expression over the message Bundle; the route takes the message only
 *                  when it evaluates to true
 */
public record RouteConfig(
        @JsonProperty("id") String id,
        @JsonProperty("description") String description,
        @JsonProperty("from") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> from,
        @JsonProperty("events") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> events,
        @JsonProperty("condition") String condition,
        @JsonProperty("to") List<Destination> to) {

    /** The prefix of a group name where a partner id may stand. */
    public static final String GROUP_PREFIX = "group:";

    public RouteConfig {
        from = from == null ? List.of() : from;
        events = events == null ? List.of() : events;
        to = to == null ? List.of() : to;
    }

    /**
     * A destination of a route (a partner, or every partner of a group) and its data-sharing policy: the
     * resource types it may receive (nothing else is sent: minimum necessary), the elements removed from those
     * (FHIRPath paths such as {@code Patient.telecom}), and the data-sharing agreement it is shared under.
     */
    public record Destination(
            @JsonProperty("partner") String partner,
            @JsonProperty("group") String group,
            @JsonProperty("resources") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> resources,
            @JsonProperty("remove") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> remove,
            @JsonProperty("agreement") String agreement) {

        public Destination {
            resources = resources == null ? List.of() : resources;
            remove = remove == null ? List.of() : remove;
        }

        /** A destination receiving these resource types, nothing removed, no named agreement (tests, tools). */
        public static Destination of(String partner, List<String> resources) {
            return new Destination(partner, null, resources, List.of(), null);
        }
    }

    /** A {@code from} or {@code to} entry's partners: a partner id, or every member of {@code group:<name>}. */
    public static Set<String> partnersOf(String entry, Map<String, List<String>> groups) {
        if (entry.startsWith(GROUP_PREFIX)) {
            return new LinkedHashSet<>(groups.getOrDefault(entry.substring(GROUP_PREFIX.length()), List.of()));
        }
        return Set.of(entry);
    }

    /** The top level of a route file. */
    public record RouteFile(@JsonProperty("routes") List<RouteConfig> routes) {
        public RouteFile {
            routes = routes == null ? List.of() : routes;
        }
    }
}
