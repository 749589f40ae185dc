package uk.carebridge.plugins.nhstrust.inbound;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.TS;

/** Small readers over HAPI's v2 model: values are already unescaped by HAPI (\F\ \S\ \T\ \R\ \E\). */
final class V2 {
    private V2() {
    }

    /** HL7's explicit null ("delete the value"): read as absent. */
    private static final String HL7_NULL = "\"\"";

    /**
     * The value of a field or component, trimmed; null when empty or the HL7 null {@code ""}. A composite
     * (a later version's richer type read into a v2.5.1 primitive's place) gives its first component.
     */
    static String text(Type type) {
        Type t = type;
        while (t instanceof Varies v) {
            t = v.getData();
        }
        while (t instanceof Composite c) {
            Type[] parts = c.getComponents();
            if (parts.length == 0) {
                return null;
            }
            t = parts[0];
        }
        if (!(t instanceof Primitive p)) {
            return null;
        }
        String value = p.getValue();
        if (value == null) {
            return null;
        }
        value = value.strip();
        return value.isEmpty() || value.equals(HL7_NULL) ? null : value;
    }

    /** Whether a segment is absent (HAPI creates an empty one when asked for a missing segment). */
    static boolean isEmpty(Segment segment) {
        try {
            return segment == null || segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    /**
     * A TS field as an {@link Hl7Time}; null when empty. A value that is not an HL7 date/time is a content
     * error at {@code segment}-{@code field}, named {@code what} in the reason (never the value).
     */
    static Hl7Time time(TS ts, String segment, int field, String what) {
        String value = text(ts.getTime());
        try {
            return Hl7Time.parse(value);
        } catch (IllegalArgumentException e) {
            throw ContentError.ae(segment, field, Hl7Errors.DATA_TYPE, segment + "-" + field + " (" + what
                    + ") is not a valid HL7 date/time: write it YYYYMMDD[HHMM[SS]] with an optional +/-ZZZZ offset");
        }
    }
}
