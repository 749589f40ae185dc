package uk.carebridge.testkit.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.mllp.MllpFrames;

class EngineAcksTest {

    private static final String ADT = "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CB01|20261124090000||ADT^A03^ADT_A03|MSG-7|P|2.5.1\r"
            + "PID|1||9990000018^^^NHS^NH\r";

    @Test
    void anAckAnswersTheMessageFromItsReceiver() {
        String ack = EngineAcks.ack(ADT, "AA", null, null);
        assertThat(MllpFrames.field(ack, "MSH", 3)).isEqualTo("CAREBRIDGE");
        assertThat(MllpFrames.field(ack, "MSH", 4)).isEqualTo("CB01");
        assertThat(MllpFrames.field(ack, "MSH", 5)).isEqualTo("PAS");
        assertThat(MllpFrames.field(ack, "MSH", 6)).isEqualTo("RXX01");
        assertThat(MllpFrames.field(ack, "MSH", 9)).isEqualTo("ACK^A03^ACK");
        assertThat(MllpFrames.field(ack, "MSH", 12)).isEqualTo("2.5.1");
        assertThat(ack).endsWith("\rMSA|AA|MSG-7\r");
    }

    @Test
    void aRefusalCarriesItsTextAndErrorSegment() {
        String ack = EngineAcks.ack(ADT, "AE", "Unknown ward", "ERR||PV1^1^3|103|E");
        assertThat(MllpFrames.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(MllpFrames.field(ack, "MSA", 2)).isEqualTo("MSG-7");
        assertThat(MllpFrames.field(ack, "MSA", 3)).isEqualTo("Unknown ward");
        assertThat(MllpFrames.field(ack, "ERR", 2)).isEqualTo("PV1^1^3");
    }

    @Test
    void textThatIsNotHl7IsRefused() {
        assertThatThrownBy(() -> EngineAcks.ack("hello", "AA", null, null)).hasMessageContaining("no MSH segment");
    }
}
