package uk.carebridge.server.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One rule of a {@code routes/*.yaml} file: messages of these events from these partners go to
 * these destinations.
 */
public record RouteConfig(
        @JsonProperty("id") String id,
        @JsonProperty("description") String description,
        @JsonProperty("from") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> from,
        @JsonProperty("events") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> events,
        @JsonProperty("to") List<Destination> to) {

    public RouteConfig {
        from = from == null ? List.of() : from;
        events = events == null ? List.of() : events;
        to = to == null ? List.of() : to;
    }

    /** A destination partner of a route. */
    public record Destination(@JsonProperty("partner") String partner) {
    }

    /** The top level of a route file. */
    public record RouteFile(@JsonProperty("routes") List<RouteConfig> routes) {
        public RouteFile {
            routes = routes == null ? List.of() : routes;
        }
    }
}
