package uk.carebridge.testkit.mllp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * A plain MLLP listener on the loopback interface, for the programs around the server that play a partner's HL7
 * engine: the tests' receivers and the benchmark's ward system. Each framed message goes to the {@link Handler};
 * what it returns is framed and sent back. A thread per connection, because these peers hold a few long-lived
 * connections. The server's own MLLP endpoints use camel-mllp; this one is independent of it on purpose, so tests
 * check the wire and not the library.
 */
public final class MllpListener implements AutoCloseable {

    /** What the engine does with one message. */
    @FunctionalInterface
    public interface Handler {
        /** The answer to {@code message} (its bytes without the framing), or null to say nothing, as a hung engine. */
        byte[] answer(byte[] message) throws IOException;

        /** A handler that works in text: each message decoded as UTF-8, the answer encoded as UTF-8. */
        static Handler text(UnaryOperator<String> answer) {
            return message -> {
                String reply = answer.apply(new String(message, StandardCharsets.UTF_8));
                return reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
            };
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private MllpListener(ServerSocket server, Handler handler, String name) {
        this.server = server;
        this.handler = handler;
        this.acceptor = new Thread(this::accept, name + "-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on 127.0.0.1 at {@code port} (0: any free port). The address is reusable at once, so a test can stop
     * a partner and start it again on the same port. {@code name} names its threads.
     */
    public static MllpListener open(int port, String name, Handler handler) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new MllpListener(server, handler, name);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread serving = new Thread(() -> serve(connection), Thread.currentThread().getName() + "-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true); // an answer in one segment, no wait for the peer's delayed ACK
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                byte[] answer = handler.answer(MllpFrames.readBytes(in));
                if (answer != null) {
                    out.write(MllpFrames.frame(answer));
                    out.flush();
                }
            }
        } catch (IOException connectionEnded) {
            // the peer closed the connection, or this listener was closed
        } finally {
            connections.remove(connection);
        }
    }

    /**
     * Stops listening and drops every open connection (as an engine that goes down). Returns once the port is free:
     * the JDK only signals a thread blocked in accept, and the kernel keeps the socket listening until that
     * accept returns, so a listener opened on the same port at once would find it in use.
     */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
