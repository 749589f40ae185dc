package uk.carebridge.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import uk.carebridge.server.config.ServerConfig;

/** An API key in the query string is not the header; a client hanging up is no ERROR. */
class RequestHygieneTest {

    static final String KEY_PATH = "/partners/council-k/v1/people";
    static final String SLOW_PATH = "/partners/council-k/v1/slow";

    static DefaultCamelContext camel;
    static HttpListener listener;
    static int port;
    static final CountDownLatch SLOW_STARTED = new CountDownLatch(1);
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        port = HttpListenerTest.freePort();
        camel = new DefaultCamelContext();
        listener = HttpListener.start(camel, new ServerConfig.HttpSettings("127.0.0.1", port, 64L * 1024), () -> true,
                started());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // Answers with what the endpoint sees as X-API-Key.
                from("platform-http:" + KEY_PATH).process(e -> HttpListenerTest.answer(e,
                        String.valueOf(e.getMessage().getHeader("X-API-Key"))));
                from("platform-http:" + SLOW_PATH).process(e -> {
                    SLOW_STARTED.countDown();
                    Thread.sleep(500);
                    HttpListenerTest.answer(e, "late");
                });
            }
        });
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        listener.close();
    }

    @Test
    void anApiKeyInTheQueryStringIsNotTheHeader() throws Exception {
        assertThat(post(KEY_PATH + "?X-API-Key=guess", null)).isEqualTo("null");
        assertThat(post(KEY_PATH + "?x-api-key=guess&other=1", null)).isEqualTo("null");
        assertThat(post(KEY_PATH + "?X-API-Key=guess", "real")).isEqualTo("real");
        assertThat(post(KEY_PATH, "real")).isEqualTo("real");
    }

    @Test
    void aClientHangingUpMidRequestLeavesNoErrorLine() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            // Half a body, then gone.
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + KEY_PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"half\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            }
            // A whole request, gone before the answer.
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + SLOW_PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(SLOW_STARTED.await(5, TimeUnit.SECONDS)).isTrue();
            }
            Thread.sleep(1000);
            // The listener still serves.
            assertThat(post(KEY_PATH, "k")).isEqualTo("k");
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static String post(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return response.body();
    }

    /** Doors of a server whose partners have all started. */
    private static PartnerDoors started() {
        PartnerDoors doors = new PartnerDoors();
        doors.startUpDone();
        return doors;
    }
}
