package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import uk.carebridge.testkit.Hl7Corpus;
import uk.carebridge.testkit.Hl7Corpus.Sample;

/**
 * Every HL7 v2 message of the corpus written by others, and an NHS-number variant of each ADT one, read by the
 * trust's reader: each is either translated into a message that is valid against R4 and UK Core (0 errors), or
 * refused the way a sender can act on (AE or AR, an HL7 table 0357 code, a reason that quotes no patient value, and a
 * location naming the segment, and the field where the problem is a field's). Which way each message goes is not
 * pinned here (ReferenceSamplesTest pins its samples); the summary printed at the end, also written to
 * {@code target/corpus-summary.txt}, says what is refused and why.
 *
 * <p>The corpus: {@code src/test/resources/corpus/} (see its MANIFEST.md), {@code src/test/resources/hl7v2/}, and the GPL
 * UCLH EMAP files read in place under {@code ${carebridge.shared}} (left out when absent). The variants put a valid
 * test NHS number first in PID-3 ({@code ^^^NHS^NH}), so every ADT message also goes down the UK path.
 */
class CorpusTest {

    /**
     * Placeholder names of the samples that are also plain words of reasons: PID-5 "TEST^PATIENT" is no patient
     * value quoted when a reason says "patient class".
     */
    private static final Set<String> PLACEHOLDER_NAMES = Set.of("PATIENT");

    /** Key -> outcome, for the summary. */
    private static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

    /** The corpus's messages, in key order per folder: corpus/..., hl7v2/..., uclh-emap/... (when present). */
    static List<Sample> corpus() {
        return Hl7Corpus.corpus(resource("/corpus").getParent(), ReferenceSamplesTest.uclhRoot());
    }

    @TestFactory
    Stream<DynamicTest> eachMessageIsTranslatedAndValidOrRefusedWithALocatedDiscreetReason() {
        List<Sample> corpus = corpus();
        return Stream.concat(corpus.stream(), Hl7Corpus.nhsVariants(corpus).stream())
                .map(sample -> dynamicTest(sample.key(), () -> {
                    try {
                        check(sample);
                    } catch (AssertionError e) {
                        throw new AssertionError(sample.key() + ": " + e.getMessage(), e); // surefire names it [n]
                    }
                }));
    }

    private static void check(Sample sample) {
        String text = sample.text();
        AdtReading reading = Adt.READER.read(text);
        if (reading instanceof AdtReading.Translated translated) {
            OUTCOMES.put(sample.key(), "translated ADT^" + translated.trigger());
            Fhir.assertValidMessage(translated.message());
            if (sample.key().endsWith(Hl7Corpus.NHS_VARIANT)) {
                String nhsNumber = Hl7Corpus.field(text, "PID", 3).substring(0, 10);
                Patient patient = Fhir.resources(translated.message(), Patient.class).get(0);
                assertThat(patient.getIdentifier()).filteredOn(PatientMapper::isNhsNumber)
                        .extracting(Identifier::getValue).as("the variant's NHS number").containsExactly(nhsNumber);
            }
            return;
        }
        AdtReading.Refused refused = (AdtReading.Refused) reading;
        OUTCOMES.put(sample.key(), "refused " + refused.code() + " " + refused.hl7ErrorCode() + " at "
                + refused.location() + ": " + refused.reason());
        Readings.assertDiscreet(refused, ReferenceSamplesTest.patientValues(text).stream()
                .filter(v -> !PLACEHOLDER_NAMES.contains(v.toUpperCase(Locale.ROOT))).toList());
        if (Hl7Corpus.KNOWN_UNLOCATED.containsKey(sample.key())) {
            assertThat(refused.segment()).as("known gap (%s): remove it from Hl7Corpus.KNOWN_UNLOCATED once the "
                    + "reader names the segment", Hl7Corpus.KNOWN_UNLOCATED.get(sample.key())).isNull();
            return;
        }
        assertThat(refused.segment()).as("the segment at fault (%s)", refused.reason()).isNotNull()
                .matches("[A-Z][A-Z0-9]{2}");
        if (Hl7Corpus.isFieldProblem(refused.hl7ErrorCode(), refused.segment(), refused.reason())) {
            assertThat(refused.field()).as("the field at fault (%s)", refused.reason()).isNotNull().isPositive();
        }
        // The sender sees it in ERR-2 (segment^1^field) of the ACK.
        String ack = Acks.ack(text, refused.code(), refused);
        String err = Stream.of(ack.split("\r")).filter(s -> s.startsWith("ERR|")).findFirst().orElse("");
        assertThat(err.split("\\|", -1)).as("ACK ERR segment").hasSizeGreaterThan(2);
        assertThat(err.split("\\|", -1)[2]).as("ERR-2")
                .isEqualTo(refused.segment() + "^1" + (refused.field() == null ? "" : "^" + refused.field()));
    }

