package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.jms.Message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;

/**
 * ADT in over MLLP from one trust -> FHIR -> ADT out over MLLP to another trust's listener: the person and
 * the stay survive the two translations. A trust that answers AE does not get the message counted as
 * delivered: it is retried, then dead-lettered with the trust's reason.
 */
class Hl7RoundTripIT {

    @TempDir
    Path root;

    @Test
    void adtSurvivesTranslationToFhirAndBackAndAnAeIsAFailedDelivery() throws Exception {
        int mllpIn = HttpReceiver.freePort();
        try (MllpReceiver infirmary = MllpReceiver.start(HttpReceiver.freePort(), "AA");
                MllpReceiver refusing = MllpReceiver.start(HttpReceiver.freePort(), "AE")) {
            TestHome home = new TestHome(root)
                    // The server's UK Core profile validation on: what the trust's ADT becomes must pass it.
                    .server("broker:\n  port: 0\nhttp:\n  port: 0\nvalidation:\n  profile: true\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpIn), null)
                    .trust("royal-infirmary", "RXX02",
                            "  format: hl7v2\n  deliveryAddress: 127.0.0.1:" + infirmary.port() + "\n", null)
                    .trust("refusing-trust", "RXX03",
                            "  format: hl7v2\n  deliveryAddress: 127.0.0.1:" + refusing.port() + "\n",
                            "  maxAttempts: 2\n  initialDelayMs: 200\n")
                    .routes("""
                            routes:
                              - id: trust-to-trust
                                from: st-elsewhere
                                events: [admission, discharge, person-update]
                                to:
                                  - partner: royal-infirmary
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                              - id: discharges-to-refusing-trust
                                from: st-elsewhere
                                events: [discharge]
                                to:
                                  - partner: refusing-trust
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                            """);
            try (CareBridgeServer server = home.start(); MllpClient pas = new MllpClient(mllpIn)) {
                String a01 = Fixtures.adt("A01", "RT1", Fixtures.NHS[0], "20261123093000", null);
                String a03 = Fixtures.adt("A03", "RT2", Fixtures.NHS[0], "20261123093000", "20261125141500");
                String a31 = Fixtures.adt("A31", "RT3", Fixtures.NHS[0], null, null);
                for (String adt : List.of(a01, a03, a31)) {
                    assertThat(MllpClient.ackCode(pas.send(adt))).isEqualTo("AA");
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> infirmary.received().size() == 3);
                List<String> out = infirmary.received();
                assertThat(out).extracting(m -> MllpFrames.field(m, "MSH", 9).split("\\^")[1])
                        .containsExactly("A01", "A03", "A31");
                for (int i = 0; i < 3; i++) {
                    String sent = List.of(a01, a03, a31).get(i);
                    String received = out.get(i);
                    assertThat(MllpFrames.field(received, "PID", 3)).as("PID-3").startsWith(Fixtures.NHS[0] + "^^^NHS^NH");
                    assertSameComponents(sent, received, "PID", 5, 0, 1);      // family, given
                    assertThat(MllpFrames.field(received, "PID", 7)).as("PID-7").startsWith("19351210");
                    assertThat(MllpFrames.field(received, "PID", 8)).as("PID-8").isEqualTo("F");
                    assertSameComponents(sent, received, "PID", 11, 0, 2, 4);  // street, city, postcode
                    assertThat(MllpFrames.field(received, "PD1", 3)).as("PD1-3 GP practice").contains("B86010");
                    // MSH-10 is the CareBridge message id, so the receiving trust can drop a resend.
                    assertThat(MllpFrames.field(received, "MSH", 10)).matches("[0-9a-f-]{36}");
                }
                assertThat(MllpFrames.field(out.get(0), "PV1", 44)).as("admitted").startsWith("20261123093000");
                assertThat(MllpFrames.field(out.get(1), "PV1", 44)).as("admitted").startsWith("20261123093000");
                assertThat(MllpFrames.field(out.get(1), "PV1", 45)).as("discharged").startsWith("20261125141500");

                // AE from the refusing trust: tried twice, then dead-lettered with the trust's own words.
                await().atMost(Duration.ofSeconds(20)).until(() -> !DeadLetterIT.browse(server,
                        "DLQ.carebridge.outbound.refusing-trust").isEmpty());
                assertThat(refusing.received()).hasSize(2);
                Message dead = DeadLetterIT.browse(server, "DLQ.carebridge.outbound.refusing-trust").get(0);
                assertThat(dead.getStringProperty(MessageHeaders.FAILURE_REASON)).contains("AE")
                        .contains("test receiver refuses");
                assertThat(server.journal().entries(Hop.DELIVERED).stream()
                        .filter(e -> "refusing-trust".equals(e.destination()))).isEmpty();
            }
        }
    }

    /** The given components (0-based) of a field's first repetition are equal in both messages. */
    private static void assertSameComponents(String sent, String received, String segment, int field, int... components) {
        String[] a = MllpFrames.field(sent, segment, field).split("~")[0].split("\\^", -1);
        String[] b = MllpFrames.field(received, segment, field).split("~")[0].split("\\^", -1);
        for (int c : components) {
            assertThat(c < b.length ? b[c] : "").as("%s-%d.%d", segment, field, c + 1).isEqualTo(a[c]);
        }
    }
}
