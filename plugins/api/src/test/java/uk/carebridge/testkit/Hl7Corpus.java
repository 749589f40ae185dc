package uk.carebridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import uk.carebridge.fhir.NhsNumber;

/**
 * Files of HL7 v2 messages written by others (public samples, a corpus): split into messages, walked as keyed
 * samples, and changed one field at a time to make variants. Every change keeps the message's own delimiters, line
 * ends and BOM, and touches nothing but the field it is about.
 *
 * <p>Splitting: a new message starts at each line that starts with MSH (a file may hold several: batches, or
 * messages back to back), keeping each message's own bytes. Lines that are C-style comments ({@code /*},
 * {@code *}, {@code *}{@code /}, {@code //}) are dropped: they annotate fixture files (hapi-hl7v2's messages.txt)
 * and are not something a sender transmits. Text before the first MSH (an FHS or BHS batch header) stays with the
 * first message, as a sender that frames a whole batch would send it.
 */
public final class Hl7Corpus {
    private Hl7Corpus() {
    }

    /** One message: its key (the file's path under the corpus root, with {@code #n} from 1 when the file holds several). */
    public record Sample(String key, String text) {
        @Override
        public String toString() {
            return key;
        }
    }

    /** What an NHS-number variant's key adds to the original's. */
    public static final String NHS_VARIANT = " +NHS";

    /**
     * Corpus messages whose refusal names no segment: a gap in the nhs-trust reader (kept as found, not fixed by
     * the tests). The tests assert each still has it, so an entry must go once the reader names the segment.
     */
    public static final Map<String, String> KNOWN_UNLOCATED = Map.of(
            "corpus/rethinkhealth-hl7v2/invalid-segment-header-length.hl7",
            "segment ids PIDX and PV: refused AR 100 at 'message', no segment named");

    /** HL7 table 0357 codes that are about one field (required, data type, table value, processing id, version). */
    private static final Set<String> FIELD_CODES = Set.of("101", "102", "103", "202", "203");
    /** A field named in a reason: "PID-3", "MSH-12". */
    private static final Pattern FIELD_REFERENCE = Pattern.compile("\\b([A-Z][A-Z0-9]{2})-(\\d+)\\b");

    /**
     * Whether a refusal is about a field, so its location must name one: its HL7 table 0357 code is a field's, or
     * its reason names a field of the segment at fault ("MSH-10 (message control id) is empty").
     */
    public static boolean isFieldProblem(String hl7ErrorCode, String segment, String reason) {
        return FIELD_CODES.contains(hl7ErrorCode) || reason != null
                && FIELD_REFERENCE.matcher(reason).results().anyMatch(m -> m.group(1).equals(segment));
    }

    private static final Pattern LINE = Pattern.compile("(?<=\\r\\n)|(?<=\\n)|(?<=\\r)(?!\\n)");
    private static final Pattern TERMINATOR = Pattern.compile("[\\r\\n]+$");

