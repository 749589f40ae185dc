package uk.carebridge.plugins.nhstrust;

import java.net.Socket;
import java.nio.charset.Charset;
import java.util.Arrays;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;

import uk.carebridge.plugin.PartnerContext;

/**
 * camel-mllp's listener endpoint, configured from an ordinary {@code mllp://} URI, with a consumer that keeps a trust's
 * port open to every sender it may have and bounded whatever a sender does. camel-mllp does the framing, the route
 * call, the ACK and the idle timeout; this class adds, at the two seams its consumer offers:
 * <ul>
 *   <li>{@code validateConsumer(Socket)}, called by camel-mllp's accept thread for each new connection: the
 *       {@link MllpConnectionGate} (per partner, per address, server-wide) before anything is read, and then each
 *       admitted connection's reading through a {@link BoundedMllpSocketBuffer} (frame size and frame time).
 *       camel-mllp's own validation step (a first read on a thread of its own, to spot load-balancer probes) is
 *       skipped: it would read the first frame with camel-mllp's unbounded buffer, and the gate already bounds
 *       what a probe can cost.</li>
 *   <li>{@code processMessage}: frames shorter than four bytes, see {@link #padded}.</li>
 * </ul>
 *
 * <p>Short frames: camel-mllp 4.17's {@code MllpTcpServerConsumer.sendAcknowledgement} reads byte 3 of the received
 * frame (the MSH field separator) whenever the route set the acknowledgement property, before it writes the ACK. For
 * a frame of 0 to 3 bytes that is an {@code ArrayIndexOutOfBoundsException}: the socket is reset, the sender gets no
 * ACK, and an ERROR with a stack trace is logged. Neither a route option nor an {@code onException} can help, as the
 * socket is already reset when the exception is handled. So such a frame is handed on padded with CRs to four bytes:
 * a blank segment is what the reader drops anyway, so the route sees the same (empty) message and answers AR, and
 * camel-mllp sends that ACK.
 */
final class TrustMllpEndpoint extends MllpEndpoint {

    /** camel-mllp reads index 3 of the frame: a frame needs at least this many bytes. */
    static final int MINIMUM_FRAME = 4;
    /** camel-mllp's thread pool is the backstop: a little over the gate, for threads finishing a closed socket. */
    private static final int THREAD_SLACK = 8;

    private final PartnerContext partner;
    private final String partnerId;
    private final MllpLimits limits;

    private TrustMllpEndpoint(MllpEndpoint configured, PartnerContext partner, MllpLimits limits) {
        super(configured.getEndpointUri(), configured.getComponent(), configured.getConfiguration());
        setHostname(configured.getHostname());
        setPort(configured.getPort());
        this.partner = partner;
        this.partnerId = partner.partner().id();
        this.limits = limits;
    }

    /**
     * The listener endpoint for an {@code mllp://host:port?options} URI, configured by camel-mllp itself, with the
     * accept backlog, camel-mllp's thread pool, keep-alive, the idle timeout and the buffer bound set from
     * {@code limits}.
     */
    static TrustMllpEndpoint of(CamelContext camel, String uri, PartnerContext partner, MllpLimits limits)
            throws Exception {
        String bounded = uri + (uri.contains("?") ? "&" : "?") + "backlog=" + limits.maxConnections()
                + "&maxConcurrentConsumers=" + (limits.maxConnections() + THREAD_SLACK)
                + "&keepAlive=true&idleTimeout=" + limits.idleTimeoutMs()
                + "&receiveTimeout=" + limits.idleCheckMs() + "&readTimeout=" + limits.frameTimeoutMs()
                + "&maxBufferSize=" + (limits.maxFrameBytes() + 16);
        return new TrustMllpEndpoint((MllpEndpoint) component(camel).createEndpoint(bounded), partner, limits);
    }

    /**
     * The context's MLLP component, never logging message content: camel-mllp's {@code logPhi} (default true)
     * puts received bytes into its exceptions' messages. Every MLLP endpoint CareBridge creates (listeners and
     * deliveries) is made through this.
     */
    static MllpComponent component(CamelContext camel) {
        MllpComponent mllp = camel.getComponent("mllp", MllpComponent.class);
        mllp.setLogPhi(false);
        return mllp;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MllpConnectionGate gate = new MllpConnectionGate(partnerId, limits, partner.metrics());
        partner.publishStatus("mllp", gate::status);
        Charset charset = Charset.forName(getConfiguration().getCharsetName());
        Consumer consumer = new MllpTcpServerConsumer(this, processor) {
            @Override
            public void validateConsumer(Socket socket) {
                if (gate.admit(socket)) {
                    startConsumer(socket, new BoundedMllpSocketBuffer(TrustMllpEndpoint.this, partnerId, limits,
                            charset));
                }
            }

            @Override
            public void processMessage(byte[] hl7MessageBytes, TcpSocketConsumerRunnable consumerRunnable) {
                super.processMessage(padded(hl7MessageBytes), consumerRunnable);
            }

            @Override
            protected void doStop() throws Exception {
                gate.close();
                super.doStop();
            }
        };
        configureConsumer(consumer);
        return consumer;
    }

    /** The frame, or for one shorter than {@link #MINIMUM_FRAME} bytes the same bytes followed by CRs. */
    static byte[] padded(byte[] frame) {
        byte[] bytes = frame == null ? new byte[0] : frame;
        if (bytes.length >= MINIMUM_FRAME) {
            return bytes;
        }
        byte[] longer = Arrays.copyOf(bytes, MINIMUM_FRAME);
        Arrays.fill(longer, bytes.length, MINIMUM_FRAME, (byte) '\r');
        return longer;
    }
}
