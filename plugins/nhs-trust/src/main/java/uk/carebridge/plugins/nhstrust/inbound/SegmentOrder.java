package uk.carebridge.plugins.nhstrust.inbound;

import java.util.List;

/**
 * The segments we map must each come once and in HL7's order, checked on the text before HAPI reads it.
 * HAPI reads a segment that is out of place, or a second one where the structure has room for one, as a
 * "non-standard" segment that the mapping never sees: a PD1 after PV1 would lose the GP practice, a second
 * PID (another patient?) would be ignored, all with an AA. So those messages are refused instead.
 *
 * <p>The order is the one every structure we read (v2.5.1 ADT_A01, A02, A03, A05, A06, A09, A12, A38, A39)
 * shares: MSH, EVN, PID, PD1, then PV1 and PV2 (MRG for a merge, whose PV1 we do not read; the MRG that
 * ADT_A06 has before PV1 is not mapped). In a structure that has them (ADT_A01, A03, A05), NK1 segments (any
 * number) come between PD1 and PV1. Segments we do not map (OBX, Z-segments, NK1 where the structure has
 * none...) may come anywhere the structure has room for them; where it has none, HAPI may set a mapped segment
 * after them aside, which {@link AdtReader} refuses as out of place rather than reading the message without it.
 */
final class SegmentOrder {

    private SegmentOrder() {
    }

    private static final List<String> VISIT_OR_PERSON = List.of("MSH", "EVN", "PID", "PD1", "PV1", "PV2");
    private static final List<String> WITH_NEXT_OF_KIN = List.of("MSH", "EVN", "PID", "PD1", "NK1", "PV1", "PV2");
    /** Mapped segments that may repeat. */
    private static final String REPEATING = "NK1";
    private static final List<String> MERGE = List.of("MSH", "EVN", "PID", "PD1", "MRG");

    /** The segments we map for the event, in HL7's order. */
    static List<String> mapped(AdtEvent event) {
        return event.kind == AdtEvent.Kind.MERGE ? MERGE : VISIT_OR_PERSON;
    }

    /** Throws a {@link ContentError} when a mapped segment repeats or comes before one that HL7 puts first. */
    static void check(List<String> segmentIds, AdtEvent event, boolean nextOfKin) {
        List<String> mapped = event.kind == AdtEvent.Kind.MERGE ? MERGE : nextOfKin ? WITH_NEXT_OF_KIN : VISIT_OR_PERSON;
        String previous = null;
        int previousRank = -1;
        for (String name : mapped) {
            int count = (int) segmentIds.stream().filter(name::equals).count();
            if (count > 1 && !name.equals(REPEATING)) {
                if (event.kind == AdtEvent.Kind.MERGE && (name.equals("PID") || name.equals("MRG"))) {
                    throw ContentError.ar("PID", null, Hl7Errors.SEGMENT_SEQUENCE, "ADT^A40 with more than one "
                            + "PID/MRG pair is not supported: send one merge per message");
                }
                throw ContentError.ae(name, null, Hl7Errors.SEGMENT_SEQUENCE, "the message has " + count + " " + name
                        + " segments: ADT^" + event.name() + " takes one");
            }
        }
        for (String id : segmentIds) {
            int rank = mapped.indexOf(id);
            if (rank < 0) {
                continue;
            }
            if (rank < previousRank) {
                throw ContentError.ae(id, null, Hl7Errors.SEGMENT_SEQUENCE, "segment " + id + " comes after "
                        + previous + ": HL7 puts " + String.join(", ", mapped) + " in that order, and a segment out "
                        + "of place would not be read");
            }
            previous = id;
            previousRank = rank;
        }
    }
}
