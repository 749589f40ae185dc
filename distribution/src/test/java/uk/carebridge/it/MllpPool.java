package uk.carebridge.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A sending engine's pool of MLLP connections to one port, all open at once and held open: connection {@code c} sends
 * {@code message(c, 0)}, {@code message(c, 1)}, ... one after another, each once the previous ACK is in. Every
 * connection pauses before its message number {@code holdAt} until {@link #release()}, so that a test can look at
 * the whole pool open (0: connected, nothing sent yet).
 */
final class MllpPool implements AutoCloseable {

    private final CountDownLatch held;
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService senders;
    private final List<Future<List<String>>> acks = new ArrayList<>();

    MllpPool(int port, int connections, int messages, int holdAt, BiFunction<Integer, Integer, String> message) {
        if (holdAt < 0 || holdAt >= messages) {
            throw new IllegalArgumentException("holdAt must be a message number, 0 to " + (messages - 1));
        }
        held = new CountDownLatch(connections);
        senders = Executors.newFixedThreadPool(connections);
        for (int c = 0; c < connections; c++) {
            int connection = c;
            acks.add(senders.submit(() -> {
                List<String> answers = new ArrayList<>();
                try (MllpClient engine = new MllpClient(port)) {
                    for (int m = 0; m < messages; m++) {
                        if (m == holdAt) {
                            held.countDown();
                            released.await(60, TimeUnit.SECONDS);
                        }
                        answers.add(engine.send(message.apply(connection, m)));
                    }
                }
                return answers;
            }));
        }
    }

    /** Whether every connection reached its hold within {@code seconds}. */
    boolean allHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    /** The ACKs connection {@code c} read, in the order it sent (waits up to {@code seconds} for it to finish). */
    List<String> acks(int c, long seconds) throws Exception {
        return acks.get(c).get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        released.countDown();
        senders.shutdownNow();
    }
}
