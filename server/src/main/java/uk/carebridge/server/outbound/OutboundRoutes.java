package uk.carebridge.server.outbound;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.DeliveryResult;
import uk.carebridge.plugin.delivery.OutboundMessage;
import uk.carebridge.server.config.DeliverySettings;
import uk.carebridge.server.broker.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.plugin.LoaderSwap;
import uk.carebridge.server.security.InstallationKey;

/**
 * {@code carebridge.outbound.<partner>} -> the plugin's {@link Deliverer}, for one destination partner: the
 * delivery envelope every plugin shares, so that a deliverer only translates and hands over.
 *
 * <p>Transacted: the message leaves its queue only when the partner took it, or when it was moved
 * to {@code DLQ.carebridge.outbound.<partner>} (same transaction). Failed attempts are retried with
 * exponential backoff; a {@link DeliveryException#permanent permanent} failure is not retried. While
 * the server is stopping nothing is dead-lettered: the transaction rolls back and the message waits
 * in the broker for the next start.
 */
public final class OutboundRoutes extends RouteBuilder {

    private static final String ATTEMPTS_PROPERTY = "CareBridgeDeliveryAttempts";
    /** Set on an exchange whose message the router did not sign for this partner: never delivered, never re-signed. */
    private static final String NOT_ROUTED = "CareBridgeNotRouted";
    /** The reason a deliverer withheld the copy, from its result to the journal. */
    private static final String WITHHELD = "CareBridgeWithheld";
    private final InstallationKey key;

    private final String partnerId;
    private final Deliverer deliverer;
    private final DeliverySettings delivery;
    private final Journal journal;
    /** Set before this partner's route is stopped on its own (hot reload): act as if the server were stopping. */
    private volatile boolean draining;

    public OutboundRoutes(String partnerId, Deliverer deliverer, DeliverySettings delivery, Journal journal,
                          InstallationKey key) {
        this.key = key;
        this.partnerId = partnerId;
        this.deliverer = deliverer;
        this.delivery = delivery;
        this.journal = journal;
    }

    /**
     * Called before this route is stopped while the server keeps running (the partner was removed or changed):
     * a delivery that fails from now on is not retried or dead-lettered but rolled back, so it waits on
     * {@code carebridge.outbound.<partner>} like the messages not yet taken.
     */
    public void drain() {
        draining = true;
    }

    public static String routeId(String partnerId) {
        return "outbound-" + partnerId;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .retryWhile(this::shouldRetry)
                .redeliveryDelay(delivery.initialDelayMs())
                .useExponentialBackOff()
                .backOffMultiplier(delivery.backoffMultiplier())
                .maximumRedeliveryDelay(delivery.maxDelayMs())
                .onRedelivery(this::journalFailedAttempt)
                .logRetryAttempted(false)
                .logExhausted(false)
                .handled(true)
                .choice()
                    .when(stopping())
                        .process(exchange -> exchange.setRollbackOnly(true))
                    .otherwise()
                        .process(this::prepareDeadLetter)
                        .to("activemq:queue:" + Queues.deadLetter(partnerId))
                .end();

        from("activemq:queue:" + Queues.outbound(partnerId) + "?concurrentConsumers=" + delivery.consumers())
                .routeId(routeId(partnerId))
                .transacted()
                .process(this::checkStamp)
                .process(this::journalReplay)
                // JMS properties and the stamp stay behind (a dead letter is signed again).
                .removeHeaders("JMS*")
                .removeHeader(Queues.STAMP)
                .process(this::deliver)
                .process(this::journalOutcome);
    }

    /**
     * One attempt: the plugin's deliverer gets the copy as an {@link OutboundMessage}, never this exchange, so a
     * retry hands over exactly the same message whatever the transport did.
     */
    private void deliver(Exchange exchange) {
        var m = exchange.getMessage();
        OutboundMessage message = new OutboundMessage(m.getHeader(MessageHeaders.MESSAGE_ID, String.class),
                m.getHeader(MessageHeaders.SOURCE, String.class), m.getHeader(MessageHeaders.EVENT, String.class),
                m.getBody(String.class));
        DeliveryResult result;
        try (LoaderSwap swap = LoaderSwap.of(deliverer)) {
            result = deliverer.deliver(message);
        }
        if (result == null) {
            throw new IllegalStateException("the deliverer of " + partnerId + " returned no result");
        }
        if (result instanceof DeliveryResult.Withheld withheld) {
            exchange.setProperty(WITHHELD, withheld.reason());
        }
    }

    /**
     * Only what CareBridge's router put on this queue, for this partner, with this body, is delivered: anything that
     * reached the queue another way is dead-lettered at once (a permanent failure), with the reason.
     */
    private void checkStamp(Exchange exchange) {
        var m = exchange.getMessage();
        if (!key.verify(m.getHeader(Queues.STAMP, String.class), Queues.outbound(partnerId),
                m.getHeader(MessageHeaders.MESSAGE_ID, String.class), partnerId, m.getBody(String.class))) {
            exchange.setProperty(NOT_ROUTED, true);
            throw DeliveryException.permanent("not routed by CareBridge (no valid stamp for " + partnerId
                    + ": the message reached " + Queues.outbound(partnerId) + " some other way); not delivered");
        }
    }

