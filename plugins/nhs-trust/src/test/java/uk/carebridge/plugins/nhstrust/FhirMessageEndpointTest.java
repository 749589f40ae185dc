package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.Partner;
import uk.carebridge.testkit.PlatformHttpServer;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.TestPartnerContext;

/**
 * The FHIR {@code $process-message} endpoint over real HTTP: a Vert.x server behind platform-http set up as the
 * server's HttpListener does, the plugin's receiver routes for two trusts (one with an API key), a real client.
 */
class FhirMessageEndpointTest {

    private static final String API_KEY = "k3y-for-st-elsewhere";
    private static final String OPEN_TRUST = "open-trust";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final RecordingGateway GATEWAY = new RecordingGateway();
    private static final RecordingGateway OPEN_GATEWAY = new RecordingGateway();
    private static PlatformHttpServer http;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        http = new PlatformHttpServer();
        base = http.baseUrl();
        NhsTrustPlugin plugin = new NhsTrustPlugin();
        http.camel().addRoutes(plugin.receiver(TrustPartner.of(GATEWAY,
                Map.of("fhirInbound", "true", "apiKeyEnv", "TRUST_API_KEY"))
                .withEnvironment(Map.of("TRUST_API_KEY", API_KEY))));
        http.camel().addRoutes(plugin.receiver(TestPartnerContext.of(new Partner(OPEN_TRUST, "Open Trust", "RYY",
                NhsTrustPlugin.ID, Map.of("fhirInbound", "true")), OPEN_GATEWAY)));
        http.start();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    @BeforeEach
    void reset() {
        GATEWAY.recover();
        GATEWAY.refuseMessages(null, null);
    }

