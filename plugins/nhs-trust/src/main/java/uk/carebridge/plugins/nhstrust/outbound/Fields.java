package uk.carebridge.plugins.nhstrust.outbound;

import java.util.Optional;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import uk.carebridge.fhir.FhirSystems;

/** Small helpers for filling HAPI v2 primitives from FHIR values. */
final class Fields {
    private Fields() {
    }

    /** The HL7 v2 identifier-type table (0203) as FHIR writes it in Identifier.type. */

    /**
     * Text fit for one HL7 v2 value: control characters (CR, LF, tab: a CR would end the segment) become
     * spaces, surrounding blanks go; blank gives null. The delimiters | ^ ~ \ &amp; stay: HAPI's encoder
     * escapes them (\F\ \S\ \R\ \E\ \T\).
     */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        String s = sb.toString().strip();
        return s.isEmpty() ? null : s;
    }

    /** Sets a primitive when the value is not blank. */
    static void set(Primitive field, String value) throws DataTypeException {
        String v = clean(value);
        if (v != null) {
            field.setValue(v);
        }
    }

    /** The first code of a concept, preferring the given system. */
    static Optional<String> code(CodeableConcept concept, String preferredSystem) {
        if (concept == null || concept.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> preferred = concept.getCoding().stream()
                .filter(c -> preferredSystem != null && preferredSystem.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode).findFirst();
        return preferred.or(() -> concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode)
                .findFirst());
    }

    /**
     * An identifier as CX: value, then the assigning authority (CX-4) and type code (CX-5).
     * The authority's namespace is the assigner's identifier or name, else the last path segment of the
     * system (for CareBridge local ids, the partner id); the system itself goes in HD-2 with type URI (or
     * ISO for a {@code urn:oid:}) so a reader can restore it exactly.
     */
    static void identifier(CX cx, Identifier id, String defaultTypeCode) throws DataTypeException {
        set(cx.getIDNumber(), id.getValue());
        authority(cx.getAssigningAuthority(), id);
        set(cx.getIdentifierTypeCode(), typeCode(id).orElse(defaultTypeCode));
    }

    static void authority(HD hd, Identifier id) throws DataTypeException {
        String namespace = null;
        if (id.hasAssigner()) {
            namespace = id.getAssigner().hasIdentifier() && id.getAssigner().getIdentifier().hasValue()
                    ? id.getAssigner().getIdentifier().getValue()
                    : id.getAssigner().getDisplay();
        }
        String system = id.getSystem();
        if (system != null && !system.isBlank()) {
            if (system.startsWith("urn:oid:")) {
                set(hd.getUniversalID(), system.substring("urn:oid:".length()));
                set(hd.getUniversalIDType(), "ISO");
            } else {
                if (namespace == null) {
                    namespace = lastSegment(system);
                }
                set(hd.getUniversalID(), system);
                set(hd.getUniversalIDType(), "URI");
            }
        }
        set(hd.getNamespaceID(), namespace);
    }

    static Optional<String> typeCode(Identifier id) {
        return id.hasType() ? code(id.getType(), FhirSystems.V2_IDENTIFIER_TYPE) : Optional.empty();
    }

    /** "https://carebridge.uk/fhir/Id/local/st-elsewhere-hospital" -> "st-elsewhere-hospital". */
    static String lastSegment(String uri) {
        String s = uri;
        while (s.endsWith("/") || s.endsWith(":")) {
            s = s.substring(0, s.length() - 1);
        }
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
        String last = cut < 0 ? s : s.substring(cut + 1);
        return last.isBlank() ? null : last;
    }
}
