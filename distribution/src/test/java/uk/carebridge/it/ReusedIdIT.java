package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.inbound.PartnerInboundGateway;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;

/**
 * A partner that reuses a record id for a different message loses nothing: PAS counters reset, several systems sit
 * behind one engine. At every door (MLLP, FHIR $process-message, council JSON) the same id with other content is a
 * new message, routed and delivered, journaled ID_REUSED and counted; the same id with the same content (byte for
 * byte, or with only what engines rewrite on resend changed) is still a resend, acknowledged and not routed again.
 * And the log never shows the sender's id, which here is an NHS number, as some systems send.
 */
class ReusedIdIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String TRUST = "st-elsewhere";
    private static final String FHIR_TRUST = "fhir-trust";
    private static final String COUNCIL = "northshire-adult-social-care";
    private static final String RECORDS = "integrated-records";
    /** MSH-10s that are NHS numbers: nothing the sender put in its id may reach the log. */
    private static final String[] CONTROL_IDS = {Fixtures.NHS[2], Fixtures.NHS[3], Fixtures.NHS[4]};

    @TempDir
    static Path root;
    static TestHome home;
    static CareBridgeServer server;
    static int mllpPort;
    static int httpPort;
    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        mllpPort = HttpReceiver.freePort();
        httpPort = HttpReceiver.freePort();
        home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .trust(TRUST, "RXX01", TestHome.mllpInbound(mllpPort), null)
                .trust(FHIR_TRUST, "RXX04", "  fhirInbound: true\n", null)
                .partner(COUNCIL, "odsCode: NSC01\nplugin: local-authority\nsettings: {}\n")
                .outboxPartner(RECORDS, "RNX09")
                .routes("""
                        routes:
                          - id: everything-to-the-records
                            from: [st-elsewhere, fhir-trust, northshire-adult-social-care]
                            events: [admission, discharge, transfer, person-update, referral, assessment, care-package]
                            to:
                              - partner: integrated-records
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition, Practitioner]
                        """);
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        server = home.start();
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void differentHl7MessagesUnderOneControlIdAllArriveAndResendsStayResends() throws Exception {
        // The event pairs seen in real feeds under one MSH-10: A11 after A03, A31 after A28, A04 after A01.
        List<String[]> pairs = List.of(
                new String[] {adt("A03", CONTROL_IDS[0], Fixtures.NHS[0]), adt("A11", CONTROL_IDS[0], Fixtures.NHS[0])},
                new String[] {adt("A28", CONTROL_IDS[1], Fixtures.NHS[1]), adt("A31", CONTROL_IDS[1], Fixtures.NHS[1])},
                new String[] {adt("A01", CONTROL_IDS[2], Fixtures.NHS[2]), adt("A04", CONTROL_IDS[2], Fixtures.NHS[2])});
        int before = delivered().size();
        long reusedBefore = reusedCount();
        try (MllpClient pas = new MllpClient(mllpPort)) {
            for (String[] pair : pairs) {
                for (String adt : pair) {
                    assertThat(MllpClient.ackCode(pas.send(adt))).as("ACK of %s", trigger(adt)).isEqualTo("AA");
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered().size() == before + 6);

            // Resends: the A03 byte for byte, and the A31 with only MSH-7 (the time of sending) rewritten.
            long duplicatesBefore = server.journal().entries(Hop.DUPLICATE).size();
            assertThat(MllpClient.ackCode(pas.send(pairs.get(0)[0]))).isEqualTo("AA");
            assertThat(MllpClient.ackCode(pas.send(pairs.get(1)[1].replace("|20261123101500||ADT", "|20261123111500||ADT"))))
                    .isEqualTo("AA");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.journal().entries(Hop.DUPLICATE).size() == duplicatesBefore + 2);
        }
        Thread.sleep(1000); // a resend routed by mistake would be delivered by now
        assertThat(delivered()).hasSize(before + 6);
        assertThat(reusedCount()).isEqualTo(reusedBefore + 3);

        List<JournalEntry> reused = server.journal().entries(Hop.ID_REUSED).stream()
                .filter(e -> TRUST.equals(e.source())).toList();
        assertThat(reused).hasSize(3).allSatisfy(e -> assertThat(e.detail()).contains("first used by message"));
        assertThat(reused).extracting(JournalEntry::event).containsExactlyInAnyOrder("admission", "person-update", "admission");
        // Every message of the pairs has its own id, each delivered once.
        Set<String> ids = server.journal().entries(Hop.RECEIVED).stream().filter(e -> TRUST.equals(e.source()))
                .map(JournalEntry::messageId).collect(Collectors.toSet());
        assertThat(ids).hasSize(6);
        assertThat(ids).allSatisfy(id -> assertThat(deliveries(id)).isEqualTo(1));
        assertNothingTheSenderSentIsLogged();
    }

    @Test
    void aReusedFhirBundleIdentifierIsANewMessageAndAResendWithNewMetaIsNot() throws Exception {
        String endpoint = "http://127.0.0.1:" + httpPort + "/partners/" + FHIR_TRUST + "/fhir/$process-message";
        String first = Fixtures.fhirDischarge("msg-7", Fixtures.NHS[0], null);
        String other = Fixtures.fhirDischarge("msg-7", Fixtures.NHS[1], null);
        int before = delivered().size();

        HttpResponse<String> a = PartnerHttp.postFhir(endpoint, first);
        HttpResponse<String> b = PartnerHttp.postFhir(endpoint, other);
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        assertThat(b.body()).contains("accepted as message").contains("used before for a different message")
                .contains("Bundle.identifier");
        String firstId = messageId(a);
        String otherId = messageId(b);
        assertThat(otherId).isNotEqualTo(firstId);

        // A resend with a new Bundle.meta and timestamp is the same message; so is the second one sent again.
        Bundle sentAgain = FHIR.newJsonParser().parseResource(Bundle.class, first);
        sentAgain.getMeta().setLastUpdated(new Date());
        sentAgain.setTimestamp(new Date(System.currentTimeMillis() + 60_000));
        String firstWithNewMeta = FHIR.newJsonParser().encodeResourceToString(sentAgain);
        assertThat(firstWithNewMeta).isNotEqualTo(first);
        HttpResponse<String> resentFirst = PartnerHttp.postFhir(endpoint, firstWithNewMeta);
        HttpResponse<String> resentOther = PartnerHttp.postFhir(endpoint, other);
        assertThat(resentFirst.body()).as(resentFirst.body()).contains("already received");
        assertThat(messageId(resentFirst)).isEqualTo(firstId);
        assertThat(resentOther.body()).contains("already received");
        assertThat(messageId(resentOther)).isEqualTo(otherId);

        await().atMost(Duration.ofSeconds(20)).until(() -> delivered().size() == before + 2);
        Thread.sleep(1000);
        assertThat(deliveries(firstId)).isEqualTo(1);
        assertThat(deliveries(otherId)).isEqualTo(1);
        assertThat(server.journal().history(otherId)).extracting(JournalEntry::hop).contains(Hop.ID_REUSED);
    }

    @Test
    void aReusedCouncilEventIdIsANewEventAndTheSameEventReorderedIsAResend() throws Exception {
        String endpoint = "http://127.0.0.1:" + httpPort + "/partners/" + COUNCIL + "/v1/people";
        String person = """
                {"eventId":"evt-42","occurredAt":"2026-11-20T10:15:00Z","person":{"nhsNumber":"%s","councilPersonId":"P100234","name":{"family":"Lovelace","given":["Ada"]}}}""";
        String first = person.formatted(Fixtures.NHS[0]);
        String other = person.formatted(Fixtures.NHS[1]).replace("P100234", "P100235");
        String firstReordered = """
                {
                  "occurredAt": "2026-11-20T10:15:00Z",
                  "person": {"name": {"given": ["Ada"], "family": "Lovelace"}, "councilPersonId": "P100234", "nhsNumber": "%s"},
                  "eventId": "evt-42"
                }""".formatted(Fixtures.NHS[0]);
        int before = delivered().size();

        HttpResponse<String> a = PartnerHttp.postJson(endpoint, first, null);
        HttpResponse<String> b = PartnerHttp.postJson(endpoint, other, null);
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        assertThat(b.body()).contains("used before for a different message").contains("$.eventId");
        assertThat(messageId(b)).isNotEqualTo(messageId(a));

        HttpResponse<String> resent = PartnerHttp.postJson(endpoint, firstReordered, null);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
        assertThat(resent.body()).contains("already received");
        assertThat(messageId(resent)).isEqualTo(messageId(a));

        await().atMost(Duration.ofSeconds(20)).until(() -> delivered().size() == before + 2);
        Thread.sleep(1000);
        assertThat(delivered()).hasSize(before + 2);
    }

    /** A v2.4 ADT from the trust's PAS: the fixtures' message under the given MSH-10, its visit number fixed. */
    private static String adt(String trigger, String controlId, String nhsNumber) {
        String discharged = trigger.equals("A03") ? "20261125141500" : null;
        String admitted = trigger.equals("A28") || trigger.equals("A31") ? null : "20261123093000";
        return Fixtures.adt(trigger, controlId, nhsNumber, admitted, discharged);
    }

    private static String trigger(String adt) {
        return adt.substring(adt.indexOf("ADT^") + 4, adt.indexOf("ADT^") + 7);
    }

    private static String messageId(HttpResponse<String> response) {
        return response.headers().firstValue("X-CareBridge-Message-Id").orElseThrow();
    }

    private static List<JournalEntry> delivered() {
        return server.journal().entries(Hop.DELIVERED).stream().filter(e -> RECORDS.equals(e.destination())).toList();
    }

    private static long deliveries(String messageId) {
        return server.journal().history(messageId).stream().filter(e -> e.hop() == Hop.DELIVERED).count();
    }

    private static long reusedCount() {
        Counter c = server.metrics().find(PartnerInboundGateway.REUSED_ID_COUNTER).tag("partner", TRUST).counter();
        return c == null ? 0 : (long) c.count();
    }

    /** Neither the control ids (NHS numbers here) nor the patients' NHS numbers are in any log line. */
    private static void assertNothingTheSenderSentIsLogged() {
        List<String> lines = new ArrayList<>();
        synchronized (LOG) {
            LOG.list.forEach(e -> lines.add(e.getFormattedMessage()));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("reuses the record id of message"));
        for (String value : List.of(CONTROL_IDS[0], CONTROL_IDS[1], CONTROL_IDS[2], Fixtures.NHS[0], Fixtures.NHS[1])) {
            assertThat(lines).as("log lines").noneSatisfy(l -> assertThat(l).contains(value));
        }
    }
}
