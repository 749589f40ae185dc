package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.testkit.Hl7Corpus;
import uk.carebridge.testkit.Hl7Corpus.Sample;

/**
 * The corpus of HL7 v2 messages written by others (the nhs-trust plugin's {@code src/test/resources/corpus} and
 * {@code hl7v2}, and UCLH EMAP's read in place under {@code carebridge.shared} when present), and an NHS-number
 * variant of each ADT one, sent over real MLLP to the assembled server: one trust with an MLLP port, server
 * validation at {@code profile} (every accepted message is UK Core-validated before its AA), a route to a
 * care-provider partner's outbox. Whatever each message is, the server answers it and accounts for it:
 *
 * <ul>
 * <li>every message gets an ACK; an AE/AR ACK's ERR-2 names the segment at fault, and the field when the problem is
 * a field's (ERR-3's table 0357 code or ERR-8's reason says so);</li>
 * <li>the journal has one new line for every message, recorded before the ACK is sent: REJECTED for AE/AR,
 * RECEIVED or DUPLICATE for AA;</li>
 * <li>every message RECEIVED ends in the outbox ({@code <message id>.json}) or is journaled with a reason
 * (UNROUTED, WITHHELD, FAILED, DEAD_LETTERED): nothing is dropped silently.</li>
 * </ul>
 *
 * <p>Correlation. The ACK does not carry the CareBridge message id, and corpus messages share MSH-10 values
 * ("MSG00001", "1", "12345"). So the test sends one message at a time and reads the journal line that message added;
 * that line's message id is then followed to the outbox. A reused MSH-10 is journaled DUPLICATE today (the id is
 * the trust and MSH-10) and RECEIVED once content fingerprints make a reused MSH-10 with other content a new
 * message: the test holds in both, as both are a journal line for the message. The NHS-number variants get MSH-10s
 * of their own ({@code CBNHS0001}...): with their original's MSH-10 each would be a DUPLICATE of the original today
 * and its UK path would never reach the outbox. The originals are sent as they are, byte for byte.
 */
class CorpusIT {

    private static final String TRUST = "corpus-trust";
    private static final String OUTBOX_PARTNER = "care-records";
    /** Journal lines that end a received message's journey with a reason, when it is not delivered. */
    private static final Set<Hop> ENDED_WITH_A_REASON = Set.of(Hop.UNROUTED, Hop.WITHHELD, Hop.FAILED, Hop.DEAD_LETTERED);

    @TempDir
    Path root;

    /** What became of one message: its ACK code, its ERR segment (null for AA) and the journal line it added. */
    private record Outcome(String key, String ackCode, String err, JournalEntry journalLine) {
    }

