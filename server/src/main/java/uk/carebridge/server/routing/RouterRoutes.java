package uk.carebridge.server.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.inbound.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;

/**
 * {@code carebridge.inbound} -> one copy per destination on {@code carebridge.outbound.<partner>},
 * in one broker transaction: a crash before the commit redelivers the inbound message, a commit
 * means every copy is on its queue.
 */
public final class RouterRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "carebridge-router";
    private static final String MESSAGE_JSON = "CareBridgeMessageJson";

    private final Supplier<RoutingTable> table;
    private final Journal journal;
    private final int consumers;

    public RouterRoutes(Supplier<RoutingTable> table, Journal journal, int consumers) {
        this.table = table;
        this.journal = journal;
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from("activemq:queue:" + Queues.INBOUND + "?concurrentConsumers=" + consumers)
                .routeId(ROUTE_ID)
                .transacted()
                .process(this::matchRoutes)
                .split(body())
                    .process(RouterRoutes::toCopy)
                    .toD("activemq:queue:" + Queues.outbound("${header." + MessageHeaders.DESTINATION + "}"))
                .end();
    }

    /** Replaces the body with the list of destinations, keeping the message itself aside. */
    private void matchRoutes(Exchange exchange) {
        var in = exchange.getMessage();
        String id = in.getHeader(MessageHeaders.MESSAGE_ID, String.class);
        String source = in.getHeader(MessageHeaders.SOURCE, String.class);
        String event = in.getHeader(MessageHeaders.EVENT, String.class);
        String types = in.getHeader(MessageHeaders.RESOURCE_TYPES, String.class);

        List<RoutingTable.Match> matches = table.get().destinations(source, event);
        List<JournalEntry> entries = new ArrayList<>();
        if (matches.isEmpty()) {
            entries.add(JournalEntry.of(Hop.UNROUTED, id, source, null, event, types,
                    "no route takes '" + event + "' from " + source));
        }
        for (RoutingTable.Match m : matches) {
            entries.add(JournalEntry.of(Hop.ROUTED, id, source, m.destination(), event, types, "route " + m.routeId()));
        }
        journal.record(entries);
        exchange.setProperty(MESSAGE_JSON, in.getBody(String.class));
        in.setBody(matches);
    }

    private static void toCopy(Exchange exchange) {
        RoutingTable.Match match = exchange.getMessage().getBody(RoutingTable.Match.class);
        exchange.getMessage().setHeader(MessageHeaders.DESTINATION, match.destination());
        exchange.getMessage().setBody(exchange.getProperty(MESSAGE_JSON, String.class));
    }
}
