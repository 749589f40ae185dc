package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.carebridge.plugins.nhstrust.Er7Fields.field;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.nhstrust.inbound.Fhir;
import uk.carebridge.plugins.nhstrust.inbound.ReferenceSamplesTest;
import uk.carebridge.plugins.nhstrust.inbound.ReferenceSamplesTest.Expectation;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.Ports;

/**
 * Every reference sample message (the same expectation table as {@link ReferenceSamplesTest}) sent as a
 * trust's engine sends it: over a real MLLP socket to the plugin's listener in a real Camel context, bytes as
 * in the file (BOM, LF or CRLF). Taken ones are answered AA and reach the gateway as UK Core-valid FHIR
 * messages; refused ones are answered with their AE/AR and only a rejection reaches the gateway, so nothing
 * of theirs can be routed. (That an AA'd message is in the broker is shown end to end by the distribution's
 * ITs.)
 */
class ReferenceSamplesOverMllpTest {

    private static final RecordingGateway GATEWAY = new RecordingGateway();
    private static DefaultCamelContext camel;
    private static int port;

    @BeforeAll
    static void startListener() throws Exception {
        port = Ports.free();
        camel = new DefaultCamelContext();
        camel.addRoutes(new NhsTrustPlugin().receiver(TrustPartner.of(GATEWAY,
                Map.of("mllpPort", String.valueOf(port), "mllpHost", "127.0.0.1"))));
        camel.start();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @AfterAll
    static void stopListener() {
        if (camel != null) {
            camel.stop();
        }
    }

    static Stream<Expectation> samples() {
        return ReferenceSamplesTest.EXPECTED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void eachSampleIsAnsweredAsExpectedAndOnlyTakenOnesReachTheGateway(Expectation expected) throws Exception {
        String text = ReferenceSamplesTest.message(expected.key());
        int before = GATEWAY.records().size();

        String ack;
        try (MllpClient engine = new MllpClient(port)) {
            ack = engine.exchange(text);
        }

        assertThat(GATEWAY.records()).as("records handed to the gateway").hasSize(before + 1);
        InboundRecord record = GATEWAY.records().get(before);
        if (expected.accepted()) {
            assertThat(field(ack, "MSA", 1)).as("ACK " + ack).isEqualTo("AA");
            assertThat(record).isInstanceOf(InboundRecord.Message.class);
            InboundRecord.Message message = (InboundRecord.Message) record;
            assertThat(field(ack, "MSA", 2)).isEqualTo(message.sourceKey());
            Fhir.assertValidMessage(message.bundle());
        } else {
            assertThat(field(ack, "MSA", 1)).as("ACK " + ack).isEqualTo(expected.code());
            // The reason travels HL7-escaped (ORU^R01 as ORU\S\R01).
            assertThat(field(ack, "MSA", 3).replace("\\S\\", "^").replace("\\E\\", "\\"))
                    .contains(expected.reasonFragment());
            assertThat(record).as("a refused message is only journaled").isInstanceOf(InboundRecord.Rejected.class);
        }
    }
}
