package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.TestPartnerContext;
import uk.carebridge.plugins.localauthority.inbound.Bodies;
import uk.carebridge.plugins.localauthority.inbound.Translate;

/** Polling a council feed served by a real local HTTP server, through the plugin's receiver routes. */
class CouncilPollerTest {

    private static final String PARTNER = Translate.PARTNER;
    private static final String POLL_KEY = "k3y-for-the-feed";

    /** One GET as the council's feed saw it: the query (null when none) and the X-API-Key header. */
    record Request(String query, String apiKey) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final RecordingGateway gateway = new RecordingGateway();
    private HttpServer feed;
    private DefaultCamelContext camel;
    private TestPartnerContext context;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (feed != null) {
            feed.stop(0);
        }
    }

    /** @param pages the feed's answer for a query (null: no query) */
    private void start(Function<String, String> pages) throws Exception {
        start("", pages);
    }

    /** @param urlQuery the pollUrl's own query ("" for none) */
    private void start(String urlQuery, Function<String, String> pages) throws Exception {
        feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/feed/events", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(query, exchange.getRequestHeaders().getFirst("X-API-Key")));
            byte[] bytes = pages.apply(query).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            exchange.close();
        });
        feed.start();
        context = TestPartnerContext.of(PARTNER, "X123", LocalAuthorityPlugin.ID, Map.of(
                "inbound", "false",
                "pollUrl", "http://127.0.0.1:" + feed.getAddress().getPort() + "/feed/events" + urlQuery,
                "pollInterval", "200",
                "deliveryApiKeyEnv", "COUNCIL_OUT_KEY"), gateway).withEnvironment(Map.of("COUNCIL_OUT_KEY", POLL_KEY));
        camel = new DefaultCamelContext();
        camel.addRoutes(new LocalAuthorityPlugin().receiver(context));
        camel.start();
    }

    @Test
    void pagesAreTakenInTurnAndTheCursorKept() throws Exception {
        start(query -> {
            if (query == null) {
                return page("c1", true, item("people", Bodies.PERSON), item("referrals", Bodies.REFERRAL));
            }
            if (query.equals("since=c1")) {
                return page("c2", false, item("care-packages", Bodies.CARE_PACKAGE));
            }
            return page("c2", false);
        });

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(requests).extracting(Request::query).contains("since=c2"));

        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey)
                .containsExactly("event:evt-person-0001", "event:evt-ref-0001", "event:evt-pkg-0001");
        assertThat(gateway.rejections()).isEmpty();
        assertThat(context.state().get(CouncilPoller.CURSOR_KEY)).contains("c2");
        assertThat(requests.get(0).query()).isNull();
        assertThat(requests.get(1).query()).isEqualTo("since=c1");
        assertThat(requests).extracting(Request::apiKey).containsOnly(POLL_KEY);
        // Taken like a POSTed event: the people register learned them.
        assertThat(new PeopleRegister(PARTNER, context.state()).find("9990000026"))
                .hasValueSatisfying(p -> assertThat(p.hasCarePackage()).isTrue());
    }

    @Test
    void anItemBreakingTheSchemaIsJournaledAsRejectedAndTheGoodOnesAreTaken() throws Exception {
        String badReferral = Bodies.REFERRAL.replace("evt-ref-0001", "evt-ref-bad")
                .replace("\"urgency\": \"urgent\"", "\"urgency\": \"soon\"");
        start(query -> query == null
                ? page("c1", false, item("people", Bodies.PERSON), item("referrals", badReferral),
                        item("care-packages", Bodies.CARE_PACKAGE), item("visits", Bodies.PERSON))
                : page("c1", false));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(context.state().get(CouncilPoller.CURSOR_KEY)).contains("c1"));

        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey)
                .containsExactly("event:evt-person-0001", "event:evt-pkg-0001");
        assertThat(gateway.rejections()).hasSize(2);
        assertThat(gateway.rejections().get(0)).satisfies(r -> {
            assertThat(r.sourceKey()).isEqualTo("event:evt-ref-bad");
            assertThat(r.location()).startsWith("events[1]");
            assertThat(r.reason()).contains("$.referral.urgency").doesNotContain("9990000026");
        });
        assertThat(gateway.rejections().get(1)).satisfies(r -> {
            assertThat(r.location()).startsWith("events[3]");
            assertThat(r.reason()).contains("resource");
        });
    }

    @Test
    void whileTheGatewayIsDownTheCursorStaysAndThePageIsTakenOnceItRecovers() throws Exception {
        gateway.goDown();
        start(query -> query == null
                ? page("c1", false, item("people", Bodies.PERSON), item("referrals", Bodies.REFERRAL))
                : page("c1", false));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> requests.size() >= 2);
        assertThat(context.state().get(CouncilPoller.CURSOR_KEY)).isEmpty();
        assertThat(gateway.records()).isEmpty();
        assertThat(requests).extracting(Request::query).containsOnlyNulls();

        gateway.recover();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(context.state().get(CouncilPoller.CURSOR_KEY)).contains("c1"));
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey)
                .containsExactly("event:evt-person-0001", "event:evt-ref-0001");
    }

    @Test
    void aPollUrlWithItsOwnQueryKeepsItAndAddsTheCursor() throws Exception {
        start("?council=exampleshire", query -> query.equals("council=exampleshire")
                ? page("c1", true, item("people", Bodies.PERSON))
                : page("c2", false));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(context.state().get(CouncilPoller.CURSOR_KEY)).contains("c2"));
        assertThat(requests).extracting(Request::query).startsWith("council=exampleshire",
                "council=exampleshire&since=c1");
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("event:evt-person-0001");
    }

    private static String item(String resource, String event) {
        return "{ \"resource\": \"" + resource + "\", \"event\": " + event + " }";
    }

    private static String page(String cursor, boolean more, String... items) {
        return "{ \"events\": [" + String.join(",", items) + "], \"cursor\": \"" + cursor + "\", \"more\": " + more
                + " }";
    }
}
