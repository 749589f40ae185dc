package uk.carebridge.plugins.nhstrust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import uk.carebridge.testkit.mllp.MllpListener;

/**
 * A trust's MLLP listener for delivery tests: reads each framed message, records it (decoded as UTF-8) and
 * answers what {@code responder} returns for it, framed; null means "say nothing" (a hung engine).
 */
final class MllpTestListener implements AutoCloseable {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<byte[]> receivedBytes = new CopyOnWriteArrayList<>();
    private final MllpListener listener;
    private volatile UnaryOperator<String> responder;

    MllpTestListener(UnaryOperator<String> responder) throws IOException {
        this.responder = responder;
        listener = MllpListener.open(0, "trust-engine", this::answer);
    }

    int port() {
        return listener.port();
    }

    void answerWith(UnaryOperator<String> other) {
        responder = other;
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** The messages as sent, before any decoding. */
    List<byte[]> receivedBytes() {
        return List.copyOf(receivedBytes);
    }

    private byte[] answer(byte[] message) {
        receivedBytes.add(message);
        String er7 = new String(message, StandardCharsets.UTF_8);
        received.add(er7);
        String reply = responder.apply(er7);
        return reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
