package uk.carebridge.server.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.Bundle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    /** Micrometer counter of messages no route took (each also journaled UNROUTED). */
    public static final String UNROUTED_COUNTER = "carebridge.messages.unrouted";
    private static final String GROUP_HEADER = "JMSXGroupID";

    private final Supplier<RoutingTable> table;
    private final Journal journal;
    private final int consumers;
    private final Counter unrouted;

    public RouterRoutes(Supplier<RoutingTable> table, Journal journal, int consumers, MeterRegistry metrics) {
        this.table = table;
        this.journal = journal;
        this.consumers = consumers;
        this.unrouted = Counter.builder(UNROUTED_COUNTER)
                .description("Messages no route took; each is journaled as UNROUTED").register(metrics);
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

    /**
     * Replaces the body with the copies to send, one per destination, each already cut down by its destination's
     * data-sharing policy. One rule set (the table read once here) decides every copy of a message.
     */
    private void matchRoutes(Exchange exchange) {
        var in = exchange.getMessage();
        String id = in.getHeader(MessageHeaders.MESSAGE_ID, String.class);
        String source = in.getHeader(MessageHeaders.SOURCE, String.class);
        String event = in.getHeader(MessageHeaders.EVENT, String.class);
        String types = in.getHeader(MessageHeaders.RESOURCE_TYPES, String.class);
        RoutingTable rules = table.get();
        Bundle message = Fhir.R4.newJsonParser().parseResource(Bundle.class, in.getBody(String.class));

        List<Copy> copies = new ArrayList<>();
        List<JournalEntry> entries = new ArrayList<>();
        for (RoutingTable.Match m : rules.destinations(source, event, message)) {
            SharingPolicy.Shared shared = m.policy().apply(message);
            String under = "route " + m.routeId() + ", rules " + rules.version();
            if (!shared.hasFocus()) {
                entries.add(JournalEntry.of(Hop.WITHHELD, id, source, m.destination(), event, types, under
                        + ": its policy withholds everything the message is about (" + String.join(",", shared.dropped())
                        + ")"));
                continue;
            }
            copies.add(new Copy(m.destination(), Fhir.R4.newJsonParser().encodeResourceToString(shared.message())));
            entries.add(JournalEntry.of(Hop.ROUTED, id, source, m.destination(), event, String.join(",", shared.kept()),
                    under + ", " + m.policy().describe()));
        }
        if (copies.isEmpty() && entries.isEmpty()) {
            entries.add(JournalEntry.of(Hop.UNROUTED, id, source, null, event, types,
                    "no route takes '" + event + "' from " + source + " (rules " + rules.version() + ")"));
            unrouted.increment();
        }
        journal.record(entries);
        exchange.setProperty(GROUP_HEADER, in.getHeader(GROUP_HEADER, String.class));
        in.setBody(copies);
    }

    /** One destination's copy of a message. */
    private record Copy(String destination, String json) {
    }

    /**
     * The copy keeps the person's message group (JMSXGroupID, set by the gateway): one consumer at a time takes a
     * person's messages on every outbound queue, so they reach each destination in order. Set explicitly, not
     * left to Camel's header mapping, so a header clean-up here can never break the ordering silently.
     */
    private static void toCopy(Exchange exchange) {
        Copy copy = exchange.getMessage().getBody(Copy.class);
        exchange.getMessage().setHeader(MessageHeaders.DESTINATION, copy.destination());
        exchange.getMessage().setHeader(GROUP_HEADER, exchange.getProperty(GROUP_HEADER, String.class));
        exchange.getMessage().setBody(copy.json());
    }
}
