package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.carebridge.plugins.nhstrust.Er7Fields.field;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.Ports;

/** The trust's MLLP listener in a real Camel context, driven over a real socket as a PAS engine would. */
class AdtListenerRouteTest {

    private final RecordingGateway gateway = new RecordingGateway();
    private CamelContext camel;
    private int port;

    private void start(Map<String, String> extraSettings) throws Exception {
        port = Ports.free();
        Map<String, String> settings = new HashMap<>(Map.of("mllpPort", String.valueOf(port), "mllpHost", "127.0.0.1"));
        settings.putAll(extraSettings);
        camel = new DefaultCamelContext();
        camel.addRoutes(new NhsTrustPlugin().receiver(TrustPartner.of(gateway, settings)));
        camel.start();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void anAdmissionIsAcknowledgedAaOnlyAfterTheGatewayTookItAsAFhirMessageKeyedByMsh10() throws Exception {
        start(Map.of());
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0001"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
            assertThat(field(ack, "MSA", 2)).isEqualTo("RXX01-0001");
            assertThat(field(ack, "MSH", 9)).startsWith("ACK");
            // Sender and receiver swapped.
            assertThat(field(ack, "MSH", 3)).isEqualTo("CAREBRIDGE");
            assertThat(field(ack, "MSH", 5)).isEqualTo("PAS");
            assertThat(Er7Fields.has(ack, "ERR")).isFalse();
        }
        assertThat(gateway.records()).hasSize(1);
        InboundRecord.Message message = gateway.messages().get(0);
        assertThat(message.sourceKey()).isEqualTo("RXX01-0001");
        Bundle bundle = message.bundle();
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        assertThat(header.getEventCoding().getCode()).isEqualTo(CareBridgeEvent.ADMISSION.code());
        Patient patient = only(bundle, Patient.class);
        assertThat(patient.getIdentifier()).anySatisfy(id -> {
            assertThat(id.getSystem()).isEqualTo(FhirSystems.NHS_NUMBER);
            assertThat(id.getValue()).isEqualTo(TrustSamples.NHS_NUMBER);
        });
        assertThat(only(bundle, Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(gateway.outcomes()).extracting(InboundOutcome::status).containsExactly(InboundOutcome.Status.ACCEPTED);
    }

    @Test
    void aResendIsAcknowledgedAaAgainAndTheGatewayRecognisesTheDuplicate() throws Exception {
        start(Map.of());
        try (MllpClient client = new MllpClient(port)) {
            String first = client.exchange(TrustSamples.adtA01("RXX01-0002"));
            String again = client.exchange(TrustSamples.adtA01("RXX01-0002"));

            assertThat(field(first, "MSA", 1)).isEqualTo("AA");
            assertThat(field(again, "MSA", 1)).isEqualTo("AA");
            assertThat(field(again, "MSA", 2)).isEqualTo("RXX01-0002");
            // Each ACK is a message of its own, with its own control id.
            assertThat(field(again, "MSH", 10)).isNotEqualTo(field(first, "MSH", 10));
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("RXX01-0002", "RXX01-0002");
        assertThat(gateway.outcomes()).extracting(InboundOutcome::status)
                .containsExactly(InboundOutcome.Status.ACCEPTED, InboundOutcome.Status.DUPLICATE);
    }

    @Test
    void anInvalidNhsNumberIsAnsweredAeWithAnErrSegmentAndNothingIsRouted() throws Exception {
        start(Map.of());
        String ack;
        try (MllpClient client = new MllpClient(port)) {
            ack = client.exchange(TrustSamples.adtA01("RXX01-0003", TrustSamples.BAD_NHS_NUMBER,
                    "LOVELACE^ADA^^^MRS", "\r"));
        }

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("RXX01-0003");
        assertThat(field(ack, "MSA", 3)).containsIgnoringCase("NHS number");
        assertThat(field(ack, "ERR", 2)).isEqualTo("PID^1^3");
        assertThat(field(ack, "ERR", 4)).isEqualTo("E");
        assertThat(field(ack, "ERR", 8)).isNotEmpty();
        // The sender knows which number it sent: the ACK does not repeat patient data.
        assertThat(ack).doesNotContain(TrustSamples.BAD_NHS_NUMBER).doesNotContain("LOVELACE");
        assertThat(gateway.messages()).isEmpty();
        // The refusal is journaled through the gateway under the message's own id.
        assertThat(gateway.rejections()).singleElement().satisfies(r -> {
            assertThat(r.sourceKey()).isEqualTo("RXX01-0003");
            assertThat(r.location()).isEqualTo("PID-3");
            assertThat(r.reason()).doesNotContain(TrustSamples.BAD_NHS_NUMBER);
        });
    }

    @Test
    void somethingThatIsNotHl7IsAnsweredArAndJournaledUnderAFingerprint() throws Exception {
        start(Map.of());
        String ack;
        String unsupported;
        try (MllpClient client = new MllpClient(port)) {
            ack = client.exchange("hello, is this the lab?");
            unsupported = client.exchange(TrustSamples.adtA01("RXX01-0004").replace("ADT^A01^ADT_A01", "ORU^R01^ORU_R01"));
        }

        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEmpty();
        assertThat(field(ack, "MSA", 3)).contains("MSH");
        assertThat(Er7Fields.has(ack, "ERR")).isTrue();
        assertThat(field(unsupported, "MSA", 1)).isEqualTo("AR");
        assertThat(field(unsupported, "MSA", 2)).isEqualTo("RXX01-0004");
        assertThat(field(unsupported, "MSA", 3)).contains("ORU");
        assertThat(field(unsupported, "ERR", 3)).startsWith("200^");
        assertThat(gateway.messages()).isEmpty();
        assertThat(gateway.rejections()).extracting(InboundRecord::sourceKey)
                .satisfiesExactly(k -> assertThat(k).startsWith("sha256:"), k -> assertThat(k).isEqualTo("RXX01-0004"));
    }

    @ParameterizedTest(name = "frame \"{0}\"")
    @ValueSource(strings = {"", " ", "\r", "\r\n \t\r"})
    void anEmptyFrameIsAnsweredArWithAReasonAndLogsNoError(String frame) throws Exception {
        start(Map.of());
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(frame);

            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "MSA", 2)).isEmpty();
            assertThat(field(ack, "MSA", 3)).contains("empty");
            assertThat(field(ack, "ERR", 2)).isEqualTo("MSH^1");
            // The connection stays usable: the next message is taken.
            assertThat(field(client.exchange(TrustSamples.adtA01("RXX01-0011")), "MSA", 1)).isEqualTo("AA");
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).as("log events").noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
        assertThat(log.list).as("stack traces in the log").allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("RXX01-0011");
    }

