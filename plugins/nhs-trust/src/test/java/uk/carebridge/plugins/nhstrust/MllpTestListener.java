package uk.carebridge.plugins.nhstrust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * A trust's MLLP listener for delivery tests: reads each framed message, records it (decoded as UTF-8) and
 * answers what {@code responder} returns for it, framed; null means "say nothing" (a hung engine).
 */
final class MllpTestListener implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> receivedBytes = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());
    private volatile UnaryOperator<String> responder;

    MllpTestListener(UnaryOperator<String> responder) throws IOException {
        this.responder = responder;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                int b = in.read();
                while (b != MllpFrames.VT) {
                    if (b < 0) {
                        return;
                    }
                    b = in.read();
                }
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                while ((b = in.read()) != MllpFrames.FS) {
                    if (b < 0) {
                        return;
                    }
                    message.write(b);
                }
                in.read(); // the CR after FS
                receivedBytes.add(message.toByteArray());
                String er7 = message.toString(StandardCharsets.UTF_8);
                received.add(er7);
                String reply = responder.apply(er7);
                if (reply != null) {
                    out.write(MllpFrames.frame(reply.getBytes(StandardCharsets.UTF_8)));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    /** An original-mode ACK for {@code er7}: MSA-1 code, MSA-2 its MSH-10, MSA-3 text, and an ERR when given. */
    static String ack(String er7, String code, String text, String err) {
        String controlId = Er7Fields.field(er7, "MSH", 10);
        return "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CareBridge|20261123143001||ACK^A01^ACK|ACK-" + controlId + "|P|2.4\r"
                + "MSA|" + code + "|" + controlId + (text == null ? "" : "|" + text) + "\r"
                + (err == null ? "" : err + "\r");
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connections) {
            for (Socket s : connections) {
                s.close();
            }
        }
        threads.shutdownNow();
    }
}
