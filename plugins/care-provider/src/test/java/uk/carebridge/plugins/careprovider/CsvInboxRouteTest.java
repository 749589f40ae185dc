package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.inbound.Fixtures;

/** The receiver end to end: real folders, a real Camel file consumer, a recording gateway. */
class CsvInboxRouteTest {

    private static final String DONE_NAME = "-\\d{8}-\\d{6}-\\d{3}\\.csv";

    @TempDir
    Path home;
    private InboxHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new InboxHarness(home);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void goodFilesOfEachKindAreSubmittedAsValidMessagesAndMovedToDone() throws IOException {
        harness.dropFixture("residents-good.csv");
        harness.dropFixture("transfers-good.csv");
        harness.dropFixture("observations-good.csv");
        harness.awaitGone("residents-good.csv");
        harness.awaitGone("transfers-good.csv");
        harness.awaitGone("observations-good.csv");

        assertThat(harness.camel().getRoute("rose-court-csv-inbox")).isNotNull();
        RecordingGateway gateway = harness.gateway;
        assertThat(gateway.rejections()).isEmpty();
        assertThat(gateway.messages()).hasSize(3 + 3 + 7);
        gateway.messages().forEach(m -> Fhir.assertValidMessage(m.bundle()));
        // One batch per file: one broker transaction each.
        assertThat(gateway.batches).hasSize(3);

        String fingerprint = FileFingerprint.of(Fixtures.bytes("transfers-good.csv"));
        assertThat(gateway.messages(m -> m.sourceKey().startsWith(fingerprint)))
                .extracting(InboundRecord::sourceKey)
                .containsExactly(fingerprint + ":2", fingerprint + ":3", fingerprint + ":4");

        assertThat(InboxHarness.names(harness.inbox)).isEmpty();
        Path archived = InboxHarness.single(harness.done, "transfers-good" + DONE_NAME);
        assertThat(Files.readAllBytes(archived)).isEqualTo(Fixtures.bytes("transfers-good.csv"));
        InboxHarness.single(harness.done, "residents-good" + DONE_NAME);
        InboxHarness.single(harness.done, "observations-good" + DONE_NAME);
        assertThat(InboxHarness.names(harness.error)).isEmpty();
    }

    @Test
    void badRowsGoToAnErrorFileWithTheirRowNumbersWhileGoodRowsAreSubmitted() throws IOException {
        harness.dropFixture("residents-bad.csv");
        harness.dropFixture("transfers-bad.csv");
        harness.dropFixture("observations-bad.csv");
        harness.awaitGone("residents-bad.csv");
        harness.awaitGone("transfers-bad.csv");
        harness.awaitGone("observations-bad.csv");

        RecordingGateway gateway = harness.gateway;
        assertThat(gateway.messages()).hasSize(3 + 1 + 2);
        gateway.messages().forEach(m -> Fhir.assertValidMessage(m.bundle()));
        // Rejections are submitted too (the server journals them), with row and column.
        assertThat(gateway.rejections()).hasSize(8 + 5 + 7);
        assertThat(gateway.rejections()).extracting(InboundRecord.Rejected::location)
                .contains("row 3, column nhs_number", "row 12", "row 6, columns value, unit");

        List<CSVRecord> residents = errorFile("residents-bad");
        assertThat(residents.get(0).toList()).containsExactly("row", "column", "reason", "action", "nhs_number",
                "resident_id", "given_name", "family_name", "date_of_birth", "sex", "start_date", "end_date");
        assertThat(residents.subList(1, residents.size())).extracting(r -> r.get(0), r -> r.get(1)).containsExactly(
                tuple("3", "nhs_number"), tuple("4", "given_name"), tuple("5", "date_of_birth"),
                tuple("7", "end_date"), tuple("8", "nhs_number, sex"), tuple("9", "action"), tuple("12", ""),
                tuple("13", "start_date"));
        // The original row follows, so the home can fix it and send just those rows again.
        assertThat(residents.get(1).toList().subList(3, 12)).containsExactly(
                "admit", "9990000019", "R-2002", "Stan", "Lee", "1941-02-02", "M", "2024-03-01", "");
        assertThat(residents.get(1).get(2)).startsWith("nhs_number is not a valid NHS number");
        assertThat(residents.get(7).toList()).hasSize(3 + 10);

        assertThat(errorFile("transfers-bad").subList(1, 6)).extracting(r -> r.get(0), r -> r.get(1))
                .containsExactly(tuple("3", "transfer_time"), tuple("4", "reason"), tuple("5", "destination_ods"),
                        tuple("6", "destination_ods"), tuple("7", "nhs_number"));
        List<CSVRecord> observations = errorFile("observations-bad");
        assertThat(observations.subList(1, observations.size())).extracting(r -> r.get(0), r -> r.get(1))
                .containsExactly(tuple("3", "type"), tuple("4", "value"), tuple("5", "value"),
                        tuple("6", "value, unit"), tuple("7", "observed_at"), tuple("8", "value"), tuple("9", "value"));
        assertThat(observations.get(1).get(2)).startsWith("type must be one of");

        // The files themselves are done: their good rows went through.
        InboxHarness.single(harness.done, "residents-bad" + DONE_NAME);
        InboxHarness.single(harness.done, "observations-bad" + DONE_NAME);
    }