    @Test
    void theCorpusHasAHundredMessagesAndMoreFromEightSourcesAndMore() {
        List<Sample> corpus = corpus();
        Set<String> sources = corpus.stream().map(s -> s.key().split("/")[0].equals("corpus")
                || s.key().startsWith("hl7v2/") ? s.key().split("/")[1] : s.key().split("/")[0])
                .collect(Collectors.toSet());

        assertThat(Hl7Corpus.samples(resource("/corpus"), "")).as("messages in corpus/").hasSizeGreaterThanOrEqualTo(100);
        assertThat(sources).as("sources").hasSizeGreaterThanOrEqualTo(8);
        assertThat(Hl7Corpus.nhsVariants(corpus)).as("NHS-number variants").hasSizeGreaterThanOrEqualTo(50);
    }

    @Test
    void theNhsNumberVariantChangesPid3OnlyAndKeepsTheMessagesOwnDelimitersAndLineEnds() {
        String crlf = "MSH|^~\\&|PAS|X|CB|CB|20250101||ADT^A01|M1|P|2.4\r\nEVN|A01|20250101\r\nPID|1||H123^^^RXX01^PI||DOE^JO\r\n";
        String custom = "MSH#!@%*#S#F#R#F#20250101##ADT!A01#M2#P#2.5\nPID#1##12345!!!MRN##DOE!JOHN\n";

        assertThat(Hl7Corpus.withNhsNumber(crlf, "9991000003")).contains(
                crlf.replace("PID|1||H123", "PID|1||9991000003^^^NHS^NH~H123"));
        assertThat(Hl7Corpus.withNhsNumber(custom, "9991000003")).contains(
                custom.replace("PID#1##12345", "PID#1##9991000003!!!NHS!NH@12345"));
        assertThat(Hl7Corpus.withNhsNumber(crlf.replace("ADT^A01", "ORU^R01"), "9991000003")).as("not ADT").isEmpty();
        assertThat(Hl7Corpus.withNhsNumber("MSH|^~\\&|||||||ADT^A04|1|P|2.5\rEVN|\r", "9991000003")).as("no PID").isEmpty();
        assertThat(Hl7Corpus.withNhsNumber(crlf.replace("H123^^^RXX01^PI", "9990000018^^^NHS^NH"), "9991000003"))
                .as("has one").isEmpty();
        assertThat(Hl7Corpus.testNhsNumbers(50)).doesNotHaveDuplicates().allMatch(uk.carebridge.fhir.NhsNumber::isValid);
    }

    @AfterAll
    static void printSummary() throws IOException {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        Map<String, Integer> byOutcome = new TreeMap<>();
        OUTCOMES.values().forEach(o -> byOutcome.merge(o.startsWith("translated") ? o : o.split(" at ")[0], 1, Integer::sum));
        Map<String, List<String>> byReason = new TreeMap<>();
        OUTCOMES.forEach((key, o) -> {
            if (o.startsWith("refused")) {
                byReason.computeIfAbsent(o, r -> new ArrayList<>()).add(key);
            }
        });
        long variants = OUTCOMES.keySet().stream().filter(k -> k.endsWith(Hl7Corpus.NHS_VARIANT)).count();
        StringBuilder out = new StringBuilder("Corpus: " + OUTCOMES.size() + " messages read (" + (OUTCOMES.size() - variants)
                + " originals, " + variants + " NHS-number variants)\n");
        byOutcome.forEach((o, n) -> out.append(String.format("%5d  %s%n", n, o)));
        out.append("Refusals by reason:\n");
        byReason.forEach((r, keys) -> out.append(String.format("%5d  %s%n         %s%n", keys.size(), r,
                String.join(", ", keys))));
        System.out.print(out);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("corpus-summary.txt"), out);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(CorpusTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
