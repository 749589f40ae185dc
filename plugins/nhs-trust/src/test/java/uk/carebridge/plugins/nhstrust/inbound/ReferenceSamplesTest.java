package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.testkit.Hl7Corpus;

/**
 * Every public HL7 v2 sample we have, each message with its expected outcome, so a regression either way
 * (a message refused that was taken, or taken that was refused) fails a test.
 *
 * <p>Samples: the copied files under {@code src/test/resources/hl7v2/} (see its MANIFEST.md), and the GPL
 * UCLH EMAP files read in place from {@code ${carebridge.shared}/reference-data/hl7v2/uclh-emap/} (never
 * copied; their rows are skipped when that folder is absent).
 *
 * <p>Harness: a file is split into messages at each line that starts with MSH (batch01.hl7 holds three,
 * messages.txt eighteen), keeping each message's own bytes (BOM, line ends, trailing spaces). Lines that are
 * C-style comments ({@code /*}, {@code *}, {@code *}{@code /}, {@code //}) are dropped: they annotate the
 * hapi-hl7v2 fixture file and are not something a sender transmits (kept, the file's first message would be
 * refused for not starting with MSH instead of for its message type).
 *
 * <p>Keys: the path under hl7v2/ ({@code uclh-emap/...} for UCLH), with {@code #n} (from 1) when the file
 * holds several messages.
 */
public class ReferenceSamplesTest {

    private static final String UCLH = "uclh-emap/";
    private static final String UCLH_NHS_NUMBER = "9999999999";
    private static final String NOT_ADT = "is not supported: this interface takes ADT messages";

    /** One message and what must become of it. */
    public record Expectation(String key, String code, String trigger, String segment, String reasonFragment,
            String nhsNumber) {

        public boolean accepted() {
            return code == null;
        }

        @Override
        public String toString() {
            return key + " -> " + (accepted() ? "ADT^" + trigger : code + " " + segment + ": " + reasonFragment);
        }
    }

    /** Taken as ADT^trigger; nhsNumber is the NHS number the Patient must carry, null for none. */
    private static Expectation accepted(String key, String trigger, String nhsNumber) {
        return new Expectation(key, null, trigger, null, null, nhsNumber);
    }

    private static Expectation refused(String key, String code, String segment, String reasonFragment) {
        return new Expectation(key, code, null, segment, reasonFragment, null);
    }

