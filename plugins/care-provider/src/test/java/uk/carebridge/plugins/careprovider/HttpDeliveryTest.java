package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.testkit.DeliveryAttempt;

/** POST delivery against a real local HTTP server. */
class HttpDeliveryTest {

    private static final String JSON = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"note\":\"Zoë\"}";

    record Request(String method, String path, Headers headers, byte[] body) {
    }

    @TempDir
    Path home;
    private HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** Status codes to answer, in order; when empty, 200. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private volatile long answerDelayMs;
    private CamelContext camel;
    private Deliverer deliverer;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/fhir/inbox", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body));
            try {
                Thread.sleep(answerDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Integer status = answers.poll();
            byte[] response = "{\"issue\":\"echoing Zoë's data\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (deliverer != null) {
            deliverer.close();
        }
        if (camel != null) {
            camel.stop();
        }
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/inbox";
    }

    private void start(String url, String timeoutMs) throws Exception {
        camel = new DefaultCamelContext();
        // As the server configures it: HttpClient's own retries are off, the server owns retries.
        camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        camel.start();
        deliverer = new CareProviderPlugin().deliverer(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("deliveryUrl", url, "deliveryTimeout", timeoutMs)).withCamel(camel));
    }

    @Test
    void a2xxIsDeliveredAsFhirJsonWithTheMessageIdAndNoInternalHeaders() throws Exception {
        answers.add(201);
        start(url(), "5000");

        DeliveryAttempt sent = deliver("m-100");

        assertThat(sent.failure()).isNull();
        assertThat(sent.delivered()).isTrue();
        assertThat(requests).hasSize(1);
        Request request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/fhir/inbox");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/fhir+json");
        assertThat(request.headers().getFirst("X-CareBridge-Message-Id")).isEqualTo("m-100");
        assertThat(request.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("carebridge")
                || h.toLowerCase().startsWith("camel") || h.toLowerCase().startsWith("jms"));
    }

    @Test
    void a4xxIsAPermanentFailureNamingTheStatusButNotTheResponseBody() throws Exception {
        answers.add(422);
        start(url(), "5000");

        DeliveryAttempt sent = deliver("m-101");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isTrue();
            assertThat(e.getMessage()).isEqualTo("HTTP 422 from " + url() + ": Unprocessable Entity");
            assertThat(e.partnerResponse()).isNull();
        });
    }

    @Test
    void a5xxAndTooManyRequestsAreTransientFailures() throws Exception {
        answers.add(503);
        answers.add(429);
        start(url(), "5000");

        DeliveryAttempt unavailable = deliver("m-102");
        DeliveryAttempt throttled = deliver("m-103");

        assertThat(unavailable.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("HTTP 503 from " + url());
        });
        assertThat(throttled.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
        // One request each: the HTTP client does not retry by itself, the server owns retries and backoff.
        assertThat(requests).hasSize(2);
    }

    @Test
    void aRefusedConnectionIsATransientFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start("http://127.0.0.1:" + closedPort + "/fhir", "2000");

        DeliveryAttempt sent = deliver("m-104");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("POST to http://127.0.0.1:" + closedPort + "/fhir failed");
        });
    }

    @Test
    void noAnswerWithinTheDeliveryTimeoutIsATransientFailure() throws Exception {
        answerDelayMs = 3000;
        start(url(), "300");

        long started = System.nanoTime();
        DeliveryAttempt sent = deliver("m-105");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2500);
    }

    @Test
    void aServerRetryingAfterA5xxResendsTheOriginalMessage() throws Exception {
        answers.add(500);
        start(url(), "5000");

        // As the server's outbound route retries: the same copy handed over again.
        DeliveryAttempt first = deliver("m-106");
        DeliveryAttempt retry = deliver("m-106");

        assertThat(first.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
        assertThat(retry.delivered()).isTrue();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(JSON);
            assertThat(r.headers().getFirst("X-CareBridge-Message-Id")).isEqualTo("m-106");
        });
    }

    @Test
    void bothAnOutboxAndAUrlIsAConfigurationErrorWhenTheRoutesAreBuilt() {
        TestPartnerContext context = TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("deliveryUrl", url(), "outbox", "out"));

        assertThatThrownBy(() -> new CareProviderPlugin().deliverer(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'outbox' and 'deliveryUrl' are both set");
    }

    private DeliveryAttempt deliver(String messageId) {
        return DeliveryAttempt.of(deliverer, messageId, "st-james-hospital", "admission", JSON);
    }
}
