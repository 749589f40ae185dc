package uk.carebridge.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.testkit.mllp.EngineAcks;
import uk.carebridge.testkit.mllp.MllpListener;

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
        String code = ackCode;
        return code.equals("AA") ? EngineAcks.ack(message, code, null, null)
                : EngineAcks.ack(message, code, "test receiver refuses", "ERR||PID^1^3|207|E||||test receiver refuses");
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
