package uk.carebridge.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.carebridge.plugin.MessageHeaders;

/**
 * {@code carebridge listen-http}: stands in for a partner's HTTP endpoint and prints what CareBridge delivers
 * to it (the demo council's notices, a care home's FHIR messages), answering a chosen status. For trying
 * routes before the partner's system is connected, and for showing a partner what it will receive.
 */
@Command(name = "listen-http", mixinStandardHelpOptions = true,
        description = {"Listen for HTTP POSTs as a partner system would and print each request.",
                "Prints the method, path, CareBridge headers and the JSON body (pretty-printed); answers --status.",
                "Credentials headers (X-API-Key, Authorization) are shown as present, never their values.",
                "The demo council northshire-adult-social-care delivers to port 9090. Stop with Ctrl-C."})
final class ListenHttpCommand implements Runnable {

    private static final List<String> SHOWN_HEADERS = List.of("Content-Type", "Idempotency-Key",
            MessageHeaders.HTTP_MESSAGE_ID);
    private static final List<String> SECRET_HEADERS = List.of("X-API-Key", "Authorization");

    @Option(names = "--port", defaultValue = "9090", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--status", defaultValue = "200",
            description = "HTTP status to answer (default: ${DEFAULT-VALUE}; try 400 or 503 to see CareBridge's "
                    + "dead-letter queue and retries).")
    int status;

    @Option(names = "--count", defaultValue = "0",
            description = "Stop after this many requests (default: 0, run until Ctrl-C).")
    int count;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Port " + port + " on " + host + " is in use: choose another with --port");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch done = new CountDownLatch(count > 0 ? count : 1);
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/", exchange -> {
            try {
                print(out, exchange, seen.incrementAndGet());
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
                if (count > 0) {
                    done.countDown();
                }
            }
        });
        server.start();
        out.printf("Listening on http://%s:%d/ (answering %d). Ctrl-C to stop.%n", host, port, status);
        out.flush();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop(0);
        }
    }

    private synchronized void print(PrintWriter out, HttpExchange exchange, int n) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        out.printf("#%d %s %s %s%n", n, LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                exchange.getRequestMethod(), exchange.getRequestURI());
        for (String h : SHOWN_HEADERS) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
                out.printf("  %s: %s%n", h, v);
            }
        }
        for (String h : SECRET_HEADERS) {
            if (exchange.getRequestHeaders().containsKey(h)) {
                out.printf("  %s: (present)%n", h);
            }
        }
        out.println(pretty(body));
        out.flush();
    }

    private String pretty(String body) {
        try {
            return json.writeValueAsString(json.readTree(body));
        } catch (IOException notJson) {
            return body;
        }
    }
}
