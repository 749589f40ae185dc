package uk.carebridge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** A partner's HTTP endpoint, for real: records what it was sent and answers with a chosen status. */
final class HttpReceiver implements AutoCloseable {

    /** headers: the request's headers as sent (names as the JDK server normalises them: "Idempotency-key"). */
    record Received(String messageId, String contentType, String body, String path, Headers headers) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status;

    private HttpReceiver(int port, int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-CareBridge-Message-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders()));
            byte[] answer = (this.status >= 400 ? "{\"error\":\"test receiver says " + this.status + "\"}" : "").getBytes();
            exchange.sendResponseHeaders(this.status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    static HttpReceiver start(int status) throws IOException {
        return new HttpReceiver(0, status);
    }

    static HttpReceiver startOn(int port, int status) throws IOException {
        return new HttpReceiver(port, status);
    }

    /** A port nothing listens on (yet): a partner that is down. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/process-message";
    }

    /** The base URL, e.g. a FHIR base a deliverer appends {@code /$process-message} to. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    /** The status answered from now on. */
    void status(int newStatus) {
        this.status = newStatus;
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
