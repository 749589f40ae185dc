package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.inbound.PartnerInboundGateway;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;

/**
 * Issue 6: a full broker store pushes back on every inbound transport instead of accepting what it cannot
 * keep. A tiny store (4 MiB, 1 MiB journal files) and a destination that is down fill up quickly; then a FHIR
 * POST gets 503 + Retry-After + OperationOutcome, an HL7 ADT gets a negative ACK, a CSV file stays in the
 * inbox. The destination comes up, the backlog drains, KahaDB gives its journal files back, and the same
 * requests are accepted; everything acknowledged is delivered.
 */
class BackPressureIT {

    /** ~30 KB of narrative per message: the store fills in a few hundred messages. */
    private static final String PADDING = "x".repeat(30_000);

    @TempDir
    Path root;

    @Test
    void aFullStoreRefusesOnEveryTransportAndTakesMessagesAgainOnceItDrains() throws Exception {
        int httpPort = HttpReceiver.freePort();
        int mllpPort = HttpReceiver.freePort();
        int gpPort = HttpReceiver.freePort(); // nothing listens yet: the GP surgery is down
        TestHome home = new TestHome(root)
                .server("broker:\n  port: 0\n  storeLimitMb: 4\n  memoryLimitMb: 16\n  tempLimitMb: 32\n"
                        + "  journalFileMb: 1\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .trust("fhir-trust", "RXX04", "  fhirInbound: true\n" + TestHome.mllpInbound(mllpPort), null)
                .careHome("sunny-meadows", "VNE01", false)
                .httpPartner("gp-surgery", "Y01234", "http://127.0.0.1:" + gpPort + "/fhir/process-message",
                        "  maxAttempts: 1000\n  initialDelayMs: 100\n  maxDelayMs: 300\n")
                .routes("""
                        routes:
                          - id: trust-to-gp
                            from: fhir-trust
                            events: [admission, discharge]
                            to:
                              - partner: gp-surgery
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                          - id: care-home-to-gp
                            from: sunny-meadows
                            events: [observation]
                            to:
                              - partner: gp-surgery
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);
        String endpoint = "http://127.0.0.1:" + httpPort + "/partners/fhir-trust/fhir/$process-message";
        Set<String> acceptedIds = new HashSet<>();
        long started = System.currentTimeMillis();

        try (CareBridgeServer server = home.start(); MllpClient pas = new MllpClient(mllpPort)) {
            // 1. Pump FHIR messages until the store is full.
            HttpResponse<String> refused = null;
            int sent = 0;
            while (refused == null && sent < 2_000) {
                HttpResponse<String> r = PartnerHttp.postFhir(endpoint, discharge("fill-" + sent, Fixtures.NHS[sent % 5]));
                sent++;
                if (r.statusCode() == 202) {
                    acceptedIds.add(r.headers().firstValue("X-CareBridge-Message-Id").orElseThrow());
                } else {
                    refused = r;
                }
            }
            System.out.printf("BackPressureIT: store full after %d accepted FHIR messages, %d ms%n", acceptedIds.size(),
                    System.currentTimeMillis() - started);
            assertThat(refused).as("no refusal after %d messages", sent).isNotNull();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("resend later");

            // 2. While full: FHIR, HL7 v2 and CSV are all refused, and none of it is journalled as received.
            String fhirWhileFull = discharge("while-full", Fixtures.NHS[0]);
            HttpResponse<String> again = PartnerHttp.postFhir(endpoint, fhirWhileFull);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(503);
            assertThat(again.headers().firstValue("Retry-After")).isPresent();

            String adt = Fixtures.adt("A01", "BP1", Fixtures.NHS[1], "20261123093000", null);
            String nack = pas.send(adt);
            assertThat(MllpClient.ackCode(nack)).as(nack).isIn("AR", "AE");
            assertThat(nack).contains("resend later");
            String adtId = PartnerInboundGateway.messageId("fhir-trust", "BP1");

            Path csv = home.drop("sunny-meadows", "observations-while-full.csv", Fixtures.manyObservations(3, 3));
            Thread.sleep(3_000); // several polls (every 200 ms), each refused
            assertThat(csv).exists();
            assertThat(TestHome.files(home.partnerFolder("sunny-meadows", "done"))).isEmpty();
            assertThat(TestHome.files(home.partnerFolder("sunny-meadows", "error"))).isEmpty();

            Set<String> received = ids(server.journal().entries(Hop.RECEIVED));
            assertThat(received).doesNotContain(adtId);
            assertThat(received).containsAll(acceptedIds);
            assertThat(received).hasSize(acceptedIds.size()); // nothing refused was journalled as received
            assertThat(server.broker().isReachable()).isTrue();
            long fullAt = System.currentTimeMillis();

            // 3. The GP surgery comes back: the backlog drains, KahaDB deletes the spent journal files.
            try (HttpReceiver gp = HttpReceiver.startOn(gpPort, 202)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> PartnerHttp.postFhir(endpoint, fhirWhileFull).statusCode() == 202);
                System.out.printf("BackPressureIT: accepting again %d ms after the destination came up%n",
                        System.currentTimeMillis() - fullAt);
                HttpResponse<String> resent = PartnerHttp.postFhir(endpoint, fhirWhileFull); // recognised as a resend
                assertThat(resent.statusCode()).isEqualTo(202);
                acceptedIds.add(resent.headers().firstValue("X-CareBridge-Message-Id").orElseThrow());

                String ack = pas.send(adt);
                assertThat(MllpClient.ackCode(ack)).as(ack).isEqualTo("AA");
                acceptedIds.add(adtId);

                await().atMost(Duration.ofSeconds(20)).until(() -> !csv.toFile().exists()
                        && TestHome.files(home.partnerFolder("sunny-meadows", "done")).size() == 1);
                assertThat(TestHome.files(home.partnerFolder("sunny-meadows", "error"))).isEmpty();

                // Everything acknowledged (FHIR, ADT, the CSV's 3 rows) reaches the GP surgery.
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(gp)
                        .containsAll(ids(server.journal().entries(Hop.RECEIVED))));
                Set<String> allReceived = ids(server.journal().entries(Hop.RECEIVED));
                assertThat(allReceived).containsAll(acceptedIds).hasSize(acceptedIds.size() + 3);
                assertThat(delivered(gp)).containsAll(acceptedIds);
            }
            System.out.printf("BackPressureIT: done in %d ms%n", System.currentTimeMillis() - started);
        }
    }

    private static Set<String> ids(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::messageId).collect(Collectors.toSet());
    }

    private static Set<String> delivered(HttpReceiver gp) {
        return gp.received().stream().map(HttpReceiver.Received::messageId).collect(Collectors.toSet());
    }

    /** A discharge of about 30 KB: a few fill the small broker store this test runs with. */
    private static String discharge(String bundleId, String nhsNumber) {
        return Fixtures.fhirDischarge(bundleId, nhsNumber, bundleId + " " + PADDING);
    }
}
