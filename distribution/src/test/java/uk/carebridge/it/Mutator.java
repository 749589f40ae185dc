package uk.carebridge.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutated inputs drawn from valid seeds with one seeded {@link Random}: the same seed gives the same inputs. Each
 * mutation has a name (for the summary and for a failure's message); what it makes is the sender's fault by
 * construction, or still valid (a flip that lands in free text): either way never a reason for a 5xx or a
 * "resend later".
 */
final class Mutator {

    /** One mutated input: what was done, and the bytes to send. */
    record Mutant(String kind, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BAD_DATES = {"2026-13-45", "2026-02-30", "yesterday", "0000-00-00", "99999-01-01",
        "2026-11-20T25:61:00Z", "20261120", "2026-11-20T10:15:00+99:00", "-2026-01-01", "2026-1-1", "",
        "2026-11-20T10:15:00.1234567890123Z", "\u0000"};
    private static final String[] ODD_TEXT = {"", " ", "\u0000", "\uFFFD", "\uD83D\uDE00", "\\", "\"", "<div>", "%s%n",
        "null", "-1", "1e999999", "NaN", "\u202E", "|^~\\&", "\r\n"};

    private final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** A value too big for any JMS property or journal column: 70 KB or 100 KB of one character or of digits. */
    String huge() {
        int size = random.nextBoolean() ? 70_000 : 100_000;
        return random.nextBoolean() ? "A".repeat(size) : "9".repeat(size);
    }

    // ---- bytes: any input -------------------------------------------------------------------------------------

    /** Byte flips, truncation, span deletion/duplication, a huge insertion, invalid UTF-8. */
    Mutant bytes(byte[] seed) {
        byte[] b = seed.clone();
        switch (random.nextInt(7)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    int at = random.nextInt(b.length);
                    b[at] = (byte) (b[at] ^ (1 << random.nextInt(8)));
                }
                return new Mutant("byte-flip", safe(b));
            }
            case 1 -> {
                return new Mutant("truncate", java.util.Arrays.copyOf(b, random.nextInt(Math.max(1, b.length))));
            }
            case 2 -> {
                int from = random.nextInt(Math.max(1, b.length));
                int to = Math.min(b.length, from + 1 + random.nextInt(64));
                return new Mutant("delete-span", concat(slice(b, 0, from), slice(b, to, b.length)));
            }
            case 3 -> {
                int from = random.nextInt(Math.max(1, b.length));
                int to = Math.min(b.length, from + 1 + random.nextInt(200));
                return new Mutant("duplicate-span", concat(slice(b, 0, to), slice(b, from, b.length)));
            }
            case 4 -> {
                int at = random.nextInt(Math.max(1, b.length));
                return new Mutant("huge-insert", concat(slice(b, 0, at), huge().getBytes(StandardCharsets.UTF_8),
                        slice(b, at, b.length)));
            }
            case 5 -> {
                int at = random.nextInt(Math.max(1, b.length));
                byte[] junk = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0x80, 0x00};
                return new Mutant("invalid-utf8", concat(slice(b, 0, at), junk, slice(b, at, b.length)));
            }
            default -> {
                // Latin-1 where UTF-8 is expected: a name with an accent from a system that does not write UTF-8.
                String s = new String(b, StandardCharsets.UTF_8).replaceFirst("[A-Za-z]{3,}", "Zo\u00eb");
                return new Mutant("latin1", s.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** No MLLP framing bytes (VT, FS) inside a message: they would end the frame, not test the reader. */
    private static byte[] safe(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0x0B || b[i] == 0x1C) {
                b[i] = '?';
            }
        }
        return b;
    }

    static byte[] mllpSafe(byte[] b) {
        return safe(b.clone());
    }

    // ---- JSON: FHIR Bundles and council events ----------------------------------------------------------------

    /** A structural change to a JSON document: an element deleted, duplicated, of the wrong type, huge, a bad date... */
    Mutant json(String seed, boolean fhir) {
        JsonNode root;
        try {
            root = JSON.readTree(seed);
        } catch (Exception e) {
            throw new IllegalArgumentException("seed is not JSON", e);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        String kind;
        switch (random.nextInt(fhir ? 12 : 10)) {
            case 0 -> {
                kind = "delete-element";
                slot.remove();
            }
            case 1 -> {
                kind = "wrong-type";
                slot.set(wrongType(slot.get()));
            }
            case 2 -> {
                kind = "huge-value";
                slot.set(JsonNodeFactory.instance.textNode(huge()));
            }
            case 3 -> {
                kind = "bad-date";
                slot = dateSlot(slots, slot);
                slot.set(JsonNodeFactory.instance.textNode(BAD_DATES[random.nextInt(BAD_DATES.length)]));
            }
            case 4 -> {
                kind = "odd-text";
                slot.set(JsonNodeFactory.instance.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]));
            }
            case 5 -> {
                // Deeper than a Jackson tree can be written: spliced in as text.
                int depth = random.nextBoolean() ? 200 : 3000;
                boolean arrays = random.nextBoolean();
                String deep = (arrays ? "[" : "{\"a\":").repeat(depth) + "\"x\"" + (arrays ? "]" : "}").repeat(depth);
                slot.set(JsonNodeFactory.instance.textNode("__DEEP__"));
                return new Mutant("deep-nesting", root.toString().replace("\"__DEEP__\"", deep)
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 6 -> {
                kind = "many-items";
                ArrayNode many = JsonNodeFactory.instance.arrayNode();
                JsonNode item = slot.get();
                for (int i = 0; i < 200 + random.nextInt(600); i++) {
                    many.add(item == null ? JsonNodeFactory.instance.nullNode() : item.deepCopy());
                }
                slot.set(many);
            }
            case 7 -> {
                kind = "unknown-element";
                if (slot.parent instanceof ObjectNode o) {
                    o.put(random.nextBoolean() ? "_" + slot.name : slot.name + "X" + random.nextInt(9), "x");
                } else {
                    slot.set(JsonNodeFactory.instance.objectNode().put("unexpected", 1));
                }
            }
            case 8 -> {
                kind = "null-value";
                slot.set(JsonNodeFactory.instance.nullNode());
            }
            case 9 -> {
                // A key twice in one object (text level: a tree cannot hold it).
                String text = root.toString();
                String key = "\"" + slot.name + "\":";
                int at = slot.name == null ? -1 : text.indexOf(key);
                if (at < 0) {
                    return new Mutant("duplicate-key", ("{\"a\":1,\"a\":2," + text.substring(1)).getBytes(StandardCharsets.UTF_8));
                }
                return new Mutant("duplicate-key", (text.substring(0, at) + key + "\"dup\"," + text.substring(at))
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 10 -> {
                kind = "resource-type";
                ObjectNode resource = anyResource(root);
                String[] types = {"", " ", "Bundle", "Nonsense", "Patient", "OperationOutcome", "patient", "A".repeat(70_000)};
                JsonNode value = random.nextInt(4) == 0 ? wrongType(JsonNodeFactory.instance.textNode("x"))
                        : JsonNodeFactory.instance.textNode(types[random.nextInt(types.length)]);
                resource.set("resourceType", value);
            }
            default -> {
                kind = "malformed-extension";
                ObjectNode resource = anyResource(root);
                JsonNode[] extensions = {
                    JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()),
                    JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("url", 5)),
                    JsonNodeFactory.instance.arrayNode().addNull(),
                    JsonNodeFactory.instance.arrayNode().add("x"),
                    JsonNodeFactory.instance.objectNode().put("url", "http://x"),
                    JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("url", "")),
                    JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                            .put("url", "http://x").put("valueString", 7)),
                    JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                            .put("url", "http://x").set("extension", JsonNodeFactory.instance.arrayNode().addNull())),
                };
                String[] names = {"extension", "modifierExtension", "_birthDate", "_gender", "_id"};
                resource.set(names[random.nextInt(names.length)], extensions[random.nextInt(extensions.length)]);
            }
        }
        return new Mutant(kind, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An element whose name says it holds a date or time, if there is one; else the slot drawn. */
    private Slot dateSlot(List<Slot> slots, Slot drawn) {
        List<Slot> dates = slots.stream().filter(s -> s.name != null && s.get() != null && s.get().isTextual()
                && s.get().asText().matches("\\d{4}-\\d{2}-\\d{2}.*")).toList();
        return dates.isEmpty() ? drawn : dates.get(random.nextInt(dates.size()));
    }

    private ObjectNode anyResource(JsonNode root) {
        List<ObjectNode> resources = new ArrayList<>();
        root.findParents("resourceType").forEach(n -> resources.add((ObjectNode) n));
        if (resources.isEmpty()) {
            return (ObjectNode) root;
        }
        return resources.get(random.nextInt(resources.size()));
    }

    private JsonNode wrongType(JsonNode was) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> options = new ArrayList<>(List.of(f.numberNode(42), f.booleanNode(true), f.arrayNode().add("x"),
                f.objectNode().put("x", 1), f.textNode("x"), f.numberNode(1.5e300), f.arrayNode()));
        if (was != null) {
            options.removeIf(o -> o.getNodeType() == was.getNodeType());
        }
        return options.get(random.nextInt(options.size()));
    }

    /** A place in the tree: a member of an object or an item of an array. */
    private static final class Slot {
        final JsonNode parent;
        final String name;
        final int index;

        Slot(JsonNode parent, String name, int index) {
            this.parent = parent;
            this.name = name;
            this.index = index;
        }

        JsonNode get() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                slots.add(new Slot(o, e.getKey(), -1));
                collect(e.getValue(), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i));
                collect(a.get(i), slots);
            }
        }
    }

    // ---- HL7 v2 (ER7) -----------------------------------------------------------------------------------------

    /** A segment or field deleted or duplicated, a huge or odd field, a bad date, separators changed... */
    Mutant hl7(String seed) {
        List<String> segments = new ArrayList<>(List.of(seed.split("\r")));
        int s = random.nextInt(segments.size());
        String[] fields = segments.get(s).split("\\|", -1);
        int f = fields.length < 2 ? 0 : 1 + random.nextInt(fields.length - 1);
        if (s == 0 && f == 1) {
            f = 2; // MSH-2 has its own mutation
        }
        String kind;
        switch (random.nextInt(11)) {
            case 0 -> {
                kind = "delete-segment";
                segments.remove(s);
            }
            case 1 -> {
                kind = "duplicate-segment";
                segments.add(s, segments.get(s));
            }
            case 2 -> {
                kind = "delete-field";
                segments.set(s, withField(fields, f, ""));
            }
            case 3 -> {
                kind = "huge-field";
                segments.set(s, withField(fields, f, huge()));
            }
            case 4 -> {
                kind = "huge-component";
                segments.set(s, withField(fields, f, fields[f] + "^" + huge()));
            }
            case 5 -> {
                kind = "bad-date";
                String[] dates = {"20261345", "2026", "99999999999999", "20261123256100", "2026-13-45", "0",
                    "20261123101500+9999", "2026112310150.", "-2026"};
                int dateField = -1;
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].matches("\\d{8,14}.*")) {
                        dateField = i;
                    }
                }
                segments.set(s, withField(fields, dateField < 0 ? f : dateField, dates[random.nextInt(dates.length)]));
            }
            case 6 -> {
                kind = "many-repetitions";
                segments.set(s, withField(fields, f, (fields[f] + "~").repeat(200 + random.nextInt(600))));
            }
            case 7 -> {
                kind = "odd-text";
                String[] odd = {"\\E\\", "\\X0A\\", "\\Z99\\", "\\", "^^^^^^^^^^", "&&&&", "~", "\u0000", "\t",
                    "\uFFFD\uD83D\uDE00", "\\H\\\\N\\", "\"\""};
                segments.set(s, withField(fields, f, odd[random.nextInt(odd.length)]));
            }
            case 8 -> {
                kind = "msh-encoding";
                String[] enc = {"", "^", "^~", "^~\\&#", "^^^^", "|||", "^~\\&\\", "ABCD"};
                String msh = segments.get(0);
                int end = msh.indexOf('|', 4);
                segments.set(0, msh.substring(0, 4) + enc[random.nextInt(enc.length)] + (end < 0 ? "" : msh.substring(end)));
            }
            case 9 -> {
                kind = "many-fields";
                segments.set(s, segments.get(s) + "|x".repeat(200 + random.nextInt(800)));
            }
            default -> {
                kind = "line-ends";
                String[] ends = {"\n", "\r\n", "\n\r", "", "\r\r"};
                return new Mutant(kind, String.join(ends[random.nextInt(ends.length)], segments)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Mutant(kind, safe(String.join("\r", segments).getBytes(StandardCharsets.UTF_8)));
    }

    private static String withField(String[] fields, int f, String value) {
        String[] copy = fields.clone();
        copy[f] = value;
        return String.join("|", copy);
    }

    // ---- CSV --------------------------------------------------------------------------------------------------

    /** A column or row deleted or duplicated, a huge value, a bad date, an unbalanced quote, a header changed... */
    Mutant csv(String seed) {
        List<String> lines = new ArrayList<>(List.of(seed.split("\n")));
        int l = random.nextInt(lines.size());
        String[] cells = lines.get(l).split(",", -1);
        int c = random.nextInt(cells.length);
        String kind;
        switch (random.nextInt(10)) {
            case 0 -> {
                kind = "delete-column";
                for (int i = 0; i < lines.size(); i++) {
                    String[] row = lines.get(i).split(",", -1);
                    if (c < row.length) {
                        List<String> keep = new ArrayList<>(List.of(row));
                        keep.remove(c);
                        lines.set(i, String.join(",", keep));
                    }
                }
            }
            case 1 -> {
                kind = "duplicate-column";
                lines.set(0, lines.get(0) + "," + lines.get(0).split(",", -1)[c]);
            }
            case 2 -> {
                kind = "duplicate-row";
                lines.add(l, lines.get(l));
            }
            case 3 -> {
                kind = "huge-value";
                cells[c] = huge();
                lines.set(l, String.join(",", cells));
            }
            case 4 -> {
                kind = "bad-date";
                String[] dates = {"2026-13-45", "31/12/2026", "2026-02-30", "yesterday", "2026-11-20T25:00", "0000-00-00",
                    "2026-11-20T10:15:00+99:00", "99999-01-01"};
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                        c = i;
                    }
                }
                cells[c] = dates[random.nextInt(dates.length)];
                lines.set(l, String.join(",", cells));
            }
            case 5 -> {
                kind = "quotes";
                String[] quoted = {"\"", "\"unclosed", "a\"b", "\"\"\"", "\"a,b\"c", "\"line\nbreak\""};
                cells[c] = quoted[random.nextInt(quoted.length)];
                lines.set(l, String.join(",", cells));
            }
            case 6 -> {
                kind = "odd-text";
                cells[c] = ODD_TEXT[random.nextInt(ODD_TEXT.length)];
                lines.set(l, String.join(",", cells));
            }
            case 7 -> {
                kind = "many-columns";
                lines.set(l, lines.get(l) + ",x".repeat(200 + random.nextInt(800)));
            }
            case 8 -> {
                kind = "many-rows";
                String row = lines.get(lines.size() > 1 ? 1 : 0);
                for (int i = 0; i < 100 + random.nextInt(300); i++) {
                    lines.add(row);
                }
            }
            default -> {
                kind = "header-only";
                lines = new ArrayList<>(lines.subList(0, 1));
            }
        }
        return new Mutant(kind, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.max(0, Math.min(from, b.length)), Math.max(0, Math.min(to, b.length)));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
