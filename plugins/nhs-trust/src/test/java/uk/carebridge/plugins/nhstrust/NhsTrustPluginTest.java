package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.carebridge.plugins.nhstrust.TrustSettingsTest.withDefaults;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.FhirHttpDelivery;
import uk.carebridge.testkit.DeliveryAttempt;
import uk.carebridge.testkit.TestPartnerContext;
import uk.carebridge.testkit.RecordingGateway;

class NhsTrustPluginTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("TRUST_KEY", "s3cret-key");

    /** What deliverers send through, as the server's Camel context. */
    private static CamelContext camel;

    private final NhsTrustPlugin plugin = new NhsTrustPlugin();

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        // As the server configures it: HttpClient's own retries are off, the server owns retries.
        camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static TestPartnerContext context(Map<String, String> settings) {
        return TrustPartner.of(new RecordingGateway(), withDefaults(settings)).withEnvironment(ENVIRONMENT)
                .withCamel(camel);
    }

    @Test
    void theServerFindsThePluginByItsId() {
        List<String> ids = ServiceLoader.load(PartnerPlugin.class).stream().map(p -> p.get().id()).toList();
        assertThat(ids).contains("nhs-trust");
        assertThat(plugin.id()).isEqualTo(NhsTrustPlugin.ID);
        assertThat(plugin.description()).contains("MLLP").contains("FHIR");
        assertThat(plugin.settings()).isEqualTo(TrustSettings.DECLARED);
    }

    @Test
    void aTrustThatOnlyReceivesHasNoReceiverRoutes() throws Exception {
        assertThat(plugin.receiver(context(Map.of()))).isNull();
        assertThat(plugin.receiver(context(Map.of("fhirInbound", "false", "deliveryUrl", "https://fhir.t.nhs.uk"))))
                .isNull();
    }

    @Test
    void theReceiverListensOnMllpOnHttpOrBothUnderThePartnersOwnPath() throws Exception {
        assertThat(inputs(plugin.receiver(context(Map.of("mllpPort", "2575", "mllpHost", "127.0.0.1")))))
                .singleElement().satisfies(uri -> assertThat(uri).startsWith("mllp://127.0.0.1:2575?")
                        .contains("autoAck=false").contains("reuseAddress=true").contains("charsetName=UTF-8"));
        assertThat(inputs(plugin.receiver(context(Map.of("fhirInbound", "true")))))
                .containsExactly("platform-http:/partners/st-elsewhere-hospital/fhir/$process-message"
                        + "?httpMethodRestrict=POST");
        assertThat(routeIds(plugin.receiver(context(Map.of("mllpPort", "2575", "fhirInbound", "true")))))
                .containsExactly("st-elsewhere-hospital-mllp-in", "st-elsewhere-hospital-fhir-in");
    }

    @Test
    void aReceiverSettingErrorSurfacesWhenTheRoutesAreBuilt() {
        assertThatThrownBy(() -> plugin.receiver(context(Map.of("fhirInbound", "true", "apiKeyEnv", "MISSING"))))
                .hasMessageContaining("setting 'apiKeyEnv' names the environment variable MISSING");
        assertThatThrownBy(() -> plugin.receiver(context(Map.of("mllpPort", "two"))))
                .hasMessageContaining("setting 'mllpPort'");
    }

    @Test
    void theDelivererFollowsTheFormat() throws Exception {
        assertThat(plugin.deliverer(context(Map.of()))).isNull();
        assertThat(plugin.deliverer(context(Map.of("format", "hl7v2")))).isNull();
        assertThat(plugin.deliverer(context(Map.of("deliveryUrl", "https://fhir.trust.nhs.uk/R4"))))
                .isInstanceOf(FhirHttpDelivery.class);
        assertThat(plugin.deliverer(context(Map.of("format", "hl7v2", "deliveryAddress", "pas.trust.nhs.uk:2576"))))
                .isInstanceOf(MllpDelivery.class);
    }

    @Test
    void aDelivererSettingErrorSurfacesWhenTheRoutesAreBuilt() {
        assertThatThrownBy(() -> plugin.deliverer(context(Map.of("format", "hl7v2",
                "deliveryUrl", "https://fhir.trust.nhs.uk/R4"))))
                .hasMessageContaining("setting 'deliveryUrl' is for format fhir");
        assertThatThrownBy(() -> plugin.deliverer(context(Map.of("format", "hl7v2",
                "deliveryAddress", "pas.trust.nhs.uk:2576", "hl7Version", "2.2"))))
                .hasMessageContaining("setting 'hl7Version'");
        // HL7 v2 has a name (MSH-18) for only some character sets.
        assertThatThrownBy(() -> plugin.deliverer(context(Map.of("format", "hl7v2",
                "deliveryAddress", "pas.trust.nhs.uk:2576", "charset", "windows-1252"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("partner st-elsewhere-hospital: setting 'charset'");
    }

    @Test
    void describeSaysWhereTrafficGoesInAndOut() {
        TestPartnerContext both = context(Map.of("mllpPort", "2575", "mllpHost", "127.0.0.1", "fhirInbound", "true",
                "apiKeyEnv", "TRUST_KEY", "format", "hl7v2", "deliveryAddress", "pas.trust.nhs.uk:2576"))
                .withHttpBaseUrl("http://localhost:8080");
        assertThat(plugin.describe(both)).containsExactly(
                "HL7 v2 ADT over MLLP on 127.0.0.1:2575 (up to 64 connections, 16 per address; idle ones closed after"
                        + " 600 s; frames up to 10485760 bytes within 30 s)",
                "FHIR messages: POST http://localhost:8080/partners/st-elsewhere-hospital/fhir/$process-message"
                        + " (X-API-Key required)",
                "delivers HL7 v2 ADT over MLLP to pas.trust.nhs.uk:2576");
        assertThat(String.join("\n", plugin.describe(both))).doesNotContain("s3cret");

        assertThat(plugin.describe(context(Map.of("fhirInbound", "true", "deliveryUrl", "https://fhir.trust.nhs.uk/R4"))))
                .containsExactly("FHIR messages: POST /partners/st-elsewhere-hospital/fhir/$process-message",
                        "delivers FHIR messages to https://fhir.trust.nhs.uk/R4/$process-message");
        assertThat(plugin.describe(context(Map.of()))).isEmpty();
    }

    @Test
    void describeNeverShowsCredentialsOrTokensOfTheDeliveryUrl() {
        List<String> lines = plugin.describe(context(Map.of(
                "deliveryUrl", "https://carebridge:hunter2@fhir.trust.nhs.uk:8443/R4?token=abc123")));
        assertThat(lines).containsExactly("delivers FHIR messages to https://fhir.trust.nhs.uk:8443/R4/$process-message");
    }

    @Test
    void fhirDeliveryPostsTheMessageToTheTrustsProcessMessageOperation() throws Exception {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer trust = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trust.setExecutor(Executors.newSingleThreadExecutor());
        trust.createContext("/R4", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("X-CareBridge-Message-Id") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        trust.start();
        try (Deliverer deliverer = plugin.deliverer(context(Map.of("deliveryUrl",
                "http://127.0.0.1:" + trust.getAddress().getPort() + "/R4", "deliveryTimeout", "3000")))) {
            DeliveryAttempt sent = DeliveryAttempt.of(deliverer, "m-1", TrustSamples.CARE_HOME, "admission",
                    "{\"resourceType\":\"Bundle\",\"type\":\"message\"}");

            assertThat(sent.failure()).isNull();
            assertThat(sent.delivered()).isTrue();
            assertThat(requests).containsExactly(
                    "POST /R4/$process-message m-1 {\"resourceType\":\"Bundle\",\"type\":\"message\"}");
        } finally {
            trust.stop(0);
        }
    }

    private static List<String> inputs(RoutesBuilder builder) throws Exception {
        return routes(builder).stream().map(r -> r.getInput().getEndpointUri()).toList();
    }

    private static List<String> routeIds(RoutesBuilder builder) throws Exception {
        return routes(builder).stream().map(RouteDefinition::getRouteId).toList();
    }

    private static List<RouteDefinition> routes(RoutesBuilder builder) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            return ((RouteBuilder) builder).configureRoutes(camel).getRoutes();
        }
    }
}
