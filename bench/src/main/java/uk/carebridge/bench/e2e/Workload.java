package uk.carebridge.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;

import ca.uhn.fhir.parser.IParser;
import uk.carebridge.bench.BenchContext;
import uk.carebridge.plugins.careprovider.FileFingerprint;
import uk.carebridge.server.inbound.PartnerInboundGateway;

/**
 * What the partners send in one run of the end-to-end stage, made before the clock starts:
 * <ul>
 *   <li><b>MLLP</b>: St Elsewhere's PAS sends HL7 v2.4 ADT: A01 admissions (to the council and the ward system)
 *       and A03 discharges to a care home, PV1-36 = 54 (council and Sunny Meadows);</li>
 *   <li><b>HTTP</b>: St Elsewhere, as a FHIR trust, POSTs the benchmark's own UK Core message Bundles (1.7-5.1 KB)
 *       to $process-message: admissions (council and ward) and discharges (council);</li>
 *   <li><b>CSV</b>: Sunny Meadows drops files of vital-sign rows (community nurses and council).</li>
 * </ul>
 * The people are the benchmark's (many distinct NHS numbers, several messages each). Every item knows its
 * CareBridge message id in advance (the server derives it from the partner and the sender's own id) and the
 * destinations the demo routes send it to; the run checks each arrives exactly there. Only events that reach a
 * partner are sent: the demo council withholds transfers within a hospital and person updates (journaled WITHHELD,
 * delivered nowhere), which would cost the server work that no delivery time shows.
 */
final class Workload {

    enum Transport { MLLP, HTTP, CSV }

    static final String COUNCIL = "council (HTTP)";
    static final String WARD = "ward system (MLLP)";
    static final String CARE_HOME_OUTBOX = "sunny-meadows (outbox)";
    static final String NURSES_OUTBOX = "community nursing (outbox)";
    static final List<String> DESTINATIONS = List.of(COUNCIL, WARD, CARE_HOME_OUTBOX, NURSES_OUTBOX);

    /**
     * One message a partner sends; for CSV, one row of {@link CsvFile}. {@code k} numbers the items of one
     * transport. The payload is made when it is sent ({@link Run#payload}), so a million-message run holds ids,
     * not bodies.
     */
    record Item(int index, Transport transport, int k, String messageId, String person, List<String> destinations) {
    }

    /** One CSV drop: its rows are items {@code first..first+rows-1} of the run. */
    record CsvFile(String name, byte[] content, int first, int rows) {
    }

    /** A run's items (MLLP, then HTTP, then CSV rows, by index), the CSV files holding the rows, the Bundles. */
    record Run(String tag, List<Item> items, List<CsvFile> files, List<String> bundleTemplates) {
        List<Item> of(Transport t) {
            return items.stream().filter(i -> i.transport() == t).toList();
        }

        /** The bytes a partner sends for an MLLP or HTTP item (CSV rows travel in their file). */
        byte[] payload(Item item) {
            String text = switch (item.transport()) {
                case MLLP -> adt(tag, item.k(), item.person());
                case HTTP -> bundleTemplates.get(item.k() % bundleTemplates.size())
                        .replace(ID_PLACEHOLDER, bundleId(tag, item.k()));
                case CSV -> throw new IllegalArgumentException("CSV rows are sent in their file");
            };
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final String[] FAMILY = {"SMITH", "JONES", "TAYLOR", "BROWN", "WILSON", "PATEL", "KHAN", "HUGHES",
            "WALKER", "OKAFOR", "NOWAK", "MURPHY", "CLARKE", "BEGUM", "MORGAN", "WRIGHT"};
    private static final String[] GIVEN = {"MARGARET^ANN", "ARTHUR^JOHN", "DOREEN", "KWAME", "PRIYA^DEVI", "STANLEY",
            "EILEEN^MARY", "TOMASZ", "BETTY", "DEREK^JAMES", "FATIMA", "GORDON"};
    private static final String[] OBSERVATIONS = {"pulse,%d,/min", "temperature,%d.%d,Cel", "oxygen-saturation,%d,%%"};
    private static final String BUNDLE_ID_SYSTEM = "https://bench.carebridge.uk/message";
    private static final String ID_PLACEHOLDER = "bench-bundle-id-placeholder";
    private static final List<String> CSV_DESTINATIONS = List.of(NURSES_OUTBOX, COUNCIL);

    private Workload() {
    }

    /**
     * {@code count} items split over the transports by {@code shares} (MLLP, HTTP, CSV percentages); CSV rows in
     * files of {@code rowsPerFile}. {@code tag} makes every sender id unique to the run (a resend would be
     * recognised and not routed again).
     */
    static Run make(BenchContext ctx, String tag, int count, int[] shares, int rowsPerFile) {
        int total = shares[0] + shares[1] + shares[2];
        int mllp = (int) ((long) count * shares[0] / total);
        int http = (int) ((long) count * shares[1] / total);
        int csv = count - mllp - http;
        List<Item> items = new ArrayList<>(count);
        List<String> people = ctx.groupKeys();
        for (int k = 0; k < mllp; k++) {
            String nhs = people.get(items.size() % people.size());
            items.add(new Item(items.size(), Transport.MLLP, k,
                    PartnerInboundGateway.messageId(BenchHome.TRUST, adtControlId(tag, k)), nhs, adtDestinations(k)));
        }
        // Each Bundle encoded once, with a placeholder where the run's identifier goes.
        IParser json = ctx.fhir().newJsonParser();
        List<String> templates = new ArrayList<>();
        List<List<String>> routes = new ArrayList<>();
        List<String> nhsOf = new ArrayList<>();
        for (Bundle b : ctx.messages()) {
            String event = ((MessageHeader) b.getEntryFirstRep().getResource()).getEventCoding().getCode();
            if (!event.equals("admission") && !event.equals("discharge")) {
                continue; // see the class comment: only what some partner receives
            }
            Bundle copy = b.copy();
            copy.getIdentifier().setSystem(BUNDLE_ID_SYSTEM).setValue(ID_PLACEHOLDER);
            templates.add(json.encodeResourceToString(copy));
            routes.add(event.equals("admission") ? List.of(COUNCIL, WARD) : List.of(COUNCIL));
            nhsOf.add(b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r instanceof Patient).findFirst()
                    .map(p -> ((Patient) p).getIdentifierFirstRep().getValue()).orElse("?"));
        }
        for (int k = 0; k < http; k++) {
            int t = k % templates.size();
            items.add(new Item(items.size(), Transport.HTTP, k,
                    PartnerInboundGateway.messageId(BenchHome.TRUST, "fhir:" + BUNDLE_ID_SYSTEM + "|" + bundleId(tag, k)),
                    nhsOf.get(t), routes.get(t)));
        }
        List<CsvFile> files = new ArrayList<>();
        for (int k = 0; k < csv; k += rowsPerFile) {
            files.add(csvFile(items, tag, files.size(), Math.min(rowsPerFile, csv - k), people));
        }
        return new Run(tag, items, files, templates);
    }

