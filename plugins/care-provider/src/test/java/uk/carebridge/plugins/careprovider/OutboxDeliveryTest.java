package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.MessageHeaders;

class OutboxDeliveryTest {

    private static final String JSON = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"m-1\","
            + "\"note\":\"Zoë\"}";

    @TempDir
    Path home;
    private CamelContext camel;
    private ProducerTemplate template;
    private TestPartnerContext context;
    private Path outbox;

    @BeforeEach
    void start() throws Exception {
        context = TestPartnerContext.of(home, new RecordingGateway(), Map.of("outbox", "out/rose-court"));
        outbox = home.resolve("out/rose-court");
        camel = new DefaultCamelContext();
        camel.addRoutes(new CareProviderPlugin().deliverer(context));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void eachMessageIsWrittenAsItsIdDotJsonWithNoTempFileLeft() throws Exception {
        Exchange sent = deliver("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c", JSON);

        assertThat(sent.getException()).isNull();
        assertThat(InboxHarness.names(outbox)).containsExactly("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json");
        assertThat(Files.readString(outbox.resolve("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json"),
                StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(camel.getRoute(context.routeId("deliver"))).isNotNull();
    }

    @Test
    void aRedeliveryOverwritesTheSameFile() throws Exception {
        deliver("m-42", "{\"attempt\":1}");
        deliver("m-42", "{\"attempt\":2}");

        assertThat(InboxHarness.names(outbox)).containsExactly("m-42.json");
        assertThat(Files.readString(outbox.resolve("m-42.json"))).isEqualTo("{\"attempt\":2}");
    }

    @Test
    void theServersMessageIsHandedBackUnchanged() {
        Exchange sent = deliver("m-7", JSON);

        assertThat(sent.getMessage().getBody(String.class)).isEqualTo(JSON);
        assertThat(sent.getMessage().getHeaders()).containsEntry(MessageHeaders.MESSAGE_ID, "m-7")
                .containsEntry(MessageHeaders.EVENT, "transfer")
                .doesNotContainKey(Exchange.FILE_NAME);
    }

    @Test
    void aMessageWithoutAUsableIdIsAPermanentFailure() {
        Exchange missing = deliver(null, JSON);
        Exchange traversal = deliver("../../etc/passwd", JSON);

        assertThat(missing.getException()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(traversal.getException()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(InboxHarness.names(outbox)).isEmpty();
    }

    @Test
    void anOutboxThatCannotBeWrittenIsATransientFailure() throws Exception {
        Files.createDirectories(outbox.getParent());
        Files.writeString(outbox, "a file where the folder should be");

        Exchange sent = deliver("m-9", JSON);

        assertThat(sent.getException()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("could not write the message to the outbox");
        });
        assertThat(sent.getMessage().getBody(String.class)).isEqualTo(JSON);
    }

    @Test
    void aCarePackageIsWrittenOnlyWhenItNamesThisProvider() {
        Exchange forUs = deliver("m-pkg-1", carePackage(TestPartnerContext.PARTNER_ODS), "care-package");
        Exchange forAnother = deliver("m-pkg-2", carePackage("VNE01"), "care-package");

        assertThat(forUs.getException()).isNull();
        assertThat(forUs.getMessage().getHeader(MessageHeaders.WITHHELD)).isNull();
        assertThat(forAnother.getException()).isNull();
        assertThat(forAnother.getMessage().getHeader(MessageHeaders.WITHHELD, String.class))
                .isEqualTo("the care package does not name this provider (ODS code VM4T2)");
        assertThat(forAnother.getMessage().getHeaders()).containsEntry(MessageHeaders.MESSAGE_ID, "m-pkg-2");
        assertThat(InboxHarness.names(outbox)).containsExactly("m-pkg-1.json");
    }

    /** A council care package (as the local-authority plugin writes it) with one service by {@code providerOds}. */
    private static String carePackage(String providerOds) {
        org.hl7.fhir.r4.model.ServiceRequest service = new org.hl7.fhir.r4.model.ServiceRequest();
        service.setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.ACTIVE);
        service.addPerformer().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                .setSystem(uk.carebridge.fhir.FhirSystems.ODS_ORGANISATION).setValue(providerOds));
        org.hl7.fhir.r4.model.CarePlan plan = new org.hl7.fhir.r4.model.CarePlan();
        plan.addActivity().setReference(uk.carebridge.fhir.MessageBuilder.ref(service));
        return Fhir.R4.newJsonParser().encodeResourceToString(uk.carebridge.fhir.MessageBuilder
                .event(uk.carebridge.fhir.CareBridgeEvent.CARE_PACKAGE, "council").focus(plan).add(service).build());
    }

    private Exchange deliver(String messageId, String body) {
        return deliver(messageId, body, "transfer");
    }

    private Exchange deliver(String messageId, String body, String event) {
        return template.send(context.deliveryEndpoint(), exchange -> {
            exchange.getIn().setBody(body);
            if (messageId != null) {
                exchange.getIn().setHeader(MessageHeaders.MESSAGE_ID, messageId);
            }
            exchange.getIn().setHeader(MessageHeaders.EVENT, event);
        });
    }
}
