package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.testkit.DeliveryAttempt;
import uk.carebridge.testkit.Ports;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.TestPartnerContext;
import uk.carebridge.plugins.localauthority.inbound.Bodies;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.EventReader;
import uk.carebridge.plugins.localauthority.inbound.ReadResult;
import uk.carebridge.plugins.localauthority.inbound.Translate;

/** Notices POSTed to a real local HTTP receiver playing the council's system, through the plugin's deliverer route. */
class CouncilDeliveryTest {

    private static final String PARTNER = Translate.PARTNER;
    private static final String TRUST = "st-elsewhere-trust";
    private static final String DELIVERY_KEY = "k3y-for-the-council";
    private static final String KNOWN = "9990000018";
    private static final String UNKNOWN = "9990000026";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the council's system saw it. */
    record Received(String method, String path, Headers headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 202;
    private volatile String answer = "";
    private HttpServer council;
    private CamelContext camel;
    private TestPartnerContext context;
    private Deliverer deliverer;

    @AfterEach
    void stop() throws Exception {
        if (deliverer != null) {
            deliverer.close();
        }
        if (camel != null) {
            camel.stop();
        }
        if (council != null) {
            council.stop(0);
        }
    }

    private void startCouncil() throws IOException {
        council = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        council.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        council.start();
    }

    private void startDeliverer(int port, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "deliveryUrl", "http://127.0.0.1:" + port + "/carebridge/notices",
                "deliveryApiKeyEnv", "COUNCIL_OUT_KEY",
                "deliveryTimeout", "3000"));
        settings.putAll(extra);
        camel = new DefaultCamelContext();
        camel.start();
        context = TestPartnerContext.of(PARTNER, "X123", LocalAuthorityPlugin.ID, settings, new RecordingGateway())
                .withEnvironment(Map.of("COUNCIL_OUT_KEY", DELIVERY_KEY)).withCamel(camel);
        deliverer = new LocalAuthorityPlugin().deliverer(context);
    }

    private void start() throws Exception {
        startCouncil();
        startDeliverer(council.getAddress().getPort(), Map.of());
    }

    /** The council has told CareBridge about the person (as its people endpoint would). */
    private void councilKnows(String body) {
        ReadResult read = new EventReader().read(CouncilResource.PEOPLE, body);
        assertThat(read).isInstanceOf(ReadResult.Accepted.class);
        new PeopleRegister(PARTNER, context.state()).learn((ReadResult.Accepted) read);
    }

    @Test
    void aDischargeOfAKnownPersonIsPostedAsJsonWithTheCouncilIdAndTheMessageIdAsIdempotencyKey() throws Exception {
        start();
        councilKnows(Bodies.PERSON);
        String json = json(discharge(KNOWN));

        DeliveryAttempt sent = deliver(json, "m-0001");

        assertThat(sent.failure()).isNull();
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/carebridge/notices");
            assertThat(r.headers().getFirst("Idempotency-Key")).isEqualTo("m-0001");
            assertThat(r.headers().getFirst("X-API-Key")).isEqualTo(DELIVERY_KEY);
            assertThat(r.headers().getFirst("Content-Type")).startsWith("application/json");
            assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("carebridge")
                    || h.toLowerCase().startsWith("camel"));
            JsonNode notice = JSON.readTree(r.body());
            assertThat(notice.path("noticeId").asText()).isEqualTo("m-0001");
            assertThat(notice.path("type").asText()).isEqualTo("discharge-completed");
            assertThat(notice.at("/person/nhsNumber").asText()).isEqualTo(KNOWN);
            assertThat(notice.at("/person/councilPersonId").asText()).isEqualTo("P100234");
            assertThat(notice.at("/from/odsCode").asText()).isEqualTo("RXX");
            assertThat(notice.at("/discharge/dischargedAt").asText()).isEqualTo("2026-11-27T14:00:00Z");
        });
        assertThat(sent.delivered()).isTrue();
    }

    @Test
    void aDischargeOfAPersonTheCouncilDoesNotKnowIsWithheld() throws Exception {
        start();
        councilKnows(Bodies.PERSON);
        String json = json(discharge(UNKNOWN));

        DeliveryAttempt sent = deliver(json, "m-0002");

        assertThat(sent.failure()).isNull();
        assertThat(received).isEmpty();
        assertThat(sent.withheld()).contains("not known to this council").doesNotContain(UNKNOWN);
    }

    @Test
    void aMessageThatIsNotANoticeIsWithheldWithTheReason() throws Exception {
        start();
        councilKnows(Bodies.PERSON);
        Bundle careTeamMessage = Translate.body(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE).message();

        DeliveryAttempt sent = deliver(json(careTeamMessage), "m-0003");

        assertThat(sent.failure()).isNull();
        assertThat(received).isEmpty();
        assertThat(sent.withheld()).isNotBlank();
    }

    @Test
    void a400WithABodyIsAPermanentFailureKeepingTheCouncilsAnswer() throws Exception {
        start();
        councilKnows(Bodies.PERSON);
        status = 400;
        answer = "{\"error\":\"person.postcode is not in our area\"}";
        String json = json(discharge(KNOWN));

        DeliveryAttempt sent = deliver(json, "m-0004");

        assertThat(received).hasSize(1);
        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isTrue();
            assertThat(e.partnerResponse()).isEqualTo(answer);
            assertThat(e.getMessage()).contains("400").doesNotContain("not in our area");
        });
    }

    @Test
    void a503IsATransientFailure() throws Exception {
        start();
        councilKnows(Bodies.PERSON);
        status = 503;
        answer = "{\"error\":\"maintenance\"}";

        DeliveryAttempt sent = deliver(json(discharge(KNOWN)), "m-0005");

        // At least once: Apache HttpClient 5 (under camel-http) itself re-sends a POST answered 503 (or 429) once,
        // after Retry-After or 1 s, before the server's own retries; same Idempotency-Key, so the council can drop it.
        assertThat(received).isNotEmpty().allSatisfy(r -> assertThat(r.headers().getFirst("Idempotency-Key"))
                .isEqualTo("m-0005"));
        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
    }

    @Test
    void aCouncilNotListeningIsATransientFailure() throws Exception {
        startDeliverer(Ports.free(), Map.of());
        councilKnows(Bodies.PERSON);
        String json = json(discharge(KNOWN));

        DeliveryAttempt sent = deliver(json, "m-0006");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
    }

    @Test
    void withKnownPeopleOnlyFalseAnUnknownPersonIsDeliveredWithoutACouncilId() throws Exception {
        startCouncil();
        startDeliverer(council.getAddress().getPort(), Map.of("knownPeopleOnly", "false"));

        DeliveryAttempt sent = deliver(json(discharge(UNKNOWN)), "m-0007");

        assertThat(sent.failure()).isNull();
        assertThat(sent.withheld()).isNull();
        assertThat(sent.delivered()).isTrue();
        assertThat(received).singleElement().satisfies(r -> {
            JsonNode notice = JSON.readTree(r.body());
            assertThat(notice.path("type").asText()).isEqualTo("discharge-completed");
            assertThat(notice.at("/person/nhsNumber").asText()).isEqualTo(UNKNOWN);
            assertThat(notice.at("/person").has("councilPersonId")).isFalse();
        });
    }

    // ---- helpers ----

    private DeliveryAttempt deliver(String json, String messageId) {
        return DeliveryAttempt.of(deliverer, messageId, TRUST, "discharge", json);
    }

    private static String json(Bundle bundle) {
        return TestPartnerContext.R4.newJsonParser().encodeResourceToString(bundle);
    }

    /** A discharge as the nhs-trust plugin writes it (PatientMapper, EncounterMapper, AdtReader). */
    static Bundle discharge(String nhsNumber) {
        Organization trust = new Organization();
        trust.getMeta().addProfile(UkCore.ORGANIZATION);
        trust.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue("RXX");
        trust.setName("St Elsewhere's Hospital NHS Trust");

        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        patient.addName().setFamily("Testperson").addGiven("Ada").addGiven("Mary");
        patient.setBirthDateElement(new DateType("1941-03-07"));
        patient.setGender(AdministrativeGender.FEMALE);
        patient.addAddress().addLine("1 Synthetic Street").setPostalCode("EX1 2AB").setUse(Address.AddressUse.HOME);

        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(UkCore.ENCOUNTER);
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding(FhirSystems.ACT_CODE, "IMP", "inpatient encounter"));
        encounter.setSubject(MessageBuilder.ref(patient));
        encounter.setServiceProvider(MessageBuilder.ref(trust));
        encounter.getPeriod().setStartElement(new DateTimeType("2026-11-22T23:10:00+00:00"))
                .setEndElement(new DateTimeType("2026-11-27T14:00:00+00:00"));
        encounter.getHospitalization().setDischargeDisposition(
                new CodeableConcept(new Coding().setSystem(UkCore.DISCHARGE_DESTINATION_SYSTEM).setCode("19")));

        return MessageBuilder.event(CareBridgeEvent.DISCHARGE, TRUST)
                .timestamp(new InstantType("2026-11-27T14:05:00+00:00").getValue())
                .focus(encounter).add(patient).add(trust).build();
    }
}
