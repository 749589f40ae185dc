package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;

/**
 * A trust that speaks FHIR: POSTs message Bundles to its {@code $process-message} endpoint and gets 202
 * once the broker holds them, 4xx with an OperationOutcome otherwise; a trust that takes FHIR gets the
 * message POSTed to its own {@code $process-message}.
 */
class FhirMessagingIT {

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

                HttpResponse<String> accepted = PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("msg-1", Fixtures.NHS[0], null));
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(accepted.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("accepted");
                String messageId = accepted.headers().firstValue("X-CareBridge-Message-Id").orElseThrow();

                HttpResponse<String> resent = PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("msg-1", Fixtures.NHS[0], null));
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

                HttpResponse<String> broken = PartnerHttp.postFhir(endpoint, "{\"resourceType\":\"Bundle\",");
                assertThat(broken.statusCode()).isEqualTo(400);
                assertThat(broken.body()).contains("OperationOutcome");

                HttpResponse<String> notAMessage = PartnerHttp.postFhir(endpoint, "{\"resourceType\":\"Patient\"}");
                assertThat(notAMessage.statusCode()).isEqualTo(400);
                assertThat(notAMessage.body()).contains("OperationOutcome");

                HttpResponse<String> badNhsNumber = PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("msg-2", Fixtures.BAD_NHS, null));
                assertThat(badNhsNumber.statusCode()).isEqualTo(422);
                assertThat(badNhsNumber.body()).contains("OperationOutcome").contains("NHS number")
                        .doesNotContain(Fixtures.BAD_NHS);

                assertThat(server.journal().entries(uk.carebridge.server.journal.Hop.ROUTED)).hasSize(1);
            }
        }
    }

}
