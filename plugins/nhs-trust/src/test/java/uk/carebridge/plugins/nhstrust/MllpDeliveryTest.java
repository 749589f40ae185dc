package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.carebridge.plugins.nhstrust.Er7Fields.field;
import static uk.carebridge.testkit.mllp.EngineAcks.ack;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.testkit.DeliveryAttempt;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.Ports;

/** ADT delivery over MLLP to a real socket listener playing the trust's engine. */
class MllpDeliveryTest {

    private CamelContext camel;
    private MllpTestListener trust;
    private Deliverer deliverer;

    private void start(int port, String timeoutMs) throws Exception {
        start(port, timeoutMs, "UTF-8");
    }

    private void start(int port, String timeoutMs, String charset) throws Exception {
        Map<String, String> settings = new HashMap<>(TrustSettingsTest.withDefaults(Map.of("format", "hl7v2",
                "deliveryAddress", "127.0.0.1:" + port, "deliveryTimeout", timeoutMs, "charset", charset)));
        camel = new DefaultCamelContext();
        camel.start();
        deliverer = new NhsTrustPlugin().deliverer(TrustPartner.of(new RecordingGateway(), settings).withCamel(camel));
    }

    @AfterEach
    void stop() throws Exception {
        if (deliverer != null) {
            deliverer.close();
            deliverer = null;
        }
        if (camel != null) {
            camel.stop();
        }
        if (trust != null) {
            trust.close();
        }
    }

