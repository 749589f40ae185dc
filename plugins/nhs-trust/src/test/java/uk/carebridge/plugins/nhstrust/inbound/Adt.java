package uk.carebridge.plugins.nhstrust.inbound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import uk.carebridge.plugin.Partner;

/**
 * Synthetic HL7 v2.4 ADT messages in the UK NHS ITK style (NHS number in PID-3 with assigning authority NHS
 * and type NH, its trace status in PID-32, the GP practice's ODS code in PD1-3, NHS Data Dictionary codes in
 * PV1-4/14/36), built field by field so a test changes exactly the field it is about.
 *
 * <pre>
 *   String er7 = Adt.event("A01").set("PID", 8, "X").without("PD1").er7();
 * </pre>
 *
 * Every person here is made up; the NHS numbers are from the 999 test range.
 */
final class Adt {

    /** Modulus 11 valid test NHS numbers, and one whose check digit is wrong. */
    static final String NHS_NUMBER = "9990000018";
    static final String OTHER_NHS_NUMBER = "9990000026";
    static final String BAD_NHS_NUMBER = "9990000019";

    static final String HOSPITAL_NUMBER = "H1234567";
    static final String FAMILY = "CRAWLEY";
    static final String GIVEN = "Edith";
    static final String MIDDLE = "May";
    static final String BIRTH_DATE = "19310214";
    static final String POSTCODE = "LS7 4AB";
    static final String HOME_PHONE = "0113 496 0000";
    static final String MOBILE = "07700 900123";
    static final String EMAIL = "edith.crawley@example.org";
    static final String GP_PRACTICE = "B86001";

    /** Values that identify the person: none may ever appear in a refusal reason. */
    static final List<String> PATIENT_VALUES = List.of(NHS_NUMBER, OTHER_NHS_NUMBER, BAD_NHS_NUMBER, "999 000 0018",
            HOSPITAL_NUMBER, FAMILY, GIVEN, MIDDLE, BIRTH_DATE, POSTCODE, HOME_PHONE, MOBILE, EMAIL, "High Street");

    static final String TRUST_ID = "st-elsewhere-hospital";
    static final String TRUST_ODS = "RXX01";
    static final Partner TRUST = new Partner(TRUST_ID, "St Elsewhere Hospital NHS Trust", TRUST_ODS, "nhs-trust",
            Map.of());
    static final String LOCAL_SYSTEM = "https://carebridge.uk/fhir/Id/local/" + TRUST_ID;
    /** The system of the trust's ids with assigning authority (CX-4) RXX01: the hospital and visit numbers. */
    static final String RXX01_SYSTEM = LOCAL_SYSTEM + "/RXX01";

    /** One reader for every test (it is thread-safe and stateless between messages). */
    static final AdtReader READER = new AdtReader(Fhir.R4, TRUST);

    private final List<List<String>> segments = new ArrayList<>();

    private Adt() {
    }

    /**
     * A complete message for the trigger: MSH, EVN, PID (NHS number verified, hospital number, name, birth
     * date, sex, address, phones, email), PD1 (GP practice), and PV1 (an emergency inpatient admission to a
     * bed on Ward 7) for visit events, or MRG for A40.
     */
    static Adt event(String trigger) {
        String structure = switch (trigger) {
            case "A01", "A04", "A08", "A13" -> "ADT_A01";
            case "A02" -> "ADT_A02";
            case "A03" -> "ADT_A03";
            case "A11" -> "ADT_A09";
            case "A05", "A28", "A31" -> "ADT_A05";
            case "A06", "A07" -> "ADT_A06";
            case "A40" -> "ADT_A39";
            default -> "ADT_" + trigger;
        };
        Adt adt = new Adt();
        adt.segment("MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20251123143005||ADT^" + trigger + "^" + structure
                + "|MSG00001|P|2.4|||AL|NE");
        adt.segment("EVN|" + trigger + "|20251123143000|||C1234567^KHAN^AISHA^^^DR|20251116142500");
        adt.segment("PID|1||" + NHS_NUMBER + "^^^NHS^NH~" + HOSPITAL_NUMBER + "^^^RXX01^PI||" + FAMILY + "^" + GIVEN
                + "^" + MIDDLE + "^^MRS^^L||" + BIRTH_DATE + "|F|||12 High Street^Chapel Allerton^Leeds^West Yorkshire^"
                + POSTCODE + "^GBR^H||" + HOME_PHONE + "^PRN^PH~" + MOBILE + "^PRN^CP~^NET^Internet^" + EMAIL
                + "|0113 496 0999^WPN^PH");
        adt.set("PID", 32, "01");
        adt.segment("PD1|||BEECH TREE SURGERY^^" + GP_PRACTICE + "|G1234567^JONES^SAM^^^DR");
        switch (trigger) {
            case "A28", "A31" -> adt.segment("PV1|1|N");
            case "A40" -> adt.segment("MRG|" + OTHER_NHS_NUMBER + "^^^NHS^NH~H7654321^^^RXX01^PI");
            default -> {
                adt.segment("PV1|1|I|WARD7^BAY2^BED3^RXX01^^^^^Ward 7 (Elderly Care)|21");
                adt.set("PV1", 14, "19");
                adt.set("PV1", 19, "V0001234^^^RXX01^VN");
                adt.set("PV1", 44, "20251116142500");
            }
        }
        if (trigger.equals("A02")) {
            adt.set("PV1", 3, "WARD9^BAY1^BED4^RXX01");
            adt.set("PV1", 6, "WARD7^BAY2^BED3^RXX01");
        }
        if (trigger.equals("A03") || trigger.equals("A13")) {
            adt.set("PV1", 36, "19");
            adt.set("PV1", 45, "20251120101500");
        }
        return adt;
    }

    /** Adds a segment (raw ER7 with the standard delimiters) at the end. */
    Adt segment(String raw) {
        // "MSH|^~\&|PAS" splits as MSH, ^~\&, PAS: MSH-n sits at index n - 1, any other segment's field n at n.
        segments.add(new ArrayList<>(Arrays.asList(raw.split("\\|", -1))));
        return this;
    }

    /** Inserts a segment (raw ER7) right after the last segment named {@code name}. */
    Adt after(String name, String raw) {
        int at = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).get(0).equals(name)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("no " + name + " segment");
        }
        segments.add(at + 1, new ArrayList<>(Arrays.asList(raw.split("\\|", -1))));
        return this;
    }

    /** Sets field {@code n} of the first segment named {@code name} (MSH-n counts MSH-1 as the separator). */
    Adt set(String name, int n, String value) {
        List<String> fields = first(name);
        int index = name.equals("MSH") ? n - 1 : n;
        while (fields.size() <= index) {
            fields.add("");
        }
        fields.set(index, value);
        return this;
    }

    /** Drops every segment named {@code name}. */
    Adt without(String name) {
        segments.removeIf(s -> s.get(0).equals(name));
        return this;
    }

    /** MSH-12. */
    Adt version(String version) {
        return set("MSH", 12, version);
    }

    /** The message with segments terminated by CR (HL7's own separator). */
    String er7() {
        return er7("\r");
    }

    /** The message with segments separated by {@code separator} (and one after the last segment). */
    String er7(String separator) {
        StringBuilder out = new StringBuilder();
        for (List<String> fields : segments) {
            out.append(String.join("|", fields)).append(separator);
        }
        return out.toString();
    }

    /** The message as the reader sees it, read now. */
    AdtReading read() {
        return READER.read(er7());
    }

    private List<String> first(String name) {
        return segments.stream().filter(s -> s.get(0).equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + name + " segment"));
    }
}
