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
import uk.carebridge.server.broker.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.rules.Fhir;
import uk.carebridge.server.security.InstallationKey;

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
    private final InstallationKey key;
    /** Set on an exchange whose message the gateway did not admit: it goes to the inbound dead-letter queue. */
    private static final String NOT_ADMITTED = "CareBridgeNotAdmitted";

    public RouterRoutes(Supplier<RoutingTable> table, Journal journal, int consumers, MeterRegistry metrics,
                        InstallationKey key) {
        this.key = key;
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
                .choice()
                    .when(exchangeProperty(NOT_ADMITTED).isNotNull())
                        .to("activemq:queue:" + Queues.INBOUND_DEAD_LETTER)
                    .otherwise()
                        .split(body())
                            .process(this::toCopy)
                            .toD("activemq:queue:" + Queues.outbound("${header." + MessageHeaders.DESTINATION + "}"))
                        .end()
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
        String body = in.getBody(String.class);
        if (!key.verify(in.getHeader(Queues.STAMP, String.class), Queues.INBOUND, id, source, body)) {
            refuse(exchange);
            return;
        }
        RoutingTable rules = table.get();
        Bundle message = Fhir.R4.newJsonParser().parseResource(Bundle.class, body);

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

    /**
     * A message on carebridge.inbound that CareBridge's gateway did not put there (no stamp, or one that does not
     * match it): it reached the broker some other way, so it was neither validated nor journaled as received.
     * Never routed; kept on {@link Queues#INBOUND_DEAD_LETTER} for an admin to look at, and journaled. Its headers
     * are the sender's words, so the log gives the broker's own message id only.
     */
    private void refuse(Exchange exchange) {
        var in = exchange.getMessage();
        String jmsId = in.getHeader("JMSMessageID", String.class);
        String detail = "not admitted by CareBridge's inbound gateway (no valid stamp: it reached the broker some other "
                + "way); not routed, moved to " + Queues.INBOUND_DEAD_LETTER + " as JMS message " + jmsId;
        journal.record(List.of(JournalEntry.of(Hop.REJECTED, clip(in.getHeader(MessageHeaders.MESSAGE_ID, String.class)),
                clip(in.getHeader(MessageHeaders.SOURCE, String.class)), null, null, null, detail)));
        log.warn("A message on {} without CareBridge's valid stamp (JMS message {}) was not routed: moved to {}",
                Queues.INBOUND, jmsId, Queues.INBOUND_DEAD_LETTER);
        in.setHeader(MessageHeaders.FAILURE_REASON, detail);
        exchange.setProperty(NOT_ADMITTED, true);
    }

    /** An id as the journal's columns take it (a forged header may be anything). */
    private static String clip(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 64);
    }

    /** One destination's copy of a message. */
    private record Copy(String destination, String json) {
    }

    /**
     * The copy keeps the person's message group (JMSXGroupID, set by the gateway): one consumer at a time takes a
     * person's messages on every outbound queue, so they reach each destination in order. Set explicitly, not
     * left to Camel's header mapping, so a header clean-up here can never break the ordering silently.
     */
    private void toCopy(Exchange exchange) {
        var m = exchange.getMessage();
        Copy copy = m.getBody(Copy.class);
        m.setHeader(MessageHeaders.DESTINATION, copy.destination());
        m.setHeader(GROUP_HEADER, exchange.getProperty(GROUP_HEADER, String.class));
        // The destination delivers only copies the router signed, for it, with this body.
        m.setHeader(Queues.STAMP, key.stamp(Queues.outbound(copy.destination()),
                m.getHeader(MessageHeaders.MESSAGE_ID, String.class), copy.destination(), copy.json()));
        m.setBody(copy.json());
    }
}