    @Test
    void anAdmissionAcknowledgedAaIsDeliveredAsAdtA01CarryingTheMessageId() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7, "AA", null, null));
        start(trust.port(), "3000");
        String json = json(TrustSamples.admission());

        DeliveryAttempt sent = deliver(json, "m-0001");

        assertThat(sent.failure()).isNull();
        assertThat(trust.received()).singleElement().satisfies(er7 -> {
            assertThat(field(er7, "MSH", 9)).isEqualTo("ADT^A01^ADT_A01");
            assertThat(field(er7, "MSH", 10)).isEqualTo("m-0001");
            assertThat(field(er7, "MSH", 6)).isEqualTo(TrustPartner.PARTNER_ODS);
            assertThat(field(er7, "MSH", 12)).isEqualTo("2.4");
            // The bytes are UTF-8 and MSH-18 says so: the name arrives as written.
            assertThat(field(er7, "MSH", 18)).isEqualTo("UNICODE UTF-8");
            assertThat(field(er7, "PID", 3)).startsWith(TrustSamples.NHS_NUMBER + "^^^NHS^NH");
            assertThat(field(er7, "PID", 5)).startsWith("Crawley^Zoë");
        });
        assertThat(sent.delivered()).isTrue();
    }

    @Test
    void aLatin1TrustGetsLatin1BytesAndMsh18SaysSo() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7, "AA", null, null));
        start(trust.port(), "3000", "ISO-8859-1");

        DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0009");

        assertThat(sent.failure()).isNull();
        String er7 = new String(trust.receivedBytes().get(0), StandardCharsets.ISO_8859_1);
        assertThat(field(er7, "MSH", 18)).isEqualTo("8859/1");
        assertThat(field(er7, "PID", 5)).startsWith("Crawley^Zoë");
    }

    @Test
    void anAeIsATransientFailureQuotingTheTrustsReason() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7, "AE", "Unknown ward",
                "ERR||PV1^1^3|103^Table value not found^HL70357|E||||ward WARD7 is not known"));
        start(trust.port(), "3000");
        String json = json(TrustSamples.admission());

        DeliveryAttempt sent = deliver(json, "m-0002");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).contains("m-0002").contains("application error")
                    .contains("MSA-3 \"Unknown ward\"")
                    .contains("PV1-3: 103 Table value not found: ward WARD7 is not known");
        });
    }

    @Test
    void anArIsATransientFailureToo() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7, "AR", "PAS in maintenance until 06:00", null));
        start(trust.port(), "3000");

        DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0003");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).contains("application reject").contains("PAS in maintenance");
        });
    }

    @Test
    void anAaForAnotherMessageIsNotADelivery() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7.replace("|m-0004|", "|m-9999|"), "AA", null, null));
        start(trust.port(), "3000");

        DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0004");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).contains("acknowledges a different message (MSA-2 m-9999)");
        });
    }

    @Test
    void noAnswerWithinTheDeliveryTimeoutIsATransientFailure() throws Exception {
        trust = new MllpTestListener(er7 -> null);
        start(trust.port(), "500");

        long started = System.nanoTime();
        DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0005");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("HL7 v2 to 127.0.0.1:" + trust.port() + " failed");
        });
        assertThat(trust.received()).hasSize(1);
        assertThat(tookMs).isLessThan(4000);
    }

    /** camel-mllp's logPhi would put the ADT into its timeout and invalid-ACK exceptions (the dead letter's reason). */
    @Test
    void noByteOfTheMessageIsInTheFailureWhenTheTrustAnswersNothingOrGarbage() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        java.util.List<String> texts = new java.util.ArrayList<>();
        try {
            for (String answer : new String[] {null, "not an ack at all"}) {
                trust = new MllpTestListener(er7 -> answer);
                start(trust.port(), "500");
                assertThat(camel.getComponent("mllp", org.apache.camel.component.mllp.MllpComponent.class).getLogPhi())
                        .isFalse();
                DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0010");
                assertThat(sent.failure()).isInstanceOf(DeliveryException.class);
                for (Throwable t = sent.failure(); t != null; t = t.getCause()) {
                    texts.add(String.valueOf(t.getMessage()));
                }
                stop();
                camel = null;
                trust = null;
            }
        } finally {
            root.detachAppender(log);
        }
        log.list.forEach(e -> texts.add(e.getFormattedMessage()));
        assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t)
                .doesNotContain("Crawley", TrustSamples.NHS_NUMBER, "PID|", "R-1042"));
    }

    @Test
    void aRefusedConnectionIsATransientFailure() throws Exception {
        int closed = Ports.free();
        start(closed, "1000");

        DeliveryAttempt sent = deliver(json(TrustSamples.admission()), "m-0006");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.isPermanent()).isFalse();
            assertThat(e.getMessage()).startsWith("HL7 v2 to 127.0.0.1:" + closed + " failed");
        });
    }

    @Test
    void aMessageWithNoAdtEventFailsPermanentlyWithoutSendingAnything() throws Exception {
        trust = new MllpTestListener(er7 -> ack(er7, "AA", null, null));
        start(trust.port(), "3000");

        DeliveryAttempt sent = deliver(json(TrustSamples.observation()), "m-0007");

        assertThat(sent.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isTrue());
        assertThat(trust.received()).isEmpty();
    }

    @Test
    void aServerRetryAfterAnAeResendsTheSameAdtMessage() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        trust = new MllpTestListener(er7 -> ack(er7, calls.incrementAndGet() == 1 ? "AE" : "AA", null, null));
        start(trust.port(), "3000");

        // As the server's outbound route retries: the same copy handed over again.
        DeliveryAttempt first = deliver(json(TrustSamples.admission()), "m-0008");
        DeliveryAttempt retry = deliver(json(TrustSamples.admission()), "m-0008");

        assertThat(first.failure()).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.isPermanent()).isFalse());
        assertThat(retry.delivered()).isTrue();
        assertThat(trust.received()).hasSize(2).allSatisfy(er7 -> {
            assertThat(field(er7, "MSH", 10)).isEqualTo("m-0008");
            assertThat(field(er7, "PID", 3)).startsWith(TrustSamples.NHS_NUMBER);
        });
    }

    private DeliveryAttempt deliver(String json, String messageId) {
        return DeliveryAttempt.of(deliverer, messageId, TrustSamples.CARE_HOME, "admission", json);
    }

    private static String json(Bundle bundle) {
        return TrustPartner.R4.newJsonParser().encodeResourceToString(bundle);
    }
}
