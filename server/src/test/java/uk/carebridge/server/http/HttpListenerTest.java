package uk.carebridge.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.carebridge.server.config.ServerConfig;

/**
 * The listener on its own: a real Vert.x server on a free port, a Camel context with platform-http
 * routes as a plugin would write them, a real HTTP client.
 */
class HttpListenerTest {

    static final long LIMIT = 64 * 1024;
    static final String FHIR_PATH = "/partners/trust-a/fhir/$process-message";
    static final String JSON_PATH = "/partners/council-b/v1/referrals";

    static final AtomicBoolean BROKER_UP = new AtomicBoolean(true);
    static final PartnerDoors DOORS = new PartnerDoors();
    static DefaultCamelContext camel;
    static HttpListener listener;
    static String base;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        int port = freePort();
        camel = new DefaultCamelContext();
        listener = HttpListener.start(camel, new ServerConfig.HttpSettings("127.0.0.1", port, LIMIT), BROKER_UP::get,
                DOORS);
        base = "http://127.0.0.1:" + port;
        // Not started yet: partner paths must say so.
        HttpResponse<String> starting = post(FHIR_PATH, "application/fhir+json", "{}");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/health").statusCode()).isEqualTo(503);

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:" + FHIR_PATH + "?httpMethodRestrict=POST").routeId("trust-a-fhir-in")
                        .process(e -> answer(e, "fhir " + e.getMessage().getBody(String.class).length()));
                from("platform-http:" + JSON_PATH).routeId("council-b-in")
                        .process(e -> answer(e, e.getMessage().getHeader(Exchange.HTTP_METHOD) + " "
                                + e.getMessage().getBody(String.class)));
            }
        });
        camel.start();
        DOORS.startUpDone();
    }

    static void answer(Exchange e, String body) {
        e.getMessage().removeHeaders("*");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
        e.getMessage().setBody(body);
    }

    @AfterAll
    static void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void aConfiguredPartnerWhoseRoutesAreNotUpIs503WithTheReasonNever404() throws Exception {
        String path = "/partners/trust-c/fhir/$process-message";
        assertThat(post(path, "application/fhir+json", "{}").statusCode()).as("not configured: absent").isEqualTo(404);
        try {
            DOORS.expect("trust-c");
            HttpResponse<String> starting = post(path, "application/fhir+json", "{}");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).isPresent();
            assertThat(starting.body()).contains("OperationOutcome", "trust-c is starting");

            DOORS.failed("trust-c", "plugin nhs-trust is not loaded");
            HttpResponse<String> failed = post(path, "application/fhir+json", "{}");
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.body()).contains("could not start", "plugin nhs-trust is not loaded");
            // Other partners are not affected.
            assertThat(post(FHIR_PATH, "application/fhir+json", "{}").statusCode()).isEqualTo(202);
        } finally {
            DOORS.removed("trust-c");
        }
        assertThat(post(path, "application/fhir+json", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void pathWithDollarReachesTheRouteWhetherTheClientEscapesItOrNot() throws Exception {
        HttpResponse<String> plain = post(FHIR_PATH, "application/fhir+json; charset=utf-8", "{\"resourceType\":\"Bundle\"}");
        assertThat(plain.statusCode()).isEqualTo(202);
        assertThat(plain.body()).isEqualTo("fhir 25");

        HttpResponse<String> escaped = post(FHIR_PATH.replace("$", "%24"), "application/json", "{}");
        assertThat(escaped.statusCode()).isEqualTo(202);
        assertThat(escaped.body()).isEqualTo("fhir 2");

        // httpMethodRestrict=POST
        assertThat(get(FHIR_PATH).statusCode()).isEqualTo(405);
        assertThat(get("/partners/trust-a/fhir/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void bodyOverTheLimitIs413AndTheServerKeepsServing() throws Exception {
        String big = "x".repeat((int) LIMIT + 1);
        HttpResponse<String> declared = post(JSON_PATH, "application/json", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("larger than " + LIMIT + " bytes");

        // Chunked: no Content-Length to refuse up front; the body handler stops buffering at the limit.
        byte[] chunked = new byte[4 * 1024 * 1024];
        HttpResponse<String> streamed = CLIENT.send(HttpRequest.newBuilder(URI.create(base + FHIR_PATH))
                .header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build(), BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        assertThat(streamed.body()).contains("OperationOutcome").contains("too-long");

        String atLimit = "y".repeat((int) LIMIT - 5);
        HttpResponse<String> ok = post(JSON_PATH, "application/json", atLimit);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).isEqualTo("POST " + atLimit);
    }

    @Test
    void nonJsonBodiesAreRefusedWith415BeforeAnyRoute() throws Exception {
        HttpResponse<String> form = post(JSON_PATH, "application/x-www-form-urlencoded", "a=1&b=2");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(form.body()).contains("application/x-www-form-urlencoded").contains("application/fhir+json");

        HttpResponse<String> fhirForm = post(FHIR_PATH, "multipart/form-data; boundary=x", "--x--");
        assertThat(fhirForm.statusCode()).isEqualTo(415);
        assertThat(fhirForm.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("not-supported");

        assertThat(post(JSON_PATH, "text/plain", "hello").statusCode()).isEqualTo(415);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + JSON_PATH)).POST(BodyPublishers.ofString("{}")))
                .statusCode()).as("a body without Content-Type").isEqualTo(415);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + JSON_PATH)).header("Content-Type", "text/csv")
                .PUT(BodyPublishers.ofString("a,b"))).statusCode()).isEqualTo(415);

        // JSON in all its spellings passes; so do requests without a body.
        assertThat(post(JSON_PATH, "application/json", "{\"a\":1}").body()).isEqualTo("POST {\"a\":1}");
        assertThat(post(JSON_PATH, "Application/JSON;charset=UTF-8", "{}").statusCode()).isEqualTo(202);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + JSON_PATH)).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(202);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + JSON_PATH)).POST(BodyPublishers.noBody()))
                .statusCode()).isEqualTo(202);
        assertThat(get(JSON_PATH).body()).isEqualTo("GET null");
    }

    @Test
    void aCharsetOtherThanUtf8IsRefusedWith415NamingTheHeader() throws Exception {
        // Left to the endpoint, charset=bogus failed the body's conversion to text: a 500 (issue 23.2).
        HttpResponse<String> bogus = post(FHIR_PATH, "application/fhir+json; charset=bogus", "{}");
        assertThat(bogus.statusCode()).isEqualTo(415);
        assertThat(bogus.body()).contains("OperationOutcome").contains("Content-Type").contains("charset 'bogus'");
        for (String type : new String[] {"application/json; charset=", "application/json; charset=\"\"",
            "application/json; charset=ISO-8859-1", "application/json;charset=utf-16"}) {
            HttpResponse<String> answer = post(JSON_PATH, type, "{}");
            assertThat(answer.statusCode()).as(type).isEqualTo(415);
            assertThat(answer.body()).as(type).contains("UTF-8");
        }
        assertThat(post(JSON_PATH, "application/json; charset=\"utf-8\"", "{}").statusCode()).isEqualTo(202);
        assertThat(post(JSON_PATH, "application/json; CHARSET=utf8; q=1", "{}").statusCode()).isEqualTo(202);
        assertThat(PartnerRequestFilter.charsetProblem("application/json; charset=" + "x".repeat(300))).hasSizeLessThan(200);
    }

    @Test
    void healthIsUpWhenCamelRunsAndTheBrokerAnswers() throws Exception {
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"partners\":{}}");
        assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void healthListsEachPartnersStateAndTheFiguresItsListenersPublish() throws Exception {
        try {
            DOORS.expect("trust-h");
            DOORS.publish("trust-h", "mllp", () -> Map.of("openConnections", 3, "maxConnections", 64));
            DOORS.open("trust-h");
            DOORS.expect("council-h");
            DOORS.failed("council-h", "setting 'endpoint' is required");
            DOORS.expect("home-h");
            DOORS.publish("home-h", "broken", () -> {
                throw new IllegalStateException("a plugin's bug");
            });
            String body = get("/health").body();
            assertThat(body).contains("\"status\":\"UP\"",
                    "\"trust-h\":{\"state\":\"running\",\"mllp\":{", "\"openConnections\":3", "\"maxConnections\":64",
                    "\"council-h\":{\"state\":\"failed\",\"reason\":\"partner council-h is configured but could not "
                            + "start (setting 'endpoint' is required)",
                    "\"home-h\":{\"state\":\"starting\",\"broken\":\"unavailable\"}");
            // A restart drops the old listener's figures; the new listener publishes its own.
            DOORS.restarting("trust-h");
            assertThat(get("/health").body()).contains("\"trust-h\":{\"state\":\"restarting\"}");
        } finally {
            DOORS.removed("trust-h");
            DOORS.removed("council-h");
            DOORS.removed("home-h");
        }
        assertThat(get("/health").body()).doesNotContain("trust-h");
    }

    @Test
    void healthIsDownWhileTheBrokerIsNot() throws Exception {
        BROKER_UP.set(false);
        try {
            Thread.sleep(HealthHandler.CACHE_NANOS / 1_000_000 + 100); // past the cached answer
            HttpResponse<String> down = get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("broker");
        } finally {
            BROKER_UP.set(true);
            Thread.sleep(HealthHandler.CACHE_NANOS / 1_000_000 + 100);
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        DefaultCamelContext other = new DefaultCamelContext();
        try {
            assertThatThrownBy(() -> HttpListener.start(other, new ServerConfig.HttpSettings("127.0.0.1", port, LIMIT), () -> true,
                    new PartnerDoors()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen for HTTP on 127.0.0.1:" + port)
                    .hasMessageContaining("http.port");
        } finally {
            other.stop();
        }
    }

    @Test
    void baseUrlShowsLocalhostForAllInterfacesAndNothingWhenOff() {
        assertThat(HttpListener.baseUrl(new ServerConfig.HttpSettings(null, null, null))).hasValue("http://localhost:8080");
        assertThat(HttpListener.baseUrl(new ServerConfig.HttpSettings("10.1.2.3", 9000, null))).hasValue("http://10.1.2.3:9000");
        assertThat(HttpListener.baseUrl(new ServerConfig.HttpSettings("::1", 9000, null))).hasValue("http://[::1]:9000");
        assertThat(HttpListener.baseUrl(new ServerConfig.HttpSettings(null, 0, null))).isEmpty();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
