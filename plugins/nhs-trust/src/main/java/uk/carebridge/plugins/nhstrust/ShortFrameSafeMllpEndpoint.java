package uk.carebridge.plugins.nhstrust;

import java.util.Arrays;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;

/**
 * camel-mllp's listener endpoint, configured from an ordinary {@code mllp://} URI, whose consumer also answers
 * frames shorter than four bytes (an empty frame, one blank, a lone CR).
 *
 * <p>Why: camel-mllp 4.17's {@code MllpTcpServerConsumer.sendAcknowledgement} reads byte 3 of the received frame
 * (the MSH field separator) whenever the route set the acknowledgement property, before it writes the ACK. For a
 * frame of 0 to 3 bytes that is an {@code ArrayIndexOutOfBoundsException}: the socket is reset, the sender gets
 * no ACK, and (the endpoint bridging its errors to the route's error handler) an ERROR with a stack trace is
 * logged. Neither a route option nor an {@code onException} can help, as the socket is already reset when the
 * exception is handled. So such a frame is handed on padded with CRs to four bytes: a blank segment is what the
 * reader drops anyway, so the route sees the same (empty) message and answers AR, and camel-mllp sends that ACK.
 */
final class ShortFrameSafeMllpEndpoint extends MllpEndpoint {

    /** camel-mllp reads index 3 of the frame: a frame needs at least this many bytes. */
    static final int MINIMUM_FRAME = 4;

    private ShortFrameSafeMllpEndpoint(MllpEndpoint configured) {
        super(configured.getEndpointUri(), configured.getComponent(), configured.getConfiguration());
        setHostname(configured.getHostname());
        setPort(configured.getPort());
    }

    /** The endpoint for an {@code mllp://host:port?options} URI, configured by camel-mllp itself. */
    static ShortFrameSafeMllpEndpoint of(CamelContext camel, String uri) throws Exception {
        MllpComponent mllp = camel.getComponent("mllp", MllpComponent.class);
        return new ShortFrameSafeMllpEndpoint((MllpEndpoint) mllp.createEndpoint(uri));
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new MllpTcpServerConsumer(this, processor) {
            @Override
            public void processMessage(byte[] hl7MessageBytes, TcpSocketConsumerRunnable consumerRunnable) {
                super.processMessage(padded(hl7MessageBytes), consumerRunnable);
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
