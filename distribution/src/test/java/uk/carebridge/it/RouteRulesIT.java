package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.routing.RouterRoutes;
import uk.carebridge.server.routing.SharingPolicy;

/**
 * Route files' rules over the real server: a destination's data-sharing policy (only Patient + Encounter,
 * without Patient.address) cuts its copy while another destination gets the whole message; a FHIRPath condition
 * on NEWS2 >= 5 routes only the high scores; what no route takes is journaled and counted.
 */
class RouteRulesIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String NEWS2 = "1104051000000101";

    @TempDir
    Path root;

    @Test
    void policiesCutEachCopyAndConditionsChooseTheMessages() throws Exception {
        int httpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .trust("st-elsewhere", "RXX01", "  fhirInbound: true\n", null)
                .outboxPartner("care-home", "VNE01")
                .outboxPartner("records", "RNX02")
                .outboxPartner("nurses", "RNX03")
                .routes("""
                        routes:
                          - id: admissions
                            from: st-elsewhere
                            events: [admission]
                            to:
                              - partner: care-home
                                resources: [Patient, Encounter]
                                remove: [Patient.address]
                                agreement: NORTHSHIRE-DSA-2026-01
                              - partner: records
                                resources: [Patient, Encounter, Observation]
                          - id: urgent-scores
                            from: st-elsewhere
                            events: [observation]
                            condition: entry.resource.ofType(Observation).where(code.coding.code = '%s').exists(value >= 5)
                            to:
                              - partner: nurses
                                resources: [Patient, Observation]
                        """.formatted(NEWS2));
            try (CareBridgeServer server = home.start()) {
                String endpoint = "http://127.0.0.1:" + httpPort + "/partners/st-elsewhere/fhir/$process-message";

                // 1. The policy: the care home's copy has neither the address nor the Observation; records is whole.
                assertThat(PartnerHttp.postFhir(endpoint, admission("adm-1")).statusCode()).isEqualTo(202);
                Path careHome = home.partnerFolder("care-home", "outbox");
                Path records = home.partnerFolder("records", "outbox");
                await().atMost(Duration.ofSeconds(20)).until(() -> TestHome.files(careHome).size() == 1
                        && TestHome.files(records).size() == 1);
                Bundle cut = read(TestHome.files(careHome).get(0));
                assertThat(types(cut)).containsExactly("MessageHeader", "Encounter", "Patient");
                Patient patient = (Patient) cut.getEntry().get(2).getResource();
                assertThat(patient.hasAddress()).isFalse();
                assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(Fixtures.NHS[0]);
                assertThat(((MessageHeader) cut.getEntryFirstRep().getResource())
                        .getExtensionByUrl(SharingPolicy.AGREEMENT_EXTENSION).getValue())
                        .isInstanceOfSatisfying(Identifier.class,
                                id -> assertThat(id.getValue()).isEqualTo("NORTHSHIRE-DSA-2026-01"));
                Bundle whole = read(TestHome.files(records).get(0));
                assertThat(types(whole)).containsExactly("MessageHeader", "Encounter", "Patient", "Observation");
                assertThat(((Patient) whole.getEntry().get(2).getResource()).hasAddress()).isTrue();
                assertThat(server.journal().entries(Hop.ROUTED)).filteredOn(e -> "care-home".equals(e.destination()))
                        .singleElement().satisfies(e -> {
                            assertThat(e.resourceTypes()).isEqualTo("Encounter,Patient");
                            assertThat(e.detail()).contains("route admissions").contains("rules ")
                                    .contains("agreement NORTHSHIRE-DSA-2026-01").contains("without Patient.address");
                        });

                // 2. The condition: of NEWS2 scores 3, 4, 5, 7 and 12 only 5, 7 and 12 reach the nurses.
                int[] scores = {3, 4, 5, 7, 12};
                for (int i = 0; i < scores.length; i++) {
                    assertThat(PartnerHttp.postFhir(endpoint, news2("obs-" + i, scores[i])).statusCode()).isEqualTo(202);
                }
                Path nurses = home.partnerFolder("nurses", "outbox");
                await().atMost(Duration.ofSeconds(20)).until(() -> TestHome.files(nurses).size() == 3
                        && server.journal().entries(Hop.UNROUTED).size() == 2);
                assertThat(TestHome.files(nurses)).map(f -> score(read(f))).containsExactlyInAnyOrder(5, 7, 12);
                assertThat(server.journal().entries(Hop.UNROUTED)).allSatisfy(e ->
                        assertThat(e.detail()).contains("no route takes 'observation' from st-elsewhere"));
                assertThat(server.metrics().counter(RouterRoutes.UNROUTED_COUNTER).count()).isEqualTo(2.0);
            }
    }

    private static List<String> types(Bundle b) {
        return b.getEntry().stream().map(e -> ((Resource) e.getResource()).fhirType()).toList();
    }

    private static int score(Bundle b) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(r -> ((Observation) r).getValueIntegerType().getValue())
                .findFirst().orElseThrow();
    }

    private static Bundle read(Path file) {
        return FHIR.newJsonParser().parseResource(Bundle.class, TestHome.read(file));
    }

    private static Patient patient() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(Fixtures.NHS[0]);
        patient.addName().setFamily("Testperson").addGiven("Ada");
        patient.addAddress().addLine("1 Synthetic Street").setPostalCode("EX1 2AB");
        return patient;
    }

    private static Observation news2(Patient patient, int score) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem(FhirSystems.SNOMED).setCode(NEWS2).setDisplay("NEWS2 total score");
        o.setValue(new IntegerType(score));
        o.setSubject(MessageBuilder.ref(patient));
        return o;
    }

    private static String admission(String id) {
        Patient patient = patient();
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.getClass_().setSystem(FhirSystems.ACT_CODE).setCode("IMP");
        encounter.setSubject(MessageBuilder.ref(patient));
        Bundle message = MessageBuilder.event(CareBridgeEvent.ADMISSION, "st-elsewhere").focus(encounter).add(patient)
                .add(news2(patient, 6)).build();
        message.setId(id);
        return FHIR.newJsonParser().encodeResourceToString(message);
    }

    private static String news2(String id, int score) {
        Patient patient = patient();
        Bundle message = MessageBuilder.event(CareBridgeEvent.OBSERVATION, "st-elsewhere").focus(news2(patient, score))
                .add(patient).build();
        message.setId(id);
        return FHIR.newJsonParser().encodeResourceToString(message);
    }
}
