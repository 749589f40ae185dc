package uk.carebridge.plugins.nhstrust.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rich synthetic ADT^A01 (v2.4) carrying every field the reader maps beyond the basics: PID-2, local ids of
 * three assigning authorities (a namespace, an OID, none), a birth address (XAD-7 BDL), a repetition with both a
 * number and an email, PID-22, PID-29/30, PD1-3 and PD1-4, two NK1. The person is made up (999 test range).
 * Used by {@link FieldFidelityTest} and the outbound round trip.
 */
public final class RichAdt {
    private RichAdt() {
    }

    public static final String DEATH = "20251120083456";

    /** The message; {@code deathTime} false leaves PID-29 empty (PID-30 Y alone). */
    public static String er7(boolean deathTime) {
        Map<Integer, String> pid = new TreeMap<>(Map.ofEntries(
                Map.entry(1, "1"),
                Map.entry(2, "EXT778^^^OLDPAS"),
                Map.entry(3, "9990000018^^^NHS^NH~H1234567^^^RXX01^PI~H1234567^^^RXXAE^MR"
                        + "~U0099^^^&2.16.840.1.113883.2.1.3.2.99&ISO^PI~L555^^^^MR"),
                Map.entry(5, "CRAWLEY^Edith^May^^MRS^^L"),
                Map.entry(7, "19310214"),
                Map.entry(8, "F"),
                Map.entry(11, "12 High Street^Chapel Allerton^Leeds^West Yorkshire^LS7 4AB^GBR^H"
                        + "~St James's Hospital^Beckett Street^Leeds^^LS9 7TF^GBR^BDL"),
                Map.entry(13, "0113 496 0000^PRN^PH~07700 900123^PRN^CP^edith.crawley@example.org"),
                Map.entry(14, "0113 496 0999^WPN^PH"),
                Map.entry(22, "A"),
                Map.entry(29, deathTime ? DEATH : ""),
                Map.entry(30, "Y"),
                Map.entry(32, "01")));
        List<String> segments = List.of(
                "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20251123143005||ADT^A01^ADT_A01|RICH0001|P|2.4|||AL|NE",
                "EVN|A01|20251123143000|||C1234567^KHAN^AISHA^^^DR|20251116142500",
                segment("PID", pid),
                "PD1|||BEECH TREE SURGERY^^B86001|G1234567^JONES^SAM^^^DR",
                "NK1|1|CRAWLEY^John^^^MR|CHD|3 Low Lane^^Leeds^^LS6 2AB^GBR^H|07700 900456^PRN^CP"
                        + "~^NET^Internet^john.crawley@example.org||N",
                "NK1|2|BAKER^Ann|FND|||0113 496 1111^WPN^PH|C",
                segment("PV1", Map.of(1, "1", 2, "I", 3, "WARD7^BAY2^BED3^RXX01^^^^^Ward 7 (Elderly Care)", 4, "21",
                        14, "19", 19, "V0001234^^^RXX01^VN", 44, "20251116142500")));
        return String.join("\r", segments) + "\r";
    }

    private static String segment(String name, Map<Integer, String> fields) {
        int last = fields.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> out = new ArrayList<>();
        out.add(name);
        for (int i = 1; i <= last; i++) {
            out.add(fields.getOrDefault(i, ""));
        }
        return String.join("|", out);
    }
}