    private static String adtControlId(String tag, int k) {
        return "B" + tag + "-" + k;
    }

    private static String bundleId(String tag, int k) {
        return "b" + tag + "-" + k;
    }

    /** Admissions and discharges to a care home, in turn. */
    private static String trigger(int k) {
        return k % 2 == 0 ? "A01" : "A03";
    }

    /** Where the demo routes (plus the benchmark's ward route) send each ADT. */
    private static List<String> adtDestinations(int k) {
        return trigger(k).equals("A01") ? List.of(COUNCIL, WARD) : List.of(COUNCIL, CARE_HOME_OUTBOX);
    }

    /** An ADT as a trust's PAS sends it (NHS number in PID-3, GP practice in PD1-3, CR between segments). */
    private static String adt(String tag, int k, String nhs) {
        String controlId = adtControlId(tag, k);
        String trigger = trigger(k);
        String structure = "ADT_" + trigger;
        String[] pv1 = new String[46];
        java.util.Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = "WARD " + (k % 12 + 1) + "^BAY " + (k % 4 + 1) + "^BED " + (k % 6 + 1) + "^RXX01";
        pv1[4] = "21";
        pv1[19] = "V" + controlId;
        pv1[44] = "202611" + String.format("%02d%02d%02d00", 1 + k % 20, 8 + k % 10, k % 60);
        if (trigger.equals("A03")) {
            pv1[36] = "54"; // discharge destination: a care home, which the demo route sends to Sunny Meadows
            pv1[45] = "202611" + String.format("%02d%02d%02d00", 21 + k % 7, 10 + k % 8, k % 60);
        }
        return "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20261123101500||ADT^" + trigger + "^" + structure + "|"
                + controlId + "|P|2.4|||AL|NE\r"
                + "EVN|" + trigger + "|20261123101500\r"
                + "PID|1||" + nhs + "^^^NHS^NH~H" + (100000 + k) + "^^^RXX01^MR||" + FAMILY[k % FAMILY.length] + "^"
                + GIVEN[k % GIVEN.length] + "^^^MRS||19" + (30 + k % 60) + String.format("%02d%02d", 1 + k % 12, 1 + k % 28)
                + "|" + (k % 2 == 0 ? "F" : "M") + "|||" + (k % 200 + 1) + " PARK ROAD^FLAT " + (k % 9 + 1)
                + "^LEEDS^WEST YORKSHIRE^LS6 " + (k % 9 + 1) + "AB^GBR^H||0113 496 " + String.format("%04d", k % 10000)
                + "^PRN^PH\r"
                + "PD1|||HYDE PARK SURGERY^^^^^^^^^B86010\r"
                + String.join("|", pv1) + "\r";
    }

    /** A file of vital signs; each row's sender id is the file's fingerprint and the row's line number. */
    private static CsvFile csvFile(List<Item> items, String tag, int f, int rows, List<String> people) {
        StringBuilder csv = new StringBuilder("nhs_number,resident_id,observed_at,type,value,unit\n");
        int first = items.size();
        for (int r = 0; r < rows; r++) {
            int i = first + r;
            String observation = OBSERVATIONS[i % OBSERVATIONS.length].formatted(
                    i % 3 == 0 ? 55 + i % 50 : i % 3 == 1 ? 36 : 88 + i % 12, i % 10);
            csv.append(people.get(i % people.size())).append(",R").append(tag).append('-').append(i).append(',')
                    .append("2026-11-%02dT%02d:%02d:%02dZ".formatted(1 + f % 22, i % 24, (i / 24) % 60, i % 60))
                    .append(',').append(observation).append('\n');
        }
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        String fingerprint = FileFingerprint.of(content);
        for (int r = 0; r < rows; r++) {
            int i = first + r;
            // Line numbers count the header as line 1, as the care-provider plugin does.
            String id = PartnerInboundGateway.messageId(BenchHome.CARE_HOME, fingerprint + ":" + (r + 2));
            items.add(new Item(i, Transport.CSV, r, id, people.get(i % people.size()), CSV_DESTINATIONS));
        }
        return new CsvFile("observations-" + tag + "-" + String.format("%06d", f) + ".csv", content, first, rows);
    }
}
