package uk.carebridge.plugins.nhstrust;

import java.util.Arrays;
import java.util.List;

import uk.carebridge.plugin.mllp.MllpFrames;

/** Reads raw ER7 fields by position in tests (standard delimiters). */
final class Er7Fields {
    private Er7Fields() {
    }

    static List<String> segments(String er7) {
        return Arrays.stream(er7.split("\r\n|\r|\n")).filter(s -> !s.isEmpty()).toList();
    }

    static boolean has(String er7, String id) {
        return segments(er7).stream().anyMatch(s -> s.startsWith(id + "|"));
    }

    /** HL7 numbering: field(ack, "MSA", 1) is the ack code; MSH-1 is the separator itself. */
    static String field(String er7, String segmentId, int number) {
        String field = MllpFrames.field(er7, segmentId, number);
        if (field == null) {
            throw new AssertionError("no " + segmentId + " segment in " + er7.replace('\r', '\n'));
        }
        return field;
    }
}
