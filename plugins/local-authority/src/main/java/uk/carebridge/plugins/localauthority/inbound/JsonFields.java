package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

import com.fasterxml.jackson.databind.JsonNode;

/** Small readers for a body the schema has already accepted: absent fields give null, never a guess. */
final class JsonFields {
    private JsonFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static DateType date(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : new DateType(v);
    }

    /** A YYYY-MM-DD date where FHIR wants a dateTime (periods, authoredOn): day precision is kept. */
    static DateTimeType day(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : new DateTimeType(v);
    }

    static DateTimeType dateTime(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : new DateTimeType(v);
    }
}