    @Test
    void aMessageCareBridgeRefusesIsReportedAsABadRow() throws IOException {
        harness.gateway.refuse(":3", "Patient.birthDate: not a valid date");
        harness.dropFixture("residents-good.csv");
        harness.awaitGone("residents-good.csv");

        List<CSVRecord> errors = errorFile("residents-good");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1).get(0)).isEqualTo("3");
        assertThat(errors.get(1).get(2)).startsWith("CareBridge refused the message made from this row "
                + "(at Patient.identifier): Patient.birthDate: not a valid date.");
    }

    @Test
    void filesThatCannotBeReadAsAWholeGoToErrorUnchangedWithAReason() throws IOException {
        byte[] unknownKind = "nhs_number,resident_id\n9990000018,R-1\n".getBytes(StandardCharsets.UTF_8);
        byte[] missingColumn = "nhs_number,resident_id,observed_at,value\n9990000018,R-1,2024-03-02T08:00,72\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] brokenQuotes = "nhs_number,resident_id,transfer_time,reason,destination_ods\n9990000018,R-1,2024-03-05T02:15,\"Fall,RR8\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = "action,nhs_number,resident_id\nadmit,9990000018,Ren\u00e9e\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        harness.drop("patients.csv", unknownKind);
        harness.drop("observations-no-type.csv", missingColumn);
        harness.drop("transfers-broken.csv", brokenQuotes);
        harness.drop("residents-latin1.csv", notUtf8);
        harness.drop("residents-empty.csv", new byte[0]);
        for (String name : List.of("patients.csv", "observations-no-type.csv", "transfers-broken.csv",
                "residents-latin1.csv", "residents-empty.csv")) {
            harness.awaitGone(name);
        }

        assertThat(harness.gateway.records()).isEmpty();
        assertThat(InboxHarness.names(harness.done)).isEmpty();
        assertThat(Files.readAllBytes(harness.error.resolve("patients.csv"))).isEqualTo(unknownKind);
        assertThat(Files.readAllBytes(harness.error.resolve("residents-latin1.csv"))).isEqualTo(notUtf8);
        assertThat(reason("patients.csv")).contains("cannot tell what this file holds from its name")
                .contains("residents*.csv");
        assertThat(reason("observations-no-type.csv")).contains("lacks the column type")
                .contains("Add the missing column to the header row");
        assertThat(reason("transfers-broken.csv")).contains("cannot be read as CSV").contains("double quote")
                .doesNotContain("9990000018");
        assertThat(reason("residents-latin1.csv")).contains("not UTF-8").contains("CSV UTF-8");
        assertThat(reason("residents-empty.csv")).contains("no header row");
    }

    @Test
    void whileCareBridgeIsUnavailableTheFileStaysInTheInboxAndIsRetriedLater() throws IOException {
        harness.gateway.goDown();
        Path dropped = harness.dropFixture("residents-good.csv");
        InboxHarness.await(() -> harness.gateway.unavailableAttempts >= 3, "three attempts");

        assertThat(Files.readAllBytes(dropped)).isEqualTo(Fixtures.bytes("residents-good.csv"));
        assertThat(InboxHarness.names(harness.done)).isEmpty();
        assertThat(InboxHarness.names(harness.error)).isEmpty();

        harness.gateway.recover();
        harness.awaitGone("residents-good.csv");
        assertThat(harness.gateway.messages()).hasSize(3);
        InboxHarness.single(harness.done, "residents-good" + DONE_NAME);
    }

    @Test
    void rowsAcceptedBeforeCareBridgeWentDownComeBackAsDuplicatesOnTheRetry() {
        // 501 readings: the first chunk of 500 is persisted, then the broker goes down before the second.
        String rows = IntStream.rangeClosed(1, 501)
                .mapToObj(i -> "9990000018,R-1001,2024-03-02T08:00,pulse," + (60 + i % 40) + ",")
                .collect(Collectors.joining("\n"));
        harness.gateway.goDownAfter(1);
        harness.drop("observations-big.csv",
                ("nhs_number,resident_id,observed_at,type,value,unit\n" + rows + "\n").getBytes(StandardCharsets.UTF_8));
        InboxHarness.await(() -> harness.gateway.unavailableAttempts >= 1, "the broker to fail");
        assertThat(harness.gateway.batches).hasSize(1);
        assertThat(harness.gateway.batches.get(0)).hasSize(BatchSubmitter.CHUNK_SIZE);
        assertThat(Files.exists(harness.inbox.resolve("observations-big.csv"))).isTrue();

        harness.gateway.recover();
        harness.awaitGone("observations-big.csv");
        // Retry: 500 + 1 records again, the first 500 already known.
        assertThat(harness.gateway.batches).extracting(List::size).containsExactly(500, 500, 1);
        assertThat(harness.gateway.messages().stream().map(InboundRecord::sourceKey).distinct()).hasSize(501);
    }

    @Test
    void theSameFileSentAgainIsAResendButANewFileWithTheSameNameIsNot() throws IOException {
        harness.dropFixture("transfers-good.csv");
        harness.awaitGone("transfers-good.csv");
        harness.dropFixture("transfers-good.csv");
        harness.awaitGone("transfers-good.csv");
        byte[] changed = (new String(Fixtures.bytes("transfers-good.csv"), StandardCharsets.UTF_8)
                .replace("Chest pain", "Chest pain and breathlessness")).getBytes(StandardCharsets.UTF_8);
        harness.drop("transfers-good.csv", changed);
        harness.awaitGone("transfers-good.csv");

        List<String> keys = harness.gateway.messages().stream().map(InboundRecord::sourceKey).toList();
        assertThat(keys).hasSize(9);
        assertThat(keys.subList(3, 6)).isEqualTo(keys.subList(0, 3));
        assertThat(keys.subList(6, 9)).doesNotContainAnyElementsOf(keys.subList(0, 3));
        InboxHarness.await(() -> InboxHarness.names(harness.done).size() == 3, "three archived copies");
    }

    @Test
    void dotFilesAndOtherExtensionsAreLeftAloneAndTheExtensionMatchesAnyCase() {
        harness.drop("OBSERVATIONS-MAY.CSV", Fixtures.bytes("observations-good.csv"));
        Path hidden = harness.inbox.resolve(".residents-being-written.csv");
        Path text = harness.inbox.resolve("residents.txt");
        try {
            Files.write(hidden, Fixtures.bytes("residents-good.csv"));
            Files.write(text, Fixtures.bytes("residents-good.csv"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        harness.awaitGone("OBSERVATIONS-MAY.CSV");

        assertThat(harness.gateway.messages()).hasSize(7);
        assertThat(InboxHarness.names(harness.inbox)).containsExactly(".residents-being-written.csv", "residents.txt");
        InboxHarness.single(harness.done, "OBSERVATIONS-MAY-\\d{8}-\\d{6}-\\d{3}\\.CSV");
    }

    @Test
    void aFileStillBeingWrittenIsNotReadUntilItStopsChanging() throws Exception {
        Path file = harness.inbox.resolve("observations-slow.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("nhs_number,resident_id,observed_at,type,value,unit\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // A row every 50 ms: well inside the 250 ms the read lock waits for the file to stand still.
            for (int i = 0; i < 8; i++) {
                Thread.sleep(50);
                out.write(("9990000018,R-1001,2024-03-02T08:0" + i + ",pulse,7" + i + ",\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        harness.awaitGone("observations-slow.csv");

        assertThat(harness.gateway.batches).hasSize(1);
        assertThat(harness.gateway.messages()).hasSize(8);
    }

    @Test
    void everyFileWhateverItsNameEndsInDoneOrErrorWithinAPoll() throws IOException {
        byte[] good = Fixtures.bytes("residents-good.csv");
        byte[] headerOnly = "action,nhs_number,resident_id\n".getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[512];
        new java.util.Random(23).nextBytes(binary);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("residents\\back\\slash.csv", good);
        files.put("residents\nline-break.csv", good);
        files.put("residents.csv\n", headerOnly);
        files.put("residents-" + "long".repeat(60) + ".csv", good);
        files.put("residents-" + "long".repeat(58) + "-2.csv", headerOnly);
        files.put("résidents-ünïcødé-日本.csv", good);
        files.put("residents-ünïcødé-日本.csv", headerOnly);
        files.put("-residents.csv", good);
        files.put("residents with spaces .csv", headerOnly);
        files.put("residents..csv", headerOnly);
        files.put("residents-..-up.csv", headerOnly);
        files.put("residents-empty.csv", new byte[0]);
        files.put("observations-binary.csv", binary);
        files.put("transfers-header-only.csv", "nhs_number,resident_id,transfer_time,reason,destination_ods\n"
                .getBytes(StandardCharsets.UTF_8));
        files.forEach(harness::drop);

        InboxHarness.await(() -> InboxHarness.names(harness.inbox).isEmpty(), "every file to leave the inbox");

        List<String> done = InboxHarness.names(harness.done);
        List<String> errors = InboxHarness.names(harness.error).stream().filter(n -> !n.endsWith(".reason.txt")).toList();
        assertThat(done.size() + errors.size()).as("done %s, error %s", done, errors).isEqualTo(files.size());
        for (String name : errors) {
            assertThat(harness.error.resolve(name + ".reason.txt")).as(name).exists();
        }
        for (String name : InboxHarness.names(harness.done)) {
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThan(200);
            assertThat(name).doesNotContain("\\", "\n");
        }
        assertThat(done).anyMatch(n -> n.startsWith("residents_back_slash-"))
                .anyMatch(n -> n.startsWith("residents_line-break-"))
                .anyMatch(n -> n.startsWith("residents-longlong"))
                .anyMatch(n -> n.startsWith("residents-ünïcødé-日本-"));
        assertThat(done.stream().filter(n -> n.startsWith("residents-longlong"))).hasSize(2);
        assertThat(errors).contains("résidents-ünïcødé-日本.csv", "-residents.csv", "residents-empty.csv",
                "observations-binary.csv");
    }

    @Test
    void aRefusedHeaderRowIsDescribedByPositionNeverByItsCells() throws IOException {
        // The header row left out: the first resident's row is taken for the header, and it has a name twice.
        harness.drop("residents-no-header.csv", "admit,9990000018,R-1,Crawley,Crawley\n".getBytes(StandardCharsets.UTF_8));
        harness.awaitGone("residents-no-header.csv");

        assertThat(reason("residents-no-header.csv")).contains("Columns 4 and 5 of the header row (row 1)")
                .contains("action, nhs_number, resident_id").doesNotContainIgnoringCase("crawley");
    }

    private List<CSVRecord> errorFile(String base) throws IOException {
        Path report = InboxHarness.single(harness.error, base + "-\\d{8}-\\d{6}-\\d{3}-errors\\.csv");
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        return CSVFormat.DEFAULT.parse(new StringReader(text.substring(1))).getRecords();
    }

    private String reason(String name) throws IOException {
        return Files.readString(harness.error.resolve(name + ".reason.txt"), StandardCharsets.UTF_8);
    }
}
