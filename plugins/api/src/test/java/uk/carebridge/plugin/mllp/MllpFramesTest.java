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
}
