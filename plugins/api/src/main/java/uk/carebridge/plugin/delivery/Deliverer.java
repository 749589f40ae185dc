package uk.carebridge.plugin.delivery;

import uk.carebridge.plugin.DeliveryException;

/**
 * Delivers the messages CareBridge routes to one partner (Kafka Connect's {@code SinkTask.put} is the model): one
 * call per copy, translated into what the partner takes and handed over.
 *
 * <p>What the server guarantees around each call ({@code uk.carebridge.server.outbound.OutboundRoutes}):
 * <ul>
 *   <li>it runs inside the broker transaction of the copy: the copy leaves {@code carebridge.outbound.<partner>}
 *       only once this call returned (or after the last retry, to the dead-letter queue, in the same
 *       transaction);</li>
 *   <li>it retries with backoff after a {@link DeliveryException#transientFailure transient} failure or any other
 *       exception, up to the partner's {@code delivery.maxAttempts}; a {@link DeliveryException#permanent
 *       permanent} one goes to the dead-letter queue at once, the partner's answer kept on it;</li>
 *   <li>it journals every attempt (delivered, withheld, failed, dead-lettered) from the result;</li>
 *   <li>a retry hands over the same {@link OutboundMessage}: a deliverer keeps no per-message state;</li>
 *   <li>it is called on up to {@code delivery.consumers} threads at once (each person's copies one at a time, in
 *       order): an implementation is thread-safe;</li>
 *   <li>the thread's context class loader is the plugin's during the call.</li>
 * </ul>
 * A deliverer may use Camel inside (see {@link CamelTransport}); it never sees the server's exchange, so it has no
 * headers to keep, no error handler to set and nothing to restore.
 */
public interface Deliverer extends AutoCloseable {

    /**
     * Delivers {@code message}, or decides it is not for this partner.
     *
     * @return {@link DeliveryResult#delivered()} once the partner has it; {@link DeliveryResult#withheld} when the
     *         deliverer decides not to deliver it (ids and codes only in the reason)
     * @throws DeliveryException transient (retry later) or permanent (refused for good, with the partner's answer)
     */
    DeliveryResult deliver(OutboundMessage message);

    /** The partner stops (a reload, the server stopping): release what {@link #deliver} used. */
    @Override
    default void close() throws Exception {
        // nothing held by default
    }
}
