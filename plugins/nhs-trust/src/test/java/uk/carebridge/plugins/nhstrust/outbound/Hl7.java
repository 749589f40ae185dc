package uk.carebridge.plugins.nhstrust.outbound;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.builder.support.DefaultValidationBuilder;

/** Reads ER7 text in tests: raw fields by position, and HAPI's own parse with validation on. */
final class Hl7 {
    private Hl7() {
    }

    /** Any version read into the v2.5.1 model, with HAPI's default validation rules (formats, structure). */
    static Message parseStrictly(String er7) throws HL7Exception {
        HapiContext context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationRuleBuilder(new DefaultValidationBuilder());
        PipeParser parser = context.getPipeParser();
        return parser.parse(er7);
    }

    static List<String> segments(String er7) {
        return Arrays.stream(er7.split("\r")).filter(s -> !s.isEmpty()).toList();
    }

    static String segment(String er7, String id) {
        return segments(er7).stream().filter(s -> s.startsWith(id + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " segment in " + er7.replace('\r', '\n')));
    }

    /** The raw (still escaped) text of a field, numbered as HL7 does: field("MSH", 9), field("PID", 3). */
    static String field(String er7, String segmentId, int number) {
        String[] fields = segment(er7, segmentId).split(Pattern.quote("|"), -1);
        // MSH-1 is the separator itself, so MSH fields sit one place further left in the split.
        int index = "MSH".equals(segmentId) ? number - 1 : number;
        return index < fields.length ? fields[index] : "";
    }
}
