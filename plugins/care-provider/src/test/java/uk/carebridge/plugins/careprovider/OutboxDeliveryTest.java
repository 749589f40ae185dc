package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.testkit.DeliveryAttempt;

class OutboxDeliveryTest {

    private static final String JSON = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"m-1\","
            + "\"note\":\"Zoë\"}";

    @TempDir
    Path home;
    private CamelContext camel;
    private Deliverer deliverer;
    private Path outbox;

    @BeforeEach
    void start() throws Exception {
        outbox = home.resolve("out/rose-court");
        camel = new DefaultCamelContext();
        camel.start();
        deliverer = new CareProviderPlugin().deliverer(TestPartnerContext.of(home, new RecordingGateway(),
                Map.of("outbox", "out/rose-court")).withCamel(camel));
    }

    @AfterEach
    void stop() throws Exception {
        deliverer.close();
        camel.stop();
    }

    @Test
    void eachMessageIsWrittenAsItsIdDotJsonWithNoTempFileLeft() throws Exception {
        DeliveryAttempt sent = deliver("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c", JSON);

        assertThat(sent.failure()).isNull();
        assertThat(sent.delivered()).isTrue();
        assertThat(InboxHarness.names(outbox)).containsExactly("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json");
        assertThat(Files.readString(outbox.resolve("3f1c2d9a-5b7e-4c1a-9f00-0d1e2f3a4b5c.json"),
                StandardCharsets.UTF_8)).isEqualTo(JSON);
    }

    @Test
    void aRedeliveryOverwritesTheSameFile() throws Exception {
        deliver("m-42", "{\"attempt\":1}");
        deliver("m-42", "{\"attempt\":2}");

        assertThat(InboxHarness.names(outbox)).containsExactly("m-42.json");
        assertThat(Files.readString(outbox.resolve("m-42.json"))).isEqualTo("{\"attempt\":2}");
    }

    @Test
    void aMessageWithoutAUsableIdIsAPermanentFailure() {
        DeliveryAttempt missing = deliver(null, JSON);
        DeliveryAttempt traversal = deliver("../../etc/passwd", JSON);

        assertThat(missing.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(traversal.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(InboxHarness.names(outbox)).isEmpty();
    }

    @Test
    void anOutboxThatCannotBeWrittenIsATransientFailure() throws Exception {
        Files.createDirectories(outbox.getParent());
        Files.writeString(outbox, "a file where the folder should be");

        DeliveryAttempt sent = deliver("m-9", JSON);

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("could not write the message to the outbox");
        });
    }

    @Test
    void aCarePackageIsWrittenOnlyWhenItNamesThisProvider() {
        DeliveryAttempt forUs = deliver("m-pkg-1", carePackage(TestPartnerContext.PARTNER_ODS), "care-package");
        DeliveryAttempt forAnother = deliver("m-pkg-2", carePackage("VNE01"), "care-package");

        assertThat(forUs.failure()).isNull();
        assertThat(forUs.delivered()).isTrue();
        assertThat(forAnother.failure()).isNull();
        assertThat(forAnother.withheld())
                .isEqualTo("the care package does not name this provider (ODS code VM4T2)");
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

    private DeliveryAttempt deliver(String messageId, String body) {
        return deliver(messageId, body, "transfer");
    }

    private DeliveryAttempt deliver(String messageId, String body, String event) {
        return DeliveryAttempt.of(deliverer, messageId, "st-elsewhere-hospital", event, body);
    }
}