    /**
     * A message an admin replayed from the dead-letter queue: journaled once (a redelivery after a rollback finds
     * the entry and does not add another), then the marker is removed so retries and a second dead-lettering do
     * not carry it.
     */
    private void journalReplay(Exchange exchange) {
        var m = exchange.getMessage();
        Object replayedAt = m.getHeader(MessageHeaders.REPLAYED_AT);
        if (replayedAt == null) {
            return;
        }
        m.removeHeader(MessageHeaders.REPLAYED_AT);
        String detail = "replayed from the dead-letter queue at " + replayedAt;
        String messageId = m.getHeader(MessageHeaders.MESSAGE_ID, String.class);
        boolean journaled = Boolean.TRUE.equals(m.getHeader("JMSRedelivered", Boolean.class)) && messageId != null
                && journal.history(messageId).stream().anyMatch(e -> e.hop() == Hop.REPLAYED
                        && partnerId.equals(e.destination()) && detail.equals(e.detail()));
        if (!journaled) {
            journal(exchange, Hop.REPLAYED, detail);
        }
    }

    /** Delivered, or withheld on purpose by the plugin (it said why). */
    private void journalOutcome(Exchange exchange) {
        String withheld = exchange.getProperty(WITHHELD, String.class);
        if (withheld == null) {
            journal(exchange, Hop.DELIVERED, null);
        } else {
            exchange.removeProperty(WITHHELD);
            journal(exchange, Hop.WITHHELD, withheld);
        }
    }

    /** Attempts made so far: the first, plus one per redelivery (counted here, not from Camel's counter). */
    private static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS_PROPERTY, 1, Integer.class);
    }

    private boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure instanceof DeliveryException d && d.isPermanent()) {
            return false;
        }
        if (draining || exchange.getContext().isStopping()) {
            return false;
        }
        return attempts(exchange) < delivery.maxAttempts();
    }

    private Predicate stopping() {
        return exchange -> draining || exchange.getContext().isStopping();
    }

    /** Runs before each redelivery: the previous attempt failed. */
    private void journalFailedAttempt(Exchange exchange) {
        journal(exchange, Hop.FAILED, reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        exchange.setProperty(ATTEMPTS_PROPERTY, attempts(exchange) + 1);
    }

    private void prepareDeadLetter(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = attempts(exchange);
        String reason = reason(cause);
        journal(exchange, Hop.FAILED, reason);
        journal(exchange, Hop.DEAD_LETTERED, "after " + attempts + " attempt(s): " + reason);
        exchange.getMessage().setHeader(MessageHeaders.FAILURE_REASON, reason);
        // The partner's answer (what it refused and why) is for the admin reading the dead-letter queue: kept on
        // the message, never in the log or the journal, as it may quote the message's patient data.
        if (cause instanceof DeliveryException d && d.partnerResponse() != null) {
            String response = d.partnerResponse();
            exchange.getMessage().setHeader(MessageHeaders.PARTNER_RESPONSE,
                    response.length() > 4000 ? response.substring(0, 4000) + "..." : response);
            exchange.getMessage().setHeader(MessageHeaders.FAILURE_REASON, reason + "; the partner answered: "
                    + (response.length() > 2000 ? response.substring(0, 2000) + "..." : response));
        }
        exchange.getMessage().setHeader(MessageHeaders.ATTEMPTS, attempts);
        if (exchange.getProperty(NOT_ROUTED) == null) {
            // Signed again for what goes to the dead-letter queue (the deliverer may have restored the body), so an
            // admin's replay is delivered; a message that was never CareBridge's stays unsigned.
            exchange.getMessage().setHeader(Queues.STAMP, key.stamp(Queues.outbound(partnerId), exchange.getMessage()
                    .getHeader(MessageHeaders.MESSAGE_ID, String.class), partnerId, exchange.getMessage().getBody(String.class)));
        }
        log.warn("Message {} for {} dead-lettered after {} attempt(s): {}",
                exchange.getMessage().getHeader(MessageHeaders.MESSAGE_ID), partnerId, attempts, reason);
    }

    private void journal(Exchange exchange, Hop hop, String detail) {
        var m = exchange.getMessage();
        journal.record(JournalEntry.of(hop, m.getHeader(MessageHeaders.MESSAGE_ID, String.class),
                m.getHeader(MessageHeaders.SOURCE, String.class), partnerId, m.getHeader(MessageHeaders.EVENT, String.class),
                m.getHeader(MessageHeaders.RESOURCE_TYPES, String.class), detail));
    }

    private static String reason(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // It becomes a JMS property of the dead letter: OpenWire cannot encode one over 64 KB, and the send to the
        // DLQ would then fail for ever. Bounded like the partner's answer.
        if (message.length() > 2000) {
            message = message.substring(0, 2000) + "...";
        }
        return (t instanceof DeliveryException d && d.isPermanent() ? "rejected by partner: " : "") + message;
    }
}