    /** The messages of a sample file, split at MSH, comment lines dropped, line ends kept. */
    public static List<String> split(String fileText) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        boolean currentHasMsh = false;
        for (String line : LINE.split(fileText)) {
            String content = line.strip();
            if (content.startsWith("/*") || content.startsWith("*") || content.startsWith("//")) {
                continue;
            }
            boolean msh = line.replace("\uFEFF", "").startsWith("MSH");
            if (msh && currentHasMsh) {
                messages.add(current.toString());
                current = null;
            }
            if (current == null) {
                if (content.isEmpty()) {
                    continue;
                }
                current = new StringBuilder();
                currentHasMsh = false;
            }
            current.append(line);
            currentHasMsh |= msh;
        }
        if (current != null) {
            messages.add(current.toString());
        }
        return messages;
    }

    /**
     * Every message of every file under {@code root} (MANIFEST.md and dot-files skipped), keyed {@code prefix} +
     * the path under root (with {@code #n} when the file holds several), in key order.
     */
    public static List<Sample> samples(Path root, String prefix) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("MANIFEST.md"))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(f -> root.relativize(f).toString().replace('\\', '/'))).toList();
            List<Sample> samples = new ArrayList<>();
            for (Path file : files) {
                String name = prefix + root.relativize(file).toString().replace('\\', '/');
                List<String> messages = split(read(file));
                for (int i = 0; i < messages.size(); i++) {
                    samples.add(new Sample(messages.size() == 1 ? name : name + "#" + (i + 1), messages.get(i)));
                }
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The nhs-trust plugin's corpus: {@code corpus/} and {@code hl7v2/} under its test resources
     * ({@code plugins/nhs-trust/src/test/resources}), keyed "corpus/..." and "hl7v2/...", then the GPL UCLH EMAP
     * files read in place from {@code uclh} (keyed "uclh-emap/...") when that folder exists.
     */
    public static List<Sample> corpus(Path testResources, Path uclh) {
        List<Sample> all = new ArrayList<>(samples(testResources.resolve("corpus"), "corpus/"));
        all.addAll(samples(testResources.resolve("hl7v2"), "hl7v2/"));
        if (uclh != null && Files.isDirectory(uclh)) {
            all.addAll(samples(uclh, "uclh-emap/"));
        }
        return all;
    }

    /** A file's text, read as UTF-8 (a BOM stays in the text). */
    public static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Field {@code n} of the first segment named {@code segment}, in the message's own delimiters (MSH-n counts
     * MSH-1, the field separator, as in the standard); "" when the segment or field is absent, null when the text
     * has no readable MSH.
     */
    public static String field(String message, String segment, int n) {
        Delimiters d = Delimiters.of(message);
        if (d == null) {
            return null;
        }
        for (String line : LINE.split(message)) {
            String[] fields = TERMINATOR.matcher(line).replaceAll("").split(Pattern.quote(d.field), -1);
            if (fields[0].replace("\uFEFF", "").equals(segment)) {
                int index = index(segment, n);
                return index < fields.length ? fields[index] : "";
            }
        }
        return "";
    }

    /**
     * The message with field {@code n} of its first {@code segment} set to {@code value} (empty fields added as
     * needed); empty when the text has no readable MSH or no such segment. MSH-1 and MSH-2 cannot be set.
     */
    public static Optional<String> withField(String message, String segment, int n, String value) {
        Delimiters d = Delimiters.of(message);
        if (d == null || segment.equals("MSH") && n < 3) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(message.length() + value.length());
        boolean done = false;
        for (String line : LINE.split(message)) {
            Matcher end = TERMINATOR.matcher(line);
            String terminator = end.find() ? end.group() : "";
            String content = line.substring(0, line.length() - terminator.length());
            List<String> fields = new ArrayList<>(List.of(content.split(Pattern.quote(d.field), -1)));
            if (!done && fields.get(0).replace("\uFEFF", "").equals(segment)) {
                int index = index(segment, n);
                while (fields.size() <= index) {
                    fields.add("");
                }
                fields.set(index, value);
                line = String.join(d.field, fields) + terminator;
                done = true;
            }
            out.append(line);
        }
        return done ? Optional.of(out.toString()) : Optional.empty();
    }

    /**
     * The message with {@code nhsNumber} as the first PID-3 repetition, authority NHS and type NH
     * ({@code nhsNumber^^^NHS^NH}, in the message's delimiters), the message's own PID-3 after it; empty when the
     * message is not ADT (MSH-9), has no PID, or already names an NHS number (an authority NHS or a type NH in PID-3).
     */
    public static Optional<String> withNhsNumber(String message, String nhsNumber) {
        Delimiters d = Delimiters.of(message);
        String type = d == null ? null : field(message, "MSH", 9);
        if (type == null || !type.split(Pattern.quote(d.component), -1)[0].strip().equalsIgnoreCase("ADT")) {
            return Optional.empty();
        }
        String pid3 = field(message, "PID", 3);
        for (String repetition : pid3.split(Pattern.quote(d.repetition), -1)) {
            String[] cx = repetition.split(Pattern.quote(d.component), -1);
            if (cx.length > 3 && cx[3].toUpperCase(Locale.ROOT).startsWith("NHS") || cx.length > 4 && cx[4].equals("NH")) {
                return Optional.empty();
            }
        }
        String c = d.component;
        String nhs = nhsNumber + c + c + c + "NHS" + c + "NH";
        return withField(message, "PID", 3, pid3.isEmpty() ? nhs : nhs + d.repetition + pid3);
    }

    /**
     * The NHS-number variants of the samples: one for each ADT sample with a PID and no NHS number
     * ({@link #withNhsNumber}), keyed the sample's key + {@link #NHS_VARIANT}, each with its own test NHS number.
     */
    public static List<Sample> nhsVariants(List<Sample> samples) {
        List<Sample> variants = new ArrayList<>();
        List<String> numbers = testNhsNumbers(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            withNhsNumber(s.text(), numbers.get(i)).ifPresent(v -> variants.add(new Sample(s.key() + NHS_VARIANT, v)));
        }
        return variants;
    }

    /**
     * {@code count} distinct Modulus 11 valid NHS numbers in the NHS's 999 test range, from 999 100 0000 upward
     * (clear of the 999 000 00xx ones the synthetic fixtures use).
     */
    public static List<String> testNhsNumbers(int count) {
        List<String> numbers = new ArrayList<>(count);
        for (long stem = 999_100_000L; numbers.size() < count; stem++) {
            for (int check = 0; check <= 9; check++) {
                String candidate = stem + String.valueOf(check);
                if (NhsNumber.isValid(candidate)) {
                    numbers.add(candidate);
                    break; // a stem has one check digit at most (none when the remainder gives 10)
                }
            }
        }
        return numbers;
    }

    /** MSH-n sits at index n - 1 once split (MSH-1 is the separator itself); any other segment's field n at n. */
    private static int index(String segment, int n) {
        return segment.equals("MSH") ? n - 1 : n;
    }

    /** The field, component and repetition separators MSH declares (MSH-2's first two characters, else ^ and ~). */
    private record Delimiters(String field, String component, String repetition) {
        static Delimiters of(String message) {
            String m = message.replace("\uFEFF", "");
            if (m.length() < 5 || !m.startsWith("MSH")) {
                return null;
            }
            char fieldSeparator = m.charAt(3);
            int end = 4;
            while (end < m.length() && m.charAt(end) != fieldSeparator && m.charAt(end) != '\r' && m.charAt(end) != '\n') {
                end++;
            }
            String encoding = m.substring(4, end);
            return new Delimiters(String.valueOf(fieldSeparator), encoding.isEmpty() ? "^" : encoding.substring(0, 1),
                    encoding.length() < 2 ? "~" : encoding.substring(1, 2));
        }
    }
}
