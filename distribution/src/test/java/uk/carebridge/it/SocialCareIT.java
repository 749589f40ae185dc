package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.testkit.FhirAssertions;
import uk.carebridge.validation.MessageValidator;

/**
 * A council as a CareBridge partner, end to end over real HTTP, MLLP and folders on the embedded broker: its
 * events in (each to a valid UK Core FHIR message), the hospital's and the care homes' messages out to it as
 * notices (only for people it knows), its care packages to the care home named as provider, and bad requests
 * refused with a clear 4xx while nothing is routed and the server stays up.
 */
class SocialCareIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNCIL = "northshire-adult-social-care";
    /** Set by failsafe (distribution/pom.xml); the council's apiKeyEnv names it. */
    private static final String KEY = System.getenv("CAREBRIDGE_IT_COUNCIL_KEY");
    private static final String KNOWN = Fixtures.NHS[0];
    private static final String UNKNOWN = Fixtures.NHS[1];
    private static final String REFERRED = Fixtures.NHS[2];

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void aCouncilExchangesEventsAndNoticesWithTheTrustAndTheCareHomes() throws Exception {
        assertThat(KEY).as("CAREBRIDGE_IT_COUNCIL_KEY (set by failsafe)").isNotBlank();
        int httpPort = HttpReceiver.freePort();
        int mllpPort = HttpReceiver.freePort();
        try (HttpReceiver council = HttpReceiver.start(200)) {
            TestHome home = new TestHome(root)
                    .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort
                            + "\nvalidation:\n  profile: true\n")
                    .partner(COUNCIL, "odsCode: NSC01\nplugin: local-authority\nsettings:\n"
                            + "  apiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n"
                            + "  deliveryApiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n"
                            + "  deliveryUrl: " + council.base() + "/notices\n"
                            + "delivery:\n  maxAttempts: 2\n  initialDelayMs: 100\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort)
                            + "  fhirInbound: true\n", null)
                    .careHome("sunny-meadows", "VNE01", true)
                    .careHome("oak-lodge", "VNE02", true)
                    .outboxPartner("social-care-records", "RNX09")
                    .routes("""
                            routes:
                              - id: trust-to-council
                                from: st-elsewhere
                                events: [admission, discharge, transfer, person-update, referral]
                                to:
                                  - partner: northshire-adult-social-care
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                              - id: care-homes-to-council
                                from: [sunny-meadows, oak-lodge]
                                events: [transfer, observation]
                                to:
                                  - partner: northshire-adult-social-care
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                              - id: care-packages
                                from: northshire-adult-social-care
                                events: [care-package]
                                to:
                                  - partner: sunny-meadows
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                                  - partner: oak-lodge
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                              - id: council-records
                                from: northshire-adult-social-care
                                events: [person-update, referral, assessment, care-package]
                                to:
                                  - partner: social-care-records
                                    resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                            """);
            try (CareBridgeServer server = home.start()) {
                String base = "http://127.0.0.1:" + httpPort + "/partners/" + COUNCIL + "/v1/";

                // 1. The council's events in: each accepted once persisted, each one valid UK Core FHIR message.
                for (Map.Entry<String, String> event : councilEvents().entrySet()) {
                    HttpResponse<String> answer = PartnerHttp.postJson(base + event.getKey(), event.getValue(), KEY);
                    assertThat(answer.statusCode()).as(event.getKey() + ": " + answer.body()).isEqualTo(202);
                    assertThat(answer.headers().firstValue("X-CareBridge-Message-Id")).isPresent();
                }
                // The records system (a care-provider outbox) keeps what is not a care package; a care package
                // reaches the home it names (Sunny Meadows, VNE01), not Oak Lodge nor the records system.
                Path records = home.partnerFolder("social-care-records", "outbox");
                Path sunnyMeadows = home.partnerFolder("sunny-meadows", "outbox");
                waitFor(server, "3 council messages in the records outbox and the care package at Sunny Meadows",
                        () -> TestHome.files(records).size() == 3 && TestHome.files(sunnyMeadows).size() == 1);
                assertThat(TestHome.read(TestHome.files(sunnyMeadows).get(0))).contains("CarePlan").contains("VNE01");
                waitFor(server, "the care package withheld from Oak Lodge", () -> withheld(server, "oak-lodge").size() == 1);
                assertThat(TestHome.files(home.partnerFolder("oak-lodge", "outbox"))).isEmpty();

                // Each council event became a FHIR message valid against base R4 and UK Core (0 errors).
                MessageValidator validator = FhirAssertions.VALIDATOR;
                List<Path> messages = new java.util.ArrayList<>(TestHome.files(records));
                messages.addAll(TestHome.files(sunnyMeadows));
                for (Path file : messages) {
                    Bundle message = FHIR.newJsonParser().parseResource(Bundle.class, TestHome.read(file));
                    assertThat(validator.checkMessage(message)).as(file.toString()).isEmpty();
                    assertThat(validator.checkProfiles(message)).as("R4 + UK Core: %s", TestHome.read(file)).isEmpty();
                    Patient patient = (Patient) message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                            .filter(Patient.class::isInstance).findFirst().orElseThrow();
                    assertThat(patient.getMeta().getProfile().get(0).getValue()).isEqualTo(UkCore.PATIENT);
                    assertThat(patient.getIdentifier()).extracting(Identifier::getSystem)
                            .contains(FhirSystems.localIdSystem(COUNCIL));
                }

                // 3. The hospital's ADT over MLLP: the council hears of its person's admission and discharge only.
                try (MllpClient trust = new MllpClient(mllpPort)) {
                    assertThat(MllpClient.ackCode(trust.send(adt("A01", "ctl-1", KNOWN, false)))).isEqualTo("AA");
                    assertThat(MllpClient.ackCode(trust.send(adt("A01", "ctl-2", UNKNOWN, false)))).isEqualTo("AA");
                    assertThat(MllpClient.ackCode(trust.send(expectedDischarge("ctl-2b", KNOWN)))).isEqualTo("AA");
                    assertThat(MllpClient.ackCode(trust.send(adt("A03", "ctl-3", KNOWN, true)))).isEqualTo("AA");
                }
                JsonNode expected = awaitNotice(council, "expected-discharge-date");
                assertThat(expected.at("/expectedDischarge/date").asText()).isEqualTo("2026-11-24");
                JsonNode admission = awaitNotice(council, "admission");
                assertThat(admission.at("/person/nhsNumber").asText()).isEqualTo(KNOWN);
                assertThat(admission.at("/person/councilPersonId").asText()).isEqualTo("P100234");
                assertThat(admission.at("/from/odsCode").asText()).isEqualTo("RXX01");
                assertThat(admission.at("/admission/admittedAt").asText()).startsWith("2026-11-20T10:30");
                JsonNode discharge = awaitNotice(council, "discharge-completed");
                assertThat(discharge.at("/person/nhsNumber").asText()).isEqualTo(KNOWN);
                assertThat(discharge.at("/discharge/dischargedAt").asText()).startsWith("2026-11-24T14:00");
                await().atMost(Duration.ofSeconds(20)).until(() -> withheld(server, COUNCIL).stream()
                        .anyMatch(e -> e.detail().contains("not known to this council")));
                HttpReceiver.Received delivered = council.received().stream()
                        .filter(r -> r.body().contains("\"admission\"")).findFirst().orElseThrow();
                assertThat(delivered.path()).isEqualTo("/fhir/notices");
                assertThat(delivered.contentType()).startsWith("application/json");
                assertThat(delivered.header("Idempotency-Key")).isEqualTo(delivered.messageId());
                assertThat(delivered.header("X-API-Key")).isEqualTo(KEY);

                // 4. The trust asks social care to assess a person it does not know yet (discharge to assess).
                HttpResponse<String> referral = PartnerHttp.postFhir("http://127.0.0.1:" + httpPort
                        + "/partners/st-elsewhere/fhir/$process-message", assessmentRequest());
                assertThat(referral.statusCode()).as(referral.body()).isEqualTo(202);
                JsonNode request = awaitNotice(council, "assessment-request");
                assertThat(request.at("/person/nhsNumber").asText()).isEqualTo(REFERRED);
                assertThat(request.at("/assessmentRequest/when").asText()).isEqualTo("discharge-to-assess");
                assertThat(request.at("/assessmentRequest/pathway").asInt()).isEqualTo(1);

                // The README's FHIR discharge sample is a message the trust endpoint takes (its person, NHS
                // 9990000034, is not known to this council: the notice is withheld, not sent).
                HttpResponse<String> sample = PartnerHttp.postFhir("http://127.0.0.1:" + httpPort
                        + "/partners/st-elsewhere/fhir/$process-message",
                        TestHome.read(Path.of("..", "plugins", "nhs-trust", "samples", "fhir-discharge-message.json")));
                assertThat(sample.statusCode()).as(sample.body()).isEqualTo(202);

                // 5. The care home: its resident (with a council care package) goes to hospital; vital signs.
                home.drop("sunny-meadows", "transfers.csv", """
                        nhs_number,resident_id,given_name,family_name,date_of_birth,transfer_time,reason,destination_ods
                        %s,R001,Ada,Testperson,1941-03-07,2026-11-25T03:00:00Z,Fall,RXX01
                        """.formatted(KNOWN));
                JsonNode transfer = awaitNotice(council, "care-home-resident-to-hospital");
                assertThat(transfer.at("/transferToHospital/careHomeOdsCode").asText()).isEqualTo("VNE01");
                assertThat(transfer.at("/transferToHospital/hospitalOdsCode").asText()).isEqualTo("RXX01");
                home.drop("sunny-meadows", "observations.csv", """
                        nhs_number,resident_id,observed_at,type,value,unit
                        %s,R001,2026-11-25T02:40:00Z,pulse,128,/min
                        """.formatted(KNOWN));
                JsonNode alert = awaitNotice(council, "observation-alert");
                assertThat(alert.at("/observationAlert/observations/0/value").asDouble()).isEqualTo(128.0);

                // 6. Bad requests: a clear 4xx each, nothing received or routed, the server still up.
                int received = server.journal().entries(Hop.RECEIVED).size();
                int routed = server.journal().entries(Hop.ROUTED).size();
                String person = councilEvents().get("people");
                assertBad(PartnerHttp.postJson(base + "people", "{\"eventId\": \"e-x\", ", KEY), 400, "not well-formed JSON");
                assertBad(PartnerHttp.postJson(base + "people", person.replace("\"1941-03-07\"", "19410307"), KEY), 400,
                        "$.person.birthDate");
                assertBad(PartnerHttp.postJson(base + "referrals", """
                        { "eventId": "e-anon", "occurredAt": "2026-11-20T10:15:00Z", "person": {},
                          "referral": { "referralId": "R-1", "receivedOn": "2026-11-19", "from": { "type": "self" },
                                        "reason": "x", "urgency": "routine" } }""", KEY), 400, "$.person");
                assertBad(PartnerHttp.postJson(base + "people", person.replace(KNOWN, Fixtures.BAD_NHS), KEY), 400,
                        "$.person.nhsNumber");
                assertBad(PartnerHttp.postJson(base + "people", person, "wrong-key"), 401, "X-API-Key");
                assertBad(PartnerHttp.postJson(base + "people", person, null), 401, "X-API-Key");
                String huge = "{\"eventId\": \"e-big\", \"pad\": \"" + "x".repeat(10 * 1024 * 1024 + 10) + "\"}";
                assertThat(PartnerHttp.postJson(base + "people", huge, KEY).statusCode()).isEqualTo(413);
                assertThat(server.journal().entries(Hop.RECEIVED)).hasSize(received);
                assertThat(server.journal().entries(Hop.ROUTED)).hasSize(routed);
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);

                // 7. The council refuses a notice (4xx): dead-lettered at once with its answer as the reason.
                council.status(400);
                try (MllpClient trust = new MllpClient(mllpPort)) {
                    assertThat(MllpClient.ackCode(trust.send(adt("A01", "ctl-4", KNOWN, false)))).isEqualTo("AA");
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> !DeadLetterIT.browse(server,
                        "DLQ.carebridge.outbound." + COUNCIL).isEmpty());
                assertThat(DeadLetterIT.browse(server, "DLQ.carebridge.outbound." + COUNCIL)).singleElement()
                        .satisfies(m -> {
                            assertThat(m.getStringProperty(MessageHeaders.FAILURE_REASON)).contains("HTTP 400")
                                    .contains("test receiver says 400");
                            assertThat(m.getIntProperty(MessageHeaders.ATTEMPTS)).isEqualTo(1);
                        });
            }
        }
    }

    /** The README's example of each endpoint, for one person (NHS number KNOWN, council id P100234). */
    private static Map<String, String> councilEvents() {
        String who = "\"person\": { \"nhsNumber\": \"" + KNOWN + "\", \"councilPersonId\": \"P100234\" }";
        Map<String, String> events = new LinkedHashMap<>(); // the council sends the person first
        events.put("people", """
                        { "eventId": "evt-person-0001", "occurredAt": "2026-11-20T10:15:00Z",
                          "person": { "nhsNumber": "%s", "councilPersonId": "P100234",
                            "name": { "title": "Mrs", "given": ["Ada"], "family": "Testperson" },
                            "birthDate": "1941-03-07", "gender": "female",
                            "address": { "lines": ["1 Synthetic Street"], "town": "Exampletown", "postcode": "EX1 2AB" } } }
                        """.formatted(KNOWN));
        events.put("referrals", """
                        { "eventId": "evt-ref-0001", "occurredAt": "2026-11-20T10:15:00Z", %s,
                          "referral": { "referralId": "R-5567", "receivedOn": "2026-11-19",
                            "from": { "type": "hospital", "name": "Ward 7 discharge team", "odsCode": "RXX01" },
                            "reason": "Needs support with personal care after a fall", "urgency": "urgent" } }
                        """.formatted(who));
        events.put("assessments", """
                        { "eventId": "evt-asm-0001", "occurredAt": "2026-11-22T16:00:00+00:00", %s,
                          "assessment": { "assessmentId": "A-778", "referralId": "R-5567",
                            "type": "care-act-needs-assessment", "status": "completed", "startedOn": "2026-11-20",
                            "completedOn": "2026-11-22", "outcome": "eligible-needs",
                            "eligibleNeeds": ["personal-hygiene", "nutrition"] } }
                        """.formatted(who));
        events.put("care-packages", """
                        { "eventId": "evt-pkg-0001", "occurredAt": "2026-11-23T09:00:00Z", %s,
                          "carePackage": { "carePackageId": "CP-9001", "status": "active", "startDate": "2026-11-24",
                            "services": [ { "type": "residential-placement", "placementType": "residential",
                                            "providerOdsCode": "VNE01" } ] } }
                        """.formatted(who));
        return events;
    }

    /** HL7 v2.4 ADT from the trust's PAS for one person: A01 admission, A03 discharge. */
    private static String adt(String trigger, String controlId, String nhsNumber, boolean discharged) {
        return String.join("\r",
                "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20261124141000||ADT^" + trigger + "^ADT_" + trigger
                        + "|" + controlId + "|P|2.4|||AL|NE",
                "EVN|" + trigger + "|20261124141000",
                "PID|1||" + nhsNumber + "^^^NHS^NH~H400172^^^RXX01^MR||TESTPERSON^ADA^^^MRS||19410307|F|||"
                        + "1 SYNTHETIC STREET^^EXAMPLETOWN^^EX1 2AB^GBR^H",
                "PV1|1|I|WARD 7^BAY 2^BED 4^RXX01|21||||||||||19|||||V20261120-0042|||||||||||||||||"
                        + (discharged ? "19" : "") + "||||||||20261120103000|" + (discharged ? "20261124140000" : ""));
    }

    /** An A08 update from the PAS giving the expected discharge date (PV2-9) of the person's stay. */
    private static String expectedDischarge(String controlId, String nhsNumber) {
        return adt("A08", controlId, nhsNumber, false) + "\rPV2|||||||||20261124";
    }

    /** A FHIR message from the trust: discharge to assess, pathway 1, for a person the council does not know. */
    private static String assessmentRequest() {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(REFERRED);
        patient.addName().setFamily("Testperson").addGiven("Bea");
        ServiceRequest request = new ServiceRequest();
        request.getMeta().addProfile(UkCore.profileFor("ServiceRequest").orElseThrow());
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory().addCoding().setSystem(FhirSystems.DISCHARGE_PATHWAY).setCode("pathway-1");
        request.getCode().addCoding().setSystem(FhirSystems.SNOMED).setCode("306206005")
                .setDisplay("Referral to social services");
        request.setSubject(MessageBuilder.ref(patient));
        request.getRequester().setIdentifier(new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue("RXX01"));
        request.addReasonCode().setText("Needs support at home after discharge");
        Bundle message = MessageBuilder.event(CareBridgeEvent.REFERRAL, "st-elsewhere").focus(request).add(patient)
                .build();
        message.getIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.1.3.2.4.18.22").setValue("d2a-0001");
        return FHIR.newJsonParser().encodeResourceToString(message);
    }

    private static JsonNode awaitNotice(HttpReceiver council, String type) {
        Predicate<HttpReceiver.Received> ofType = r -> r.body().contains("\"type\":\"" + type + "\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> council.received().stream().anyMatch(ofType));
        try {
            return JSON.readTree(council.received().stream().filter(ofType).findFirst().orElseThrow().body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Awaits the condition; on timeout the failure shows the journal, which says where each message got to. */
    private static void waitFor(CareBridgeServer server, String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder journal = new StringBuilder();
            for (Hop hop : Hop.values()) {
                server.journal().entries(hop).forEach(entry -> journal.append("\n  ").append(entry));
            }
            throw new AssertionError("timed out waiting for " + what + "; journal:" + journal, e);
        }
    }

    private static List<JournalEntry> withheld(CareBridgeServer server, String destination) {
        return server.journal().entries(Hop.WITHHELD).stream()
                .filter(e -> destination.equals(e.destination())).toList();
    }

    private static void assertBad(HttpResponse<String> answer, int status, String mentions) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("OperationOutcome").contains(mentions).doesNotContain(Fixtures.BAD_NHS);
    }

}