    @Test
    void aMessageIsAcceptedWith202AndItsCareBridgeMessageId() throws Exception {
        Bundle message = message("urn:uuid:1c2d", "accept-1");

        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, json(message), API_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/fhir+json"));
        String id = RecordingGateway.messageId("fhir:urn:uuid:1c2d|accept-1");
        assertThat(response.headers().firstValue("X-CareBridge-Message-Id")).contains(id);
        // Nothing of the request comes back as a response header, least of all the key.
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key")
                || h.toLowerCase().startsWith("camel"));
        OperationOutcome outcome = outcome(response);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.INFORMATION);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("accepted as message " + id);
        assertThat(GATEWAY.messages()).filteredOn(m -> m.sourceKey().equals("fhir:urn:uuid:1c2d|accept-1"))
                .singleElement().satisfies(m -> assertThat(m.bundle().getType()).isEqualTo(Bundle.BundleType.MESSAGE));
    }

    @Test
    void aResendIsAcceptedAgainButSaidToBeAlreadyReceived() throws Exception {
        String body = json(message("urn:uuid:1c2d", "dup-1"));
        HttpResponse<String> first = post(TrustPartner.PARTNER_ID, body, API_KEY);
        HttpResponse<String> again = post(TrustPartner.PARTNER_ID, body, API_KEY);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("X-CareBridge-Message-Id"))
                .isEqualTo(first.headers().firstValue("X-CareBridge-Message-Id"));
        assertThat(outcome(again).getIssueFirstRep().getDiagnostics()).startsWith("already received as message")
                .endsWith("not routed again");
    }

    @Test
    void withoutAnIdentifierTheBundleIdIsTheMessagesKey() throws Exception {
        Bundle message = message(null, null);
        message.setId("b-77");

        assertThat(post(TrustPartner.PARTNER_ID, json(message), API_KEY).statusCode()).isEqualTo(202);
        assertThat(GATEWAY.messages()).extracting(InboundRecord::sourceKey).contains("fhir:b-77");
    }

    @Test
    void aMissingOrWrongApiKeyIs401AndNothingIsSubmitted() throws Exception {
        int before = GATEWAY.records().size();
        String body = json(message("urn:uuid:1c2d", "key-1"));

        for (String key : new String[] {null, "", "wrong", API_KEY + "x", API_KEY.substring(1), API_KEY.toUpperCase()}) {
            HttpResponse<String> response = post(TrustPartner.PARTNER_ID, body, key);
            assertThat(response.statusCode()).as("key %s", key).isEqualTo(401);
            OperationOutcome outcome = outcome(response);
            assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.SECURITY);
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("X-API-Key");
            assertThat(response.body()).doesNotContain(API_KEY);
        }
        assertThat(GATEWAY.records()).hasSize(before);
    }

    @Test
    void aTrustWithoutApiKeySettingNeedsNoKey() throws Exception {
        assertThat(post(OPEN_TRUST, json(message("urn:uuid:9", "open-1")), null).statusCode()).isEqualTo(202);
        assertThat(post(OPEN_TRUST, json(message("urn:uuid:9", "open-2")), "anything").statusCode()).isEqualTo(202);
        assertThat(OPEN_GATEWAY.messages()).hasSize(2);
    }

    @Test
    void brokenJsonIs400WithAnOperationOutcomeThatQuotesNoPatientData() throws Exception {
        String nhs = TrustSamples.NHS_NUMBER;
        String patient = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",";
        // body -> what the diagnostics say about it
        Map<String, String> broken = Map.of(
                "{\"resourceType\":\"Bundle\",\"type\":\"message\", \"id\": " + nhs, "JSON syntax error at line 1",
                "", "the request body is empty",
                "not json at all " + nhs, "the body is not a JSON object",
                patient + "\"birthDate\":\"" + nhs + "\"}}]}", "invalid value in element birthDate",
                patient + "\"nhsNumber\":\"" + nhs + "\"}}]}", "unknown element nhsNumber",
                patient + "\"gender\":\"" + nhs + "\"}}]}", "invalid value in element gender");
        int before = GATEWAY.records().size();

        for (Map.Entry<String, String> body : broken.entrySet()) {
            HttpResponse<String> response = post(TrustPartner.PARTNER_ID, body.getKey(), API_KEY);
            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
            OperationOutcome outcome = outcome(response);
            assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.ERROR);
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(body.getKey()).contains(body.getValue());
            // HAPI's own message repeats the value (an NHS number as a birth date, say): that must not come back.
            assertThat(response.body()).as(body.getKey()).doesNotContain(nhs);
        }
        assertThat(GATEWAY.records()).hasSize(before);
    }

    @Test
    void whatHapisParserFailsOnWithoutAParseErrorIs400NamingTheElement() throws Exception {
        // Each was a 500 (a NullPointerException and others inside HAPI's parser): issue 23.2.
        String nhs = TrustSamples.NHS_NUMBER;
        String patient = "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"" + nhs + "\"}],";
        Map<String, String> broken = Map.of(
                patient + "\"extension\":[{}]}}]}", "Bundle.entry[0].resource.extension[0].url",
                patient + "\"extension\":[null]}}]}", "Bundle.entry[0].resource.extension[0]",
                patient + "\"_gender\":{\"extension\":[null]}}}]}", "Bundle.entry[0].resource._gender.extension[0]",
                "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[{\"resource\":{\"resourceType\":\"\"}}]}",
                "Bundle.entry[0].resource.resourceType",
                "{\"resourceType\":\"\",\"type\":\"message\"}", "resourceType");
        int before = GATEWAY.records().size();
        for (Map.Entry<String, String> body : broken.entrySet()) {
            HttpResponse<String> response = post(TrustPartner.PARTNER_ID, body.getKey(), API_KEY);
            assertThat(response.statusCode()).as("%s: %s", body.getKey(), response.body()).isEqualTo(400);
            assertThat(response.body()).as(body.getKey()).contains(body.getValue()).doesNotContain(nhs);
        }
        assertThat(GATEWAY.records()).hasSize(before);
    }

    @Test
    void aDateWithATimeIs400NamingTheElement() throws Exception {
        // HAPI reads it, then fails the first copy of the Patient (the gateway's fingerprint): a 500 once (issue 23.2).
        Bundle message = message("urn:uuid:1", "date-1");
        String body = json(message).replaceFirst("\"birthDate\":\"[^\"]+\"", "\"birthDate\":\"2026-11-20T10:15:00.123Z\"");
        assertThat(body).contains("2026-11-20T10:15:00.123Z");
        int before = GATEWAY.records().size();
        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, body, API_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("birthDate").contains("not a valid date").doesNotContain("2026-11-20T10");
        assertThat(GATEWAY.records()).hasSize(before);
    }

    @Test
    void aPatientOrABundleThatIsNotAMessageIsRefused() throws Exception {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(TrustSamples.NHS_NUMBER);
        Bundle collection = message("urn:uuid:1", "collection-1").setType(Bundle.BundleType.COLLECTION);
        Bundle anonymous = message(null, null);
        int before = GATEWAY.records().size();

        HttpResponse<String> notABundle = post(TrustPartner.PARTNER_ID, json(patient), API_KEY);
        HttpResponse<String> notAMessage = post(TrustPartner.PARTNER_ID, json(collection), API_KEY);
        HttpResponse<String> noId = post(TrustPartner.PARTNER_ID, json(anonymous), API_KEY);

        assertThat(notABundle.statusCode()).isEqualTo(400);
        assertThat(outcome(notABundle).getIssueFirstRep().getDiagnostics())
                .contains("the resource is a Patient, not a Bundle");
        assertThat(notABundle.body()).doesNotContain(TrustSamples.NHS_NUMBER);
        assertThat(notAMessage.statusCode()).isEqualTo(400);
        assertThat(outcome(notAMessage).getIssueFirstRep().getExpression()).extracting(e -> e.getValue())
                .containsExactly("Bundle.type");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(outcome(noId).getIssueFirstRep().getCode()).isEqualTo(IssueType.REQUIRED);
        assertThat(GATEWAY.records()).hasSize(before);
    }

    @Test
    void aMessageFailingCareBridgesChecksIs422WithTheReason() throws Exception {
        GATEWAY.refuseMessages("Bundle.entry[1].resource.identifier", "the NHS number fails its Modulus 11 check");

        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, json(message("urn:uuid:1", "bad-1")), API_KEY);

        assertThat(response.statusCode()).isEqualTo(422);
        OperationOutcome outcome = outcome(response);
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.INVALID);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("the NHS number fails its Modulus 11 check");
        assertThat(outcome.getIssueFirstRep().getExpression()).extracting(e -> e.getValue())
                .containsExactly("Bundle.entry[1].resource.identifier");
        assertThat(response.headers().firstValue("X-CareBridge-Message-Id")).isPresent();
    }

    @Test
    void whenCareBridgeCannotPersistItIs503WithRetryAfter() throws Exception {
        GATEWAY.goDown();

        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, json(message("urn:uuid:1", "down-1")), API_KEY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(outcome(response).getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
        assertThat(response.headers().firstValue("X-CareBridge-Message-Id")).isEmpty();
    }

    @Test
    void aGatewayFailureIs500WithAnOperationOutcomeThatSaysNothingInternal() throws Exception {
        GATEWAY.failWith(new IllegalStateException("journal table CAREBRIDGE_JOURNAL missing"));

        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, json(message("urn:uuid:1", "bug-1")), API_KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(outcome(response).getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(response.body()).doesNotContain("CAREBRIDGE_JOURNAL").doesNotContain("IllegalStateException");
    }

    @Test
    void anHl7v2TriggerEventBecomesTheCareBridgeEvent() throws Exception {
        Bundle message = message("urn:uuid:1", "v2-event-1");
        ((MessageHeader) message.getEntryFirstRep().getResource())
                .setEvent(new Coding(FhirMessageEndpoint.V2_EVENT_SYSTEM, "A03", "Discharge"));

        assertThat(post(TrustPartner.PARTNER_ID, json(message), API_KEY).statusCode()).isEqualTo(202);

        Bundle submitted = GATEWAY.messages().stream().filter(m -> m.sourceKey().endsWith("|v2-event-1"))
                .findFirst().orElseThrow().bundle();
        assertThat(((MessageHeader) submitted.getEntryFirstRep().getResource()).getEventCoding())
                .satisfies(c -> {
                    assertThat(c.getSystem()).isEqualTo(CareBridgeEvent.SYSTEM);
                    assertThat(c.getCode()).isEqualTo(CareBridgeEvent.DISCHARGE.code());
                });
    }

    @Test
    void theSourceIsThePartnerAndTheSendersOwnIsKeptInExtensions() throws Exception {
        Bundle message = message("https://pas.st-elsewhere.nhs.uk/message-id", "source-1");
        ((MessageHeader) message.getEntryFirstRep().getResource()).getSource().setName("PAS-FHIR")
                .setEndpoint("https://pas.st-elsewhere.nhs.uk/fhir").setSoftware("PAS");

        assertThat(post(TrustPartner.PARTNER_ID, json(message), API_KEY).statusCode()).isEqualTo(202);

        Bundle submitted = GATEWAY.messages().stream().filter(m -> m.sourceKey().endsWith("|source-1"))
                .findFirst().orElseThrow().bundle();
        MessageHeader.MessageSourceComponent source = ((MessageHeader) submitted.getEntryFirstRep().getResource())
                .getSource();
        assertThat(source.getName()).isEqualTo(TrustPartner.PARTNER_ID);
        assertThat(source.getEndpoint()).isEqualTo("urn:carebridge:partner:" + TrustPartner.PARTNER_ID);
        assertThat(source.getExtensionByUrl(FhirSystems.SENDER_SOURCE_ENDPOINT).getValue().primitiveValue())
                .isEqualTo("https://pas.st-elsewhere.nhs.uk/fhir");
        assertThat(source.getExtensionByUrl(FhirSystems.SENDER_SOURCE_NAME).getValue().primitiveValue())
                .isEqualTo("PAS-FHIR");
        assertThat(source.getSoftware()).isEqualTo("PAS");
        uk.carebridge.testkit.FhirAssertions.assertValidMessage(submitted);
    }

    @Test
    void aSourceThatIsAlreadyThePartnerGetsNoExtension() throws Exception {
        Bundle message = message("urn:uuid:1", "source-2");
        ((MessageHeader) message.getEntryFirstRep().getResource()).getSource().setName(TrustPartner.PARTNER_ID)
                .setEndpoint("urn:carebridge:partner:" + TrustPartner.PARTNER_ID);

        assertThat(post(TrustPartner.PARTNER_ID, json(message), API_KEY).statusCode()).isEqualTo(202);

        Bundle submitted = GATEWAY.messages().stream().filter(m -> m.sourceKey().endsWith("|source-2"))
                .findFirst().orElseThrow().bundle();
        assertThat(((MessageHeader) submitted.getEntryFirstRep().getResource()).getSource().hasExtension()).isFalse();
    }

    @Test
    void utf8IsReadAsUtf8EvenWhenTheContentTypeNamesNoCharset() throws Exception {
        HttpResponse<String> response = post(TrustPartner.PARTNER_ID, json(message("urn:uuid:1", "utf8-1")),
                API_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        Bundle submitted = GATEWAY.messages().stream().filter(m -> m.sourceKey().endsWith("|utf8-1"))
                .findFirst().orElseThrow().bundle();
        Patient patient = (Patient) submitted.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).findFirst().orElseThrow();
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Zoë");
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(TrustPartner.PARTNER_ID))
                .header("X-API-Key", API_KEY).GET().build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    /** The sample admission, identified by {@code system|value} when given. */
    private static Bundle message(String system, String value) {
        Bundle message = TrustSamples.admission();
        message.setId((String) null);
        if (value != null) {
            message.getIdentifier().setSystem(system).setValue(value);
        } else {
            message.setIdentifier(null);
        }
        return message;
    }

    private static String json(org.hl7.fhir.r4.model.Resource resource) {
        return TrustPartner.R4.newJsonParser().encodeResourceToString(resource);
    }

    private static OperationOutcome outcome(HttpResponse<String> response) {
        return TrustPartner.R4.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private static URI uri(String partnerId) {
        return URI.create(base + "/partners/" + partnerId + "/fhir/$process-message");
    }

    private static HttpResponse<String> post(String partnerId, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(partnerId)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return CLIENT.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
