package uk.carebridge.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundOutcome.Status;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.broker.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.security.InstallationKey;
import uk.carebridge.validation.MessageValidator;

/**
 * The gateway's resend rule, on a real ActiveMQ broker and a real H2 journal: the same record id with the same
 * content is a resend, with other content a new message under an id of its own; nothing is ever dropped because a
 * partner reused an id.
 */
class PartnerInboundGatewayTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final MessageValidator VALIDATOR = new MessageValidator(FHIR);
    private static final String PARTNER = "st-elsewhere";

    @TempDir
    Path folder;
    BrokerService broker;
    ActiveMQConnectionFactory connections;
    Journal journal;
    SimpleMeterRegistry metrics;
    PartnerInboundGateway gateway;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerService();
        broker.setBrokerName("gateway-test");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.start();
        connections = new ActiveMQConnectionFactory("vm://gateway-test?create=false");
        journal = new Journal("jdbc:h2:" + folder.resolve("journal").toAbsolutePath(), "sa", "");
        metrics = new SimpleMeterRegistry();
        gateway = new PartnerInboundGateway(PARTNER, connections, () -> null, journal, FHIR, VALIDATOR, false, metrics,
                InstallationKey.load(null, folder.resolve("secret.key")));
    }

    @AfterEach
    void stop() throws Exception {
        journal.close();
        broker.stop();
    }

    @Test
    void theSameIdWithTheSameContentIsAResend() throws Exception {
        InboundOutcome first = gateway.submit(InboundRecord.message("MSG1", "fp-a", discharge("9990000018")));
        InboundOutcome again = gateway.submit(InboundRecord.message("MSG1", "fp-a", discharge("9990000018")));

        assertThat(first.status()).isEqualTo(Status.ACCEPTED);
        assertThat(first.messageId()).isEqualTo(PartnerInboundGateway.messageId(PARTNER, "MSG1"));
        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(drainInbound()).containsExactly(first.messageId());
        assertThat(hops(first.messageId())).containsExactly(Hop.RECEIVED, Hop.DUPLICATE);
        assertThat(reusedCount()).isZero();
    }

    @Test
    void theSameIdWithOtherContentIsANewMessageWithAStableIdOfItsOwn() throws Exception {
        InboundOutcome a03 = gateway.submit(InboundRecord.message("MSG1", "fp-a03", discharge("9990000018")));
        InboundOutcome a11 = gateway.submit(InboundRecord.message("MSG1", "fp-a11", discharge("9990000026")));
        InboundOutcome a11Again = gateway.submit(InboundRecord.message("MSG1", "fp-a11", discharge("9990000026")));
        InboundOutcome a03Again = gateway.submit(InboundRecord.message("MSG1", "fp-a03", discharge("9990000018")));
        InboundOutcome third = gateway.submit(InboundRecord.message("MSG1", "fp-3", discharge("9990000034")));

        assertThat(a11.status()).isEqualTo(Status.ACCEPTED);
        assertThat(a11.reusedRecordId()).isTrue();
        assertThat(a11.reason()).contains(a03.messageId());
        assertThat(a11.messageId()).isNotEqualTo(a03.messageId())
                .isEqualTo(PartnerInboundGateway.messageId(PARTNER, "MSG1", "fp-a11"));
        assertThat(a11Again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(a11Again.messageId()).isEqualTo(a11.messageId());
        assertThat(a03Again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(a03Again.messageId()).isEqualTo(a03.messageId());
        assertThat(third.status()).isEqualTo(Status.ACCEPTED);
        assertThat(third.messageId()).isNotIn(a03.messageId(), a11.messageId());

        assertThat(drainInbound()).containsExactly(a03.messageId(), a11.messageId(), third.messageId());
        assertThat(hops(a11.messageId())).containsExactly(Hop.RECEIVED, Hop.ID_REUSED, Hop.DUPLICATE);
        assertThat(journal.history(a11.messageId()).get(1).detail()).contains(a03.messageId());
        assertThat(reusedCount()).isEqualTo(2);
    }

    @Test
    void twoMessagesUnderOneIdInOneBatchAreBothAcceptedAndACopyIsAResend() throws Exception {
        List<InboundOutcome> outcomes = gateway.submit(List.of(
                InboundRecord.message("row-7", "fp-1", discharge("9990000018")),
                InboundRecord.message("row-7", "fp-2", discharge("9990000026")),
                InboundRecord.message("row-7", "fp-2", discharge("9990000026"))));

        assertThat(outcomes).extracting(InboundOutcome::status)
                .containsExactly(Status.ACCEPTED, Status.ACCEPTED, Status.DUPLICATE);
        assertThat(outcomes.get(2).messageId()).isEqualTo(outcomes.get(1).messageId());
        assertThat(drainInbound()).containsExactly(outcomes.get(0).messageId(), outcomes.get(1).messageId());
    }

    @Test
    void withoutAPluginFingerprintTheBundleIsFingerprintedWithoutItsIdsMetaTimestampsAndEntryUuids() throws Exception {
        Bundle original = discharge("9990000018");
        // Rebuilt to be sent again: new urn:uuid names for its entries, a new timestamp and meta.
        Bundle resent = discharge("9990000018");
        resent.setTimestamp(new Date(original.getTimestamp().getTime() + 3_600_000));
        resent.getMeta().setLastUpdated(new Date());
        resent.getEntry().get(1).getResource().getMeta().setVersionId("2");

        InboundOutcome first = gateway.submit(InboundRecord.message("fhir:msg-1", original));
        InboundOutcome again = gateway.submit(InboundRecord.message("fhir:msg-1", resent));
        InboundOutcome other = gateway.submit(InboundRecord.message("fhir:msg-1", discharge("9990000026")));

        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(other.status()).isEqualTo(Status.ACCEPTED);
        assertThat(other.reusedRecordId()).isTrue();
        assertThat(drainInbound()).containsExactly(first.messageId(), other.messageId());
    }

    @Test
    void anIdRecordedBeforeFingerprintsWereKeptIsNeverTakenForAResend() throws Exception {
        String old = PartnerInboundGateway.messageId(PARTNER, "MSG9");
        try (Connection c = journal.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into inbound_message(message_id, source_partner, received_at) values ('" + old
                    + "', '" + PARTNER + "', current_timestamp)");
        }

        InboundOutcome outcome = gateway.submit(InboundRecord.message("MSG9", "fp", discharge("9990000018")));

        assertThat(outcome.status()).isEqualTo(Status.ACCEPTED);
        assertThat(outcome.messageId()).isNotEqualTo(old);
        assertThat(drainInbound()).containsExactly(outcome.messageId());
    }

    @Test
    void contentThatMakesTheChecksThrowIsRefusedForGoodNotResendLater() throws Exception {
        // A parser may take a value its own type cannot copy (a date with a time): the fingerprint's copy throws.
        Bundle broken = discharge("9990000018");
        Patient patient = (Patient) broken.getEntry().get(2).getResource();
        patient.getBirthDateElement().setValueAsString("2026-11-20T10:15:00.123Z");
        Bundle good = discharge("9990000026");

        List<InboundOutcome> outcomes = gateway.submit(List.of(InboundRecord.message("m-1", broken),
                InboundRecord.message("m-2", good)));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.REJECTED);
        assertThat(outcomes.get(0).location()).isEqualTo("Bundle");
        assertThat(outcomes.get(0).reason()).contains("cannot be processed").doesNotContain("2026-11-20");
        assertThat(hops(outcomes.get(0).messageId())).containsExactly(Hop.REJECTED);
        // The rest of the batch is not held back by it.
        assertThat(outcomes.get(1).isPersisted()).isTrue();
        assertThat(drainInbound()).containsExactly(outcomes.get(1).messageId());
    }

    @Test
    void aNumberTooLongToBeReadBackIsRefusedBeforeItReachesTheQueue() throws Exception {
        // A plugin that passes a 100,000-digit reading on: the router could never read the message back.
        Bundle message = discharge("9990000018");
        org.hl7.fhir.r4.model.Observation observation = new org.hl7.fhir.r4.model.Observation();
        observation.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
        observation.getCode().setText("temperature");
        observation.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(new java.math.BigDecimal("38." + "9".repeat(5000))));
        message.addEntry().setFullUrl("urn:uuid:5a3b7c1e-1111-4222-8333-944455556666").setResource(observation);

        InboundOutcome outcome = gateway.submit(InboundRecord.message("m-long", message));

        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(outcome.reason()).contains("cannot be processed");
        assertThat(drainInbound()).isEmpty();
        assertThat(PartnerInboundGateway.hasLongDigitRun("{\"a\":" + "1".repeat(999) + "}")).isFalse();
    }

    /** A discharge of the person with this NHS number: valid for the gateway's checks. */
    private static Bundle discharge(String nhsNumber) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.getClass_().setSystem(FhirSystems.ACT_CODE).setCode("IMP");
        encounter.setSubject(MessageBuilder.ref(patient));
        return MessageBuilder.event(CareBridgeEvent.DISCHARGE, PARTNER).timestamp(new Date(1_760_000_000_000L))
                .focus(encounter).add(patient).build();
    }

    /** The message ids on carebridge.inbound, in order, taken off the queue. */
    private List<String> drainInbound() throws JMSException {
        List<String> ids = new ArrayList<>();
        try (var connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.INBOUND));
            for (Message m = consumer.receive(1000); m != null; m = consumer.receive(200)) {
                ids.add(m.getStringProperty(MessageHeaders.MESSAGE_ID));
            }
        }
        return ids;
    }

    private List<Hop> hops(String messageId) {
        return journal.history(messageId).stream().map(JournalEntry::hop).toList();
    }

    private double reusedCount() {
        return metrics.get(PartnerInboundGateway.REUSED_ID_COUNTER).tag("partner", PARTNER).counter().count();
    }
}
