package uk.carebridge.plugin.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Framing, field reading and the partner engine's ACK, on hand-written HL7 v2 text. */
class MllpFramesTest {

    private static final String ADT = "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CB01|20261124090000||ADT^A03^ADT_A03|MSG-7|P|2.5.1\r"
            + "PID|1||9990000018^^^NHS^NH\r";

    @Test
    void aFrameReadsBackAsTheMessage() throws IOException {
        byte[] frame = MllpFrames.frame(ADT.getBytes(StandardCharsets.UTF_8));
        assertThat(frame[0]).isEqualTo((byte) MllpFrames.VT);
        assertThat(frame[frame.length - 2]).isEqualTo((byte) MllpFrames.FS);
        assertThat(MllpFrames.read(new ByteArrayInputStream(frame), StandardCharsets.UTF_8)).isEqualTo(ADT);
    }

    @Test
    void aConnectionClosedInsideAFrameIsAnError() {
        byte[] cut = {MllpFrames.VT, 'M', 'S', 'H'};
        assertThatThrownBy(() -> MllpFrames.read(new ByteArrayInputStream(cut), StandardCharsets.UTF_8))
                .hasMessageContaining("inside a frame");
    }

    @Test
    void fieldsAreNumberedAsInTheStandard() {
        assertThat(MllpFrames.field(ADT, "MSH", 9)).isEqualTo("ADT^A03^ADT_A03");
        assertThat(MllpFrames.field(ADT, "MSH", 10)).isEqualTo("MSG-7");
        assertThat(MllpFrames.field(ADT, "PID", 3)).isEqualTo("9990000018^^^NHS^NH");
        assertThat(MllpFrames.field(ADT, "PID", 30)).isEmpty();
        assertThat(MllpFrames.field(ADT, "PV1", 2)).isNull();
    }

    @Test
    void anAckAnswersTheMessageFromItsReceiver() {
        String ack = MllpFrames.ack(ADT, "AA", null, null);
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
        String ack = MllpFrames.ack(ADT, "AE", "Unknown ward", "ERR||PV1^1^3|103|E");
        assertThat(MllpFrames.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(MllpFrames.field(ack, "MSA", 2)).isEqualTo("MSG-7");
        assertThat(MllpFrames.field(ack, "MSA", 3)).isEqualTo("Unknown ward");
        assertThat(MllpFrames.field(ack, "ERR", 2)).isEqualTo("PV1^1^3");
    }

    @Test
    void textThatIsNotHl7IsRefused() {
        assertThatThrownBy(() -> MllpFrames.ack("hello", "AA", null, null)).hasMessageContaining("no MSH segment");
    }
}
