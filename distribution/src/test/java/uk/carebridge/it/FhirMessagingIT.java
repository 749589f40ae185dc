package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.server.CareBridgeServer;

/**
 * A trust that speaks FHIR: POSTs message Bundles to its {@code $process-message} endpoint and gets 202
 * once the broker holds them, 4xx with an OperationOutcome otherwise; a trust that takes FHIR gets the
 * message POSTed to its own {@code $process-message}.
 */
class FhirMessagingIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void fhirMessagesInAndOut() throws Exception {
        int httpPort = HttpReceiver.freePort();
        try (HttpReceiver receivingTrust = HttpReceiver.start(200)) {
            TestHome home = new TestHome(root)
                    .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                    .trust("fhir-trust", "RXX04", "  fhirInbound: true\n", null)
                    .trust("receiving-trust", "RXX05", "  deliveryUrl: " + receivingTrust.base() + "\n", null)
                    .routes("""
                            routes:
                              - id: discharges
                                from: fhir-trust
                                events: [discharge]
                                to:
                                  - partner: receiving-trust
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                            """);
            try (CareBridgeServer server = home.start()) {
                String endpoint = "http://127.0.0.1:" + httpPort + "/partners/fhir-trust/fhir/$process-message";

                HttpResponse<String> accepted = post(endpoint, discharge("msg-1", Fixtures.NHS[0]));
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(accepted.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("accepted");
                String messageId = accepted.headers().firstValue("X-CareBridge-Message-Id").orElseThrow();

                HttpResponse<String> resent = post(endpoint, discharge("msg-1", Fixtures.NHS[0]));
                assertThat(resent.statusCode()).isEqualTo(202);
                assertThat(resent.body()).contains("already received");

                await().atMost(Duration.ofSeconds(20)).until(() -> receivingTrust.received().size() == 1);
                Thread.sleep(1000); // a second delivery of the resend would show up now
                assertThat(receivingTrust.received()).singleElement().satisfies(r -> {
                    assertThat(r.path()).isEqualTo("/fhir/$process-message");
                    assertThat(r.contentType()).startsWith("application/fhir+json");
                    assertThat(r.messageId()).isEqualTo(messageId);
                    assertThat(r.body()).contains(Fixtures.NHS[0]);
                });

                HttpResponse<String> broken = post(endpoint, "{\"resourceType\":\"Bundle\",");
                assertThat(broken.statusCode()).isEqualTo(400);
                assertThat(broken.body()).contains("OperationOutcome");

                HttpResponse<String> notAMessage = post(endpoint, "{\"resourceType\":\"Patient\"}");
                assertThat(notAMessage.statusCode()).isEqualTo(400);
                assertThat(notAMessage.body()).contains("OperationOutcome");

                HttpResponse<String> badNhsNumber = post(endpoint, discharge("msg-2", Fixtures.BAD_NHS));
                assertThat(badNhsNumber.statusCode()).isEqualTo(422);
                assertThat(badNhsNumber.body()).contains("OperationOutcome").contains("NHS number")
                        .doesNotContain(Fixtures.BAD_NHS);

                assertThat(server.journal().entries(uk.carebridge.server.journal.Hop.ROUTED)).hasSize(1);
            }
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String discharge(String bundleId, String nhsNumber) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        patient.addName().setFamily("Lovelace").addGiven("Ada");
        patient.setGender(AdministrativeGender.FEMALE);
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.getClass_().setSystem(FhirSystems.ACT_CODE).setCode("IMP");
        encounter.setSubject(MessageBuilder.ref(patient));
        Bundle message = MessageBuilder.event(CareBridgeEvent.DISCHARGE, "fhir-trust").focus(encounter).add(patient).build();
        message.setId(bundleId);
        return FHIR.newJsonParser().encodeResourceToString(message);
    }
}
