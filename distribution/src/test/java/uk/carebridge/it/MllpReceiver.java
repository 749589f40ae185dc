package uk.carebridge.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A trust's MLLP listener for CareBridge to deliver to: records every HL7 v2 message and answers with an
 * ACK of the configured code (AA, or AE/AR to test failed deliveries).
 */
final class MllpReceiver implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String ackCode;

    private MllpReceiver(ServerSocket server, String ackCode) {
        this.server = server;
        this.ackCode = ackCode;
        Thread acceptor = new Thread(this::acceptLoop, "mllp-receiver-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static MllpReceiver start(int port, String ackCode) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new MllpReceiver(socket, ackCode);
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    void answerWith(String code) {
        this.ackCode = code;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread t = new Thread(() -> serve(connection), "mllp-receiver-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            while (true) {
                String message = MllpClient.readFrame(connection.getInputStream());
                received.add(message);
                String controlId = MllpClient.field(message, "MSH", 10);
                String code = ackCode;
                String ack = "MSH|^~\\&|TRUST-PAS|RXX02|CAREBRIDGE|CAREBRIDGE|20261123120000||ACK|A" + System.nanoTime()
                        + "|P|2.4\rMSA|" + code + "|" + controlId + (code.equals("AA") ? "" : "|test receiver refuses")
                        + "\r" + (code.equals("AA") ? "" : "ERR||PID^1^3|207|E||||test receiver refuses\r");
                MllpClient.writeFrame(connection.getOutputStream(), ack);
            }
        } catch (IOException connectionEnded) {
            // the sender closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
