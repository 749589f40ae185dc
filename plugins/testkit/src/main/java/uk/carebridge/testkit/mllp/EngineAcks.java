package uk.carebridge.testkit.mllp;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import uk.carebridge.plugin.mllp.MllpFrames;

/** The ACKs a partner's HL7 engine sends back, for the programs that play one (tests, the benchmark's ward system). */
public final class EngineAcks {
    private EngineAcks() {
    }

    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /**
     * An original-mode ACK for {@code er7}, as a partner's engine answers it: MSH with the message's sender and
     * receiver swapped, MSA-1 {@code code}, MSA-2 the message's MSH-10, MSA-3 {@code text} when not null, then
     * {@code err} (a whole ERR segment) when not null. For the programs that play a partner's engine; the server's
     * own ACKs are built with HAPI.
     */
    public static String ack(String er7, String code, String text, String err) {
        if (MllpFrames.field(er7, "MSH", 1) == null) {
            throw new IllegalArgumentException("not an HL7 v2 message: no MSH segment");
        }
        String controlId = MllpFrames.field(er7, "MSH", 10);
        String version = MllpFrames.field(er7, "MSH", 12);
        String trigger = component(MllpFrames.field(er7, "MSH", 9), 1);
        return "MSH|^~\\&|" + MllpFrames.field(er7, "MSH", 5) + "|" + MllpFrames.field(er7, "MSH", 6) + "|" + MllpFrames.field(er7, "MSH", 3) + "|"
                + MllpFrames.field(er7, "MSH", 4) + "|" + ACK_TIME.format(LocalDateTime.now()) + "||ACK"
                + (trigger.isEmpty() ? "" : "^" + trigger + "^ACK") + "|ACK-" + controlId + "|P|"
                + (version.isEmpty() ? "2.4" : version) + "\r"
                + "MSA|" + code + "|" + controlId + (text == null ? "" : "|" + text) + "\r"
                + (err == null ? "" : err + "\r");
    }

    private static String component(String field, int index) {
        String[] components = field.split("\\^", -1);
        return index < components.length ? components[index] : "";
    }

}