    @Test
    @Timeout(300)
    void everyCorpusMessageIsAcknowledgedAndAccountedFor() throws Exception {
        List<Sample> corpus = Hl7Corpus.corpus(pluginTestResources(), uclh());
        List<Sample> messages = new ArrayList<>(corpus);
        List<Sample> variants = Hl7Corpus.nhsVariants(corpus);
        for (int i = 0; i < variants.size(); i++) {
            Sample v = variants.get(i);
            String controlId = "CBNHS%04d".formatted(i + 1);
            messages.add(new Sample(v.key(), Hl7Corpus.withField(v.text(), "MSH", 10, controlId).orElseThrow()));
        }
        assertThat(corpus).as("corpus messages").hasSizeGreaterThanOrEqualTo(100);

        int mllpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  port: 0\nvalidation:\n  profile: true\n")
                .trust(TRUST, "RXX01", TestHome.mllpInbound(mllpPort), null)
                .outboxPartner(OUTBOX_PARTNER, "RNX09")
                .routes("""
                        routes:
                          - id: corpus-to-care-records
                            from: corpus-trust
                            events: [admission, transfer, discharge, person-update]
                            to:
                              - partner: care-records
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);
        long started = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (CareBridgeServer server = home.start()) {
            MllpClient trust = new MllpClient(mllpPort);
            try {
                for (Sample message : messages) {
                    List<JournalEntry> before = intake(server);
                    String ack;
                    try {
                        ack = trust.send(message.text());
                    } catch (IOException e) {
                        problems.add(message.key() + ": no ACK (" + e.getClass().getSimpleName() + ")");
                        trust.close();
                        trust = new MllpClient(mllpPort);
                        continue;
                    }
                    Outcome outcome = outcome(message.key(), ack, before, intake(server), problems);
                    if (outcome != null) {
                        outcomes.add(outcome);
                    }
                }
            } finally {
                trust.close();
            }

            // Every message RECEIVED ends in the outbox or with a reason in the journal.
            Set<String> received = outcomes.stream().map(Outcome::journalLine)
                    .filter(e -> e != null && e.hop() == Hop.RECEIVED).map(JournalEntry::messageId)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Path outbox = home.partnerFolder(OUTBOX_PARTNER, "outbox");
            Map<String, String> fate = new LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                for (String id : received) {
                    fate.computeIfAbsent(id, i -> fate(server, outbox, i));
                }
                fate.values().removeIf(f -> f == null);
                if (fate.size() == received.size() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            for (String id : received) {
                if (!fate.containsKey(id)) {
                    String key = outcomes.stream().filter(o -> o.journalLine() != null
                            && id.equals(o.journalLine().messageId())).map(Outcome::key).findFirst().orElse("?");
                    problems.add(key + ": accepted (AA, RECEIVED as " + id + ") but neither in the outbox nor journaled "
                            + "with a reason after 60 s: " + server.journal().history(id).stream()
                            .map(e -> e.hop().name()).toList());
                }
            }
            System.out.print(summary(messages.size(), variants.size(), outcomes, fate, started));
        }
        assertThat(problems).as("messages not answered or not accounted for as they should be").isEmpty();
        assertThat(outcomes).hasSize(messages.size());
    }

    /**
     * The ACK's checks and the journal line the message added (the intake lines after it minus those before), or
     * null with a problem recorded.
     */
    private static Outcome outcome(String key, String ack, List<JournalEntry> before, List<JournalEntry> after,
            List<String> problems) {
        String code = MllpFrames.field(ack, "MSA", 1);
        if (code == null || !Set.of("AA", "AE", "AR").contains(code)) {
            problems.add(key + ": the answer is no ACK with MSA-1 AA, AE or AR");
            return null;
        }
        List<JournalEntry> added = new ArrayList<>(after);
        added.removeAll(before);
        if (added.size() != 1) {
            problems.add(key + ": " + code + " but " + added.size() + " new intake lines in the journal (one expected): "
                    + added.stream().map(e -> e.hop().name()).toList());
            return null;
        }
        JournalEntry line = added.get(0);
        Set<Hop> expected = code.equals("AA") ? Set.of(Hop.RECEIVED, Hop.DUPLICATE) : Set.of(Hop.REJECTED);
        if (!expected.contains(line.hop())) {
            problems.add(key + ": " + code + " journaled " + line.hop() + ", expected one of " + expected);
        }
        String err = null;
        if (!code.equals("AA")) {
            err = Stream.of(ack.split("[\r\n]+")).filter(s -> s.startsWith("ERR|")).findFirst().orElse(null);
            String[] fields = err == null ? new String[0] : err.split("\\|", -1);
            String location = fields.length > 2 ? fields[2] : "";
            String errorCode = fields.length > 3 ? fields[3].split("\\^")[0] : "";
            String reason = fields.length > 8 ? fields[8] : "";
            String[] parts = location.split("\\^", -1);
            boolean knownGap = Hl7Corpus.KNOWN_UNLOCATED.containsKey(key);
            if (err == null) {
                problems.add(key + ": " + code + " without an ERR segment");
            } else if (knownGap) {
                if (!parts[0].isEmpty()) {
                    problems.add(key + ": now located at " + location + ": remove it from Hl7Corpus.KNOWN_UNLOCATED");
                }
            } else if (!parts[0].matches("[A-Z][A-Z0-9]{2}")) {
                problems.add(key + ": " + code + " " + errorCode + " with ERR-2 '" + location + "', no segment named ("
                        + reason + ")");
            } else if (Hl7Corpus.isFieldProblem(errorCode, parts[0], reason)
                    && (parts.length < 3 || !parts[2].matches("[1-9]\\d*"))) {
                problems.add(key + ": " + code + " " + errorCode + " about a field with ERR-2 '" + location
                        + "', no field named (" + reason + ")");
            }
        }
        return new Outcome(key, code, err, line);
    }

    /** The trust's intake lines so far: one per message it sent (RECEIVED, DUPLICATE or REJECTED). */
    private static List<JournalEntry> intake(CareBridgeServer server) {
        List<JournalEntry> lines = new ArrayList<>();
        for (Hop hop : List.of(Hop.RECEIVED, Hop.DUPLICATE, Hop.REJECTED)) {
            server.journal().entries(hop).stream().filter(e -> TRUST.equals(e.source())).forEach(lines::add);
        }
        return lines;
    }

    /** "delivered" when the outbox has the message, the hop that ended it with a reason, or null while under way. */
    private static String fate(CareBridgeServer server, Path outbox, String messageId) {
        if (Files.exists(outbox.resolve(messageId + ".json"))) {
            return "delivered to the outbox";
        }
        return server.journal().history(messageId).stream().filter(e -> ENDED_WITH_A_REASON.contains(e.hop()))
                .map(e -> e.hop().name() + ": " + e.detail()).findFirst().orElse(null);
    }

    /** Counts per ACK (code and ERR-3), per intake line and per fate: what the server did with the corpus. */
    private static String summary(int sent, int variants, List<Outcome> outcomes, Map<String, String> fate,
            long started) {
        Map<String, Integer> acks = new TreeMap<>();
        Map<String, Integer> intake = new TreeMap<>();
        for (Outcome o : outcomes) {
            String err3 = o.err() == null ? "" : " " + o.err().split("\\|", -1)[3].split("\\^")[0];
            acks.merge(o.ackCode() + err3, 1, Integer::sum);
            intake.merge(o.journalLine().hop().name(), 1, Integer::sum);
        }
        Map<String, Integer> fates = new TreeMap<>();
        fate.values().forEach(f -> fates.merge(f, 1, Integer::sum));
        return "CorpusIT: " + sent + " messages sent (" + (sent - variants) + " corpus, " + variants
                + " NHS-number variants) in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s\n"
                + "  ACKs: " + acks + "\n  journal intake: " + intake + "\n  received messages: " + fates + "\n";
    }

    /** The nhs-trust plugin's test resources (corpus/ and hl7v2/), from this module's folder. */
    private static Path pluginTestResources() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("../plugins/nhs-trust/src/test/resources").normalize();
    }

    private static Path uclh() {
        String shared = System.getProperty("carebridge.shared");
        return shared == null ? null : Path.of(shared, "reference-data", "hl7v2", "uclh-emap");
    }
}