    private static List<Expectation> refusedAll(String file, int from, int to, String reasonFragment) {
        List<Expectation> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            rows.add(refused(file + "#" + i, "AR", "MSH", reasonFragment));
        }
        return rows;
    }

    public static final List<Expectation> EXPECTED = Stream.of(
            // hapi-hl7v2: an Italian A03 (v2.5, PID-3 repeats incl. a type-only one); 18 non-ADT messages;
            // an A24 with non-default delimiters (field ^, component ~, repetition |).
            List.of(accepted("hapi-hl7v2/adt_a03.txt", "A03", null),
                    refused("hapi-hl7v2/messages.txt#1", "AR", "MSH", "message type ORU^R01 " + NOT_ADT),
                    refused("hapi-hl7v2/messages.txt#2", "AR", "MSH", "message type BAR^P01 " + NOT_ADT),
                    refused("hapi-hl7v2/messages.txt#3", "AR", "MSH", "message type ACK " + NOT_ADT),
                    // MSH-2 "^~}" (three characters) too: still refused as BAR, the first thing wrong with it.
                    refused("hapi-hl7v2/messages.txt#4", "AR", "MSH", "message type BAR^P01 " + NOT_ADT)),
            refusedAll("hapi-hl7v2/messages.txt", 5, 13, "message type BAR^P01 " + NOT_ADT),
            refusedAll("hapi-hl7v2/messages.txt", 14, 16, "message type ORM^O01 " + NOT_ADT),
            refusedAll("hapi-hl7v2/messages.txt", 17, 18, "message type QRY^Q01 " + NOT_ADT),
            List.of(refused("hapi-hl7v2/segmentfinder_a24.hl7", "AR", "MSH", "ADT^A24 is not supported"),

            // LinuxForHealth: v2.6 A01 with MSH-2 "^~\\&", literal "\r" text at line ends, PRB in an ADT;
            // LF and CRLF copies.
            accepted("linuxforhealth/sample_unix.hl7", "A01", null),
            accepted("linuxforhealth/sample_win.hl7", "A01", null),

            // Microsoft FHIR-Converter: rich v2.8 (US identifiers, EVN-1 "A01" in non-A01 messages, MSH-9.3
            // ADT_A28/ADT_A31), v2.3 / v2.5.1 classics with a BOM and trailing spaces, an A04 without EVN.
            accepted("microsoft-fhir-converter/ADT-A01-01.hl7", "A01", null),
            accepted("microsoft-fhir-converter/ADT-A01-02.hl7", "A01", null),
            accepted("microsoft-fhir-converter/ADT-A03-01.hl7", "A03", null),
            accepted("microsoft-fhir-converter/ADT-A03-02.hl7", "A03", null),
            accepted("microsoft-fhir-converter/ADT-A08-01.hl7", "A08", null),
            accepted("microsoft-fhir-converter/ADT-A08-02.hl7", "A08", null),
            accepted("microsoft-fhir-converter/ADT-A28-01.hl7", "A28", null),
            accepted("microsoft-fhir-converter/ADT-A28-02.hl7", "A28", null),
            accepted("microsoft-fhir-converter/ADT-A31-01.hl7", "A31", null),
            accepted("microsoft-fhir-converter/ADT-A31-02.hl7", "A31", null),
            accepted("microsoft-fhir-converter/ADT-A40-01.hl7", "A40", null),
            accepted("microsoft-fhir-converter/ADT01-23.hl7", "A01", null),
            accepted("microsoft-fhir-converter/ADT01-28.hl7", "A01", null),
            accepted("microsoft-fhir-converter/ADT04-251.hl7", "A04", null),
            refused("microsoft-fhir-converter/ORU-R01-01.hl7", "AR", "MSH", "message type ORU^R01 " + NOT_ADT),

            // NextGen Connect: a batch of three SIU messages back to back; ORM messages.
            refused("nextgen-connect/batch01.hl7#1", "AR", "MSH", "message type SIU^S12 " + NOT_ADT),
            refused("nextgen-connect/batch01.hl7#2", "AR", "MSH", "message type SIU^S14 " + NOT_ADT),
            refused("nextgen-connect/batch01.hl7#3", "AR", "MSH", "message type SIU^S15 " + NOT_ADT),
            refused("nextgen-connect/test-hl7-input.txt", "AR", "MSH", "message type ORM^O01 " + NOT_ADT),
            refused("nextgen-connect/test-hl7-whitespace-input.txt", "AR", "MSH", "message type ORM^O01 " + NOT_ADT),

            // UCLH EMAP (Epic, v2.4, NHS number as ^^^NHS^HN).
            accepted(UCLH + "Adt/birth_date_bst.txt", "A01", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/birth_datetime_bst.txt", "A01", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A01.txt", "A01", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A01_b.txt", "A01", null),
            accepted(UCLH + "Adt/generic/A02.txt", "A02", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A03.txt", "A03", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A03_death.txt", "A03", null),
            accepted(UCLH + "Adt/generic/A04.txt", "A04", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A08_v1.txt", "A08", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A08_v2.txt", "A08", null),
            accepted(UCLH + "Adt/generic/A11.txt", "A11", UCLH_NHS_NUMBER),
            accepted(UCLH + "Adt/generic/A13.txt", "A13", UCLH_NHS_NUMBER),
            refused(UCLH + "Adt/generic/A29.txt", "AR", "MSH", "ADT^A29 is not supported"),
            accepted(UCLH + "Adt/generic/A40.txt", "A40", UCLH_NHS_NUMBER),
            // v2.2 (read since issue 15), with PID-3 "this is a test NHS number": refused for the identifier.
            refused(UCLH + "Adt/TestForJunit.txt", "AE", "PID", "contains spaces"),
            refused(UCLH + "LabOrders/co_path/oru_r01_corrupt_bytes.txt", "AR", "MSH",
                    "message type ORU^R01 " + NOT_ADT),
            refused(UCLH + "VitalSigns/MixedHL7Message.txt", "AR", "MSH", "message type ORU^R01 " + NOT_ADT)))
            .flatMap(List::stream).toList();

    static Stream<Expectation> expectations() {
        return EXPECTED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void eachSampleIsTakenOrRefusedAsExpected(Expectation expected) {
        String text = message(expected.key());

        if (expected.accepted()) {
            Bundle bundle = Readings.translated(text); // UK Core validation with no error included
            AdtReading.Translated reading = (AdtReading.Translated) Adt.READER.read(text);
            assertThat(reading.trigger()).isEqualTo(expected.trigger());
            assertThat(reading.controlId()).isNotBlank();
            Patient patient = Fhir.resources(bundle, Patient.class).get(0);
            assertThat(patient.getIdentifier()).filteredOn(PatientMapper::isNhsNumber).extracting(Identifier::getValue)
                    .as("NHS number").containsExactlyElementsOf(
                            expected.nhsNumber() == null ? List.of() : List.of(expected.nhsNumber()));
        } else {
            AdtReading.Refused refused = Readings.refused(text, patientValues(text));
            assertThat(refused.code()).isEqualTo(expected.code());
            assertThat(refused.segment()).isEqualTo(expected.segment());
            assertThat(refused.reason()).contains(expected.reasonFragment());
            String ack = Acks.ack(text, refused.code(), refused);
            assertThat(ack).contains("\rMSA|" + refused.code() + "|");
        }
    }

    @Test
    void everyCopiedSampleMessageHasAnExpectation() {
        Set<String> found = keys(copiedRoot(), "");

        assertThat(found).as("messages in src/test/resources/hl7v2 (MANIFEST.md lists 23 files)")
                .containsExactlyInAnyOrderElementsOf(expectedKeys(k -> !k.startsWith(UCLH)));
    }

    @Test
    void everyUclhSampleMessageHasAnExpectation() {
        assumeTrue(Files.isDirectory(uclhRoot()), "UCLH EMAP samples not found under carebridge.shared");

        assertThat(keys(uclhRoot(), UCLH)).containsExactlyInAnyOrderElementsOf(expectedKeys(k -> k.startsWith(UCLH)));
    }

    @Test
    void uclhTestForJunitIsRefusedForItsFreeTextIdentifierAndReadWithoutIt() {
        // A v2.2 message: refused for its free-text "NHS number", taken once that repetition is dropped.
        String text = message(UCLH + "Adt/TestForJunit.txt");

        AdtReading.Refused refused = Readings.refused(text, List.of("this is a test", "50032556", "INTERFACES"));
        Bundle mended = Readings.translated(text.replace("~this is a test NHS number", ""));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.location()).isEqualTo("PID-3");
        assertThat(refused.reason()).contains("contains spaces");
        Patient patient = Fhir.resources(mended, Patient.class).get(0);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("50032556");
        assertThat(patient.getIdentifierFirstRep().getAssigner().getDisplay()).isEqualTo("MRENTR");
    }

    @Test
    void uclhBirthDatesInSummerTimeKeepTheirDate() {
        Patient date = patient(UCLH + "Adt/birth_date_bst.txt");
        Patient dateTime = patient(UCLH + "Adt/birth_datetime_bst.txt");

        assertThat(date.getBirthDateElement().getValueAsString()).isEqualTo("1925-07-04");
        assertThat(dateTime.getBirthDateElement().getValueAsString()).isEqualTo("1925-07-04");
        assertThat(dateTime.getBirthDateElement().getExtensionByUrl(PatientMapper.BIRTH_TIME).getValue().primitiveValue())
                .isEqualTo("1925-07-04T04:44:01+01:00");
    }

    @Test
    void uclhDeathIsRecorded() {
        assertThat(patient(UCLH + "Adt/generic/A03_death.txt").getDeceasedDateTimeType().getValueAsString())
                .isEqualTo("2013-02-11T08:34:56+00:00");
    }

    @Test
    void uclhMergeReplacesThePriorHospitalNumber() {
        Bundle bundle = Readings.translated(message(UCLH + "Adt/generic/A40.txt"));

        Patient survivor = (Patient) Fhir.focus(bundle);
        Patient replaced = (Patient) Fhir.resolve(bundle, survivor.getLinkFirstRep().getOther());
        assertThat(survivor.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACES);
        assertThat(replaced.getIdentifierFirstRep().getValue()).isEqualTo("40800000");
        assertThat(survivor.getIdentifier()).extracting(Identifier::getValue).contains("40800001");
    }

    @Test
    void uclhExpectedDischargeDateIsReadFromPv29Only() {
        // A01.txt sends PV2-9 (expected discharge date) 20130211; A02.txt only PV2-8 (expected admit date).
        Encounter admitted = (Encounter) Fhir.focus(Readings.translated(message(UCLH + "Adt/generic/A01.txt")));
        Encounter transferred = (Encounter) Fhir.focus(Readings.translated(message(UCLH + "Adt/generic/A02.txt")));

        assertThat(admitted.getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE).getValue()
                .primitiveValue()).isEqualTo("2013-02-11");
        assertThat(transferred.getHospitalization().hasExtension(FhirSystems.EXPECTED_DISCHARGE_DATE)).isFalse();
    }

    @Test
    void uclhCancelledDischargeIsEnteredInErrorWithoutAnEnd() {
        // Its PV1-45 (10:00) is before its PV1-44 (10:01:52): the cancelled discharge, not the visit's end.
        Encounter encounter = (Encounter) Fhir.focus(Readings.translated(message(UCLH + "Adt/generic/A13.txt")));

        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
    }

    @Test
    void uclhTransferHasTheNewAndPriorBeds() {
        Encounter encounter = (Encounter) Fhir.focus(Readings.translated(message(UCLH + "Adt/generic/A02.txt")));

        assertThat(encounter.getLocation()).hasSize(2);
        assertThat(encounter.getLocation().get(0).getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
    }

    @Test
    void theUnixAndWindowsCopiesOfTheLinuxForHealthSampleTranslateAlike() {
        Bundle unix = Readings.translated(message("linuxforhealth/sample_unix.hl7"));
        Bundle windows = Readings.translated(message("linuxforhealth/sample_win.hl7"));

        assertThat(Fhir.canonicalJson(windows)).isEqualTo(Fhir.canonicalJson(unix));
        assertThat(Fhir.resources(unix, Patient.class).get(0).getIdentifier()).extracting(Identifier::getSystem)
                .as("no NHS number in a US sample").doesNotContain(FhirSystems.NHS_NUMBER);
    }

    @Test
    void splittingKeepsEachMessagesOwnBytes() {
        String bom = message("microsoft-fhir-converter/ADT01-23.hl7");
        String win = message("linuxforhealth/sample_win.hl7");

        assertThat(bom).as("BOM and trailing spaces kept").startsWith("\uFEFFMSH|").contains(" \n");
        assertThat(win).contains("\r\n").doesNotContain("\n\n");
        assertThat(message("nextgen-connect/batch01.hl7#2")).startsWith("MSH|").contains("SIU^S14")
                .doesNotContain("SIU^S12", "SIU^S15");
    }

    // ---- the harness ----

    /** The messages of a sample file, split at MSH, comment lines dropped, line ends kept ({@link Hl7Corpus#split}). */
    static List<String> split(String fileText) {
        return Hl7Corpus.split(fileText);
    }

    /** The message text for a key (skipping the test when it is a UCLH sample and those are absent). */
    public static String message(String key) {
        String path = key.contains("#") ? key.substring(0, key.indexOf('#')) : key;
        Path file;
        if (path.startsWith(UCLH)) {
            assumeTrue(Files.isDirectory(uclhRoot()), "UCLH EMAP samples not found under carebridge.shared");
            file = uclhRoot().resolve(path.substring(UCLH.length()));
        } else {
            file = copiedRoot().resolve(path);
        }
        List<String> messages = split(Hl7Corpus.read(file));
        int index = key.contains("#") ? Integer.parseInt(key.substring(key.indexOf('#') + 1)) - 1 : 0;
        assertThat(messages.size()).as("messages in %s", path).isGreaterThan(index);
        if (!key.contains("#")) {
            assertThat(messages).as("%s holds one message (else name it with #n)", path).hasSize(1);
        }
        return messages.get(index);
    }

    private static Patient patient(String key) {
        return Fhir.resources(Readings.translated(message(key)), Patient.class).get(0);
    }

    private static Set<String> keys(Path root, String prefix) {
        return Hl7Corpus.samples(root, prefix).stream().map(Hl7Corpus.Sample::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> expectedKeys(java.util.function.Predicate<String> which) {
        return EXPECTED.stream().map(Expectation::key).filter(which).toList();
    }

    static Path copiedRoot() {
        try {
            return Path.of(ReferenceSamplesTest.class.getResource("/hl7v2").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path uclhRoot() {
        String shared = System.getProperty("carebridge.shared");
        return shared == null ? Path.of("/nonexistent") : Path.of(shared, "reference-data", "hl7v2", "uclh-emap");
    }

    /**
     * The identifying values of a sample message (PID-3 and PID-5 components of four or more characters, in
     * the message's own delimiters), which a refusal reason must not quote.
     */
    static List<String> patientValues(String text) {
        String clean = text.replace("\uFEFF", "");
        if (clean.length() < 5 || !clean.startsWith("MSH")) {
            return List.of();
        }
        String field = Pattern.quote(String.valueOf(clean.charAt(3)));
        String component = clean.substring(4, Math.min(clean.length(), 8)).chars()
                .mapToObj(c -> Pattern.quote(String.valueOf((char) c))).collect(Collectors.joining("|"));
        return Stream.of(clean.split("[\\r\\n]+")).filter(s -> s.startsWith("PID")).flatMap(pid -> {
            String[] fields = pid.split(field, -1);
            return Stream.of(3, 5).filter(n -> n < fields.length).flatMap(n -> Stream.of(fields[n].split(component)));
        }).map(String::strip).filter(v -> v.length() >= 4).distinct().collect(Collectors.toList());
    }

    @Test
    void theHarnessFindsPatientValuesToCheckReasonsAgainst() {
        assertThat(patientValues(message("nextgen-connect/test-hl7-input.txt"))).contains("4223161584", "Hanso", "Alvar");
        assertThat(patientValues(message("hapi-hl7v2/segmentfinder_a24.hl7"))).contains("11111", "SMITH");
        assertThat(split("/*\n * note\n */\nMSH|a\nPID|b\n\n// next\nMSH|c\r\n"))
                .containsExactly("MSH|a\nPID|b\n\n", "MSH|c\r\n");
    }
}