    @Test
    void whenCareBridgeCannotPersistTheSenderGetsANegativeAckAndCanResendLater() throws Exception {
        start(Map.of());
        gateway.goDown();
        try (MllpClient client = new MllpClient(port)) {
            String refused = client.exchange(TrustSamples.adtA01("RXX01-0005"));

            // AR: HL7's answer for "not processed for reasons unrelated to its content (system down): resend".
            assertThat(field(refused, "MSA", 1)).isEqualTo("AR");
            assertThat(field(refused, "MSA", 2)).isEqualTo("RXX01-0005");
            assertThat(field(refused, "MSA", 3)).contains("resend");
            assertThat(field(refused, "ERR", 3)).startsWith("207^");
            assertThat(gateway.records()).isEmpty();

            gateway.recover();
            String accepted = client.exchange(TrustSamples.adtA01("RXX01-0005"));
            assertThat(field(accepted, "MSA", 1)).isEqualTo("AA");
        }
        assertThat(gateway.outcomes()).extracting(InboundOutcome::status).containsExactly(InboundOutcome.Status.ACCEPTED);
    }

    @Test
    void aGatewayFailureOtherThanUnavailableStillGetsANegativeAck() throws Exception {
        start(Map.of());
        gateway.failWith(new IllegalStateException("journal table missing"));
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0006"));

            assertThat(field(ack, "MSA", 1)).isIn("AE", "AR");
            assertThat(field(ack, "MSA", 2)).isEqualTo("RXX01-0006");
            assertThat(ack).doesNotContain("journal table");
        }
    }

    @Test
    void aMessageTheGatewayRejectsIsAnsweredAeWithTheGatewaysReason() throws Exception {
        start(Map.of());
        gateway.refuseMessages("Patient.birthDate", "must not be in the future");
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0007"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "MSA", 3)).isEqualTo("Patient.birthDate: must not be in the future");
            assertThat(field(ack, "ERR", 3)).startsWith("207^");
        }
    }

    @Test
    void aRejectionWithoutALocationDoesNotSayNull() throws Exception {
        start(Map.of());
        gateway.refuseMessages(null, "the message failed validation");
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0008"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "MSA", 3)).isEqualTo("the message failed validation");
        }
    }

    @Test
    void segmentsSeparatedByLineFeedsAreAccepted() throws Exception {
        start(Map.of());
        try (MllpClient client = new MllpClient(port)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0009", TrustSamples.NHS_NUMBER,
                    "LOVELACE^ADA^^^MRS", "\n"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
            assertThat(field(ack, "MSA", 2)).isEqualTo("RXX01-0009");
        }
        Patient patient = only(gateway.messages().get(0).bundle(), Patient.class);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualToIgnoringCase("Lovelace");
        assertThat(only(gateway.messages().get(0).bundle(), Encounter.class)).isNotNull();
    }

    @Test
    void messagesOnOneConnectionAreTakenAndAcknowledgedInOrder() throws Exception {
        start(Map.of());
        List<String> acked = new ArrayList<>();
        try (MllpClient client = new MllpClient(port)) {
            for (int i = 1; i <= 5; i++) {
                acked.add(field(client.exchange(TrustSamples.adtA01("SEQ-" + i)), "MSA", 2));
            }
            // Not tested: a sender that does not wait for each ACK (pipelining). MLLP has the sender wait, and
            // camel-mllp drops (unacknowledged, unsubmitted) any further frame read with the first one.
        }
        List<String> expected = List.of("SEQ-1", "SEQ-2", "SEQ-3", "SEQ-4", "SEQ-5");
        assertThat(acked).containsExactlyElementsOf(expected);
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactlyElementsOf(expected);
    }

    @Test
    void twoSendersConnectedAtOnceEachGetTheirOwnAcks() throws Exception {
        start(Map.of());
        try (MllpClient pas = new MllpClient(port); MllpClient ed = new MllpClient(port)) {
            assertThat(field(pas.exchange(TrustSamples.adtA01("PAS-1")), "MSA", 2)).isEqualTo("PAS-1");
            assertThat(field(ed.exchange(TrustSamples.adtA01("ED-1")), "MSA", 2)).isEqualTo("ED-1");
            assertThat(field(pas.exchange(TrustSamples.adtA01("PAS-2")), "MSA", 2)).isEqualTo("PAS-2");
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("PAS-1", "ED-1", "PAS-2");
    }

    @Test
    void theConfiguredCharsetDecodesNamesSentAsLatin1() throws Exception {
        start(Map.of("charset", "ISO-8859-1"));
        try (MllpClient client = new MllpClient(port, StandardCharsets.ISO_8859_1)) {
            String ack = client.exchange(TrustSamples.adtA01("RXX01-0010", TrustSamples.NHS_NUMBER,
                    "BRONTË^ZOË^^^MS", "\r"));
            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        }
        Patient patient = only(gateway.messages().get(0).bundle(), Patient.class);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualToIgnoringCase("Brontë");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualToIgnoringCase("Zoë");
    }

    static <T> T only(Bundle bundle, Class<T> type) {
        List<T> found = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s in the message", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
