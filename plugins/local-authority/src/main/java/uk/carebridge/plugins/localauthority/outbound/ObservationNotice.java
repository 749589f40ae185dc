package uk.carebridge.plugins.localauthority.outbound;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.FhirSystems;

/**
 * A care provider's vital signs (NEWS2 readings) as an observation alert: every measured sign with a LOINC code,
 * and the NEWS2 total when the provider sent one. Coded values without a LOINC code (the ACVPU level is SNOMED
 * CT only) are left out: the schema's readings are LOINC-coded.
 */
final class ObservationNotice {
    private ObservationNotice() {
    }

    /** SNOMED CT: Royal College of Physicians NEWS2 (National Early Warning Score 2) total score. */
    static final String NEWS2_TOTAL = "1104051000000101";

    static NoticeDraft draft(MessageView message) {
        Observation focus = message.focusOrFirst(Observation.class);
        if (focus == null) {
            return NoticeDraft.none("an observation message without an Observation is not a council notice");
        }
        Integer news2 = null;
        ArrayNode readings = JsonNodeFactory.instance.arrayNode();
        for (Observation o : message.all(Observation.class)) {
            if (hasCode(o.getCode(), FhirSystems.SNOMED, NEWS2_TOTAL)) {
                news2 = news2 == null ? score(o.getValue()) : news2;
                continue;
            }
            if (o.hasComponent()) {
                // A panel (blood pressure): one reading per component.
                for (Observation.ObservationComponentComponent c : o.getComponent()) {
                    addReading(readings, c.getCode(), c.getValue());
                }
            } else {
                addReading(readings, o.getCode(), o.getValue());
            }
        }
        if (readings.isEmpty()) {
            return NoticeDraft.none("an observation message without a LOINC-coded measurement is not a council notice");
        }
        String observedAt = NoticeTimes.dateTime(focus.hasEffectiveDateTimeType() ? focus.getEffectiveDateTimeType()
                : focus.hasEffectivePeriod() ? focus.getEffectivePeriod().getStartElement() : null);
        if (observedAt == null) {
            observedAt = NoticeTimes.dateTime(message.bundle().getTimestampElement());
        }
        if (observedAt == null) {
            return NoticeDraft.none("the observation message does not say when the readings were taken");
        }
        // The care-provider plugin names the home as performer; an Encounter's provider or the header's
        // sender stand in for other senders.
        List<Reference> senders = new ArrayList<>(focus.getPerformer());
        message.all(Encounter.class).forEach(e -> senders.add(e.getServiceProvider()));
        String time = observedAt;
        Integer score = news2;
        return NoticeDraft.of(NoticeType.OBSERVATION_ALERT, focus, senders, from -> {
            ObjectNode alert = JsonNodeFactory.instance.objectNode().put("observedAt", time);
            if (score != null) {
                alert.put("news2Score", score);
            }
            alert.set("observations", readings);
            return alert;
        });
    }

    private static void addReading(ArrayNode readings, CodeableConcept code, Type value) {
        Coding loinc = loinc(code);
        if (loinc == null || value == null) {
            return;
        }
        ObjectNode reading = JsonNodeFactory.instance.objectNode().put("code", loinc.getCode());
        // The sender's text first: LOINC's display can be more specific than the reading was (SpO2 is
        // coded as "in Arterial blood" by UK Core though it is measured peripherally).
        reading.put("name", code.hasText() ? code.getText() : loinc.hasDisplay() ? loinc.getDisplay() : loinc.getCode());
        if (value instanceof Quantity q && q.hasValue()) {
            reading.put("value", q.getValue());
            String unit = q.hasUnit() ? q.getUnit() : q.hasCode() ? q.getCode() : null;
            if (unit != null) {
                reading.put("unit", unit);
            }
        } else if (value instanceof IntegerType i && i.hasValue()) {
            reading.put("value", i.getValue());
        } else {
            return; // a coded or text value has no place among numeric readings
        }
        readings.add(reading);
    }

    /** A NEWS2 total (0-20) from valueInteger or a whole-number valueQuantity; null otherwise. */
    private static Integer score(Type value) {
        BigDecimal v = null;
        if (value instanceof IntegerType i && i.hasValue()) {
            v = BigDecimal.valueOf(i.getValue());
        } else if (value instanceof Quantity q && q.hasValue()) {
            v = q.getValue();
        }
        if (v == null || v.signum() < 0 || v.compareTo(BigDecimal.valueOf(20)) > 0 || v.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return v.intValueExact();
    }

    private static Coding loinc(CodeableConcept code) {
        for (Coding c : code.getCoding()) {
            if (FhirSystems.LOINC.equals(c.getSystem()) && c.hasCode()) {
                return c;
            }
        }
        return null;
    }

    private static boolean hasCode(CodeableConcept concept, String system, String code) {
        return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }
}
