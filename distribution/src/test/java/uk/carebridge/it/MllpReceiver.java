package uk.carebridge.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.plugin.mllp.MllpListener;

/**
 * A trust's MLLP listener for CareBridge to deliver to: records every HL7 v2 message and answers with an
 * ACK of the configured code (AA, or AE/AR to test failed deliveries).
 */
final class MllpReceiver implements AutoCloseable {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final MllpListener listener;
    private volatile String ackCode;

    private MllpReceiver(int port, String ackCode) throws IOException {
        this.ackCode = ackCode;
        this.listener = MllpListener.open(port, "mllp-receiver", MllpListener.Handler.text(this::answer));
    }

    static MllpReceiver start(int port, String ackCode) throws IOException {
        return new MllpReceiver(port, ackCode);
    }

    int port() {
        return listener.port();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    void answerWith(String code) {
        this.ackCode = code;
    }

    private String answer(String message) {
        received.add(message);
        String controlId = MllpFrames.field(message, "MSH", 10);
        String code = ackCode;
        return "MSH|^~\\&|TRUST-PAS|RXX02|CAREBRIDGE|CAREBRIDGE|20261123120000||ACK|A" + System.nanoTime()
                + "|P|2.4\rMSA|" + code + "|" + controlId + (code.equals("AA") ? "" : "|test receiver refuses")
                + "\r" + (code.equals("AA") ? "" : "ERR||PID^1^3|207|E||||test receiver refuses\r");
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
