package uk.carebridge.plugins.careprovider.inbound;

import java.math.BigDecimal;
import java.util.Locale;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * observations*.csv: one NEWS2 reading per row. OBSERVATION, focus the Observation, plus the Patient.
 * Numeric signs declare and follow the UK Core vital signs profiles ({@link VitalSign}: category vital-signs,
 * LOINC and SNOMED CT, UCUM); the ACVPU consciousness level follows UKCore-Observation-ACVPU (SNOMED CT,
 * category survey); the NEWS2 total score declares UKCore-Observation (SNOMED CT, category survey,
 * valueInteger).
 */
final class ObservationRowMapper implements RowMapper {

    static final String OBSERVED_AT = "observed_at";
    static final String TYPE = "type";
    static final String VALUE = "value";
    static final String UNIT = "unit";

    private static final String TYPES = "respiration-rate, oxygen-saturation, systolic-bp, pulse, consciousness, "
            + "temperature or news2";

    private final SourcePartner partner;
    private final PatientReader patients;

    ObservationRowMapper(SourcePartner partner) {
        this.partner = partner;
        this.patients = new PatientReader(partner.id());
    }

    @Override
    public Bundle map(RowFields row) {
        Patient patient = patients.identity(row);
        DateTimeType observedAt = row.dateTime(OBSERVED_AT, true,
                "give the date and time of the reading, e.g. 2024-03-31T14:05");
        String type = row.required(TYPE, "say which reading it is: " + TYPES);
        Observation observation = null;
        if (type != null) {
            String normalised = type.toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
            if (normalised.equals(Consciousness.TYPE)) {
                observation = consciousness(row);
            } else if (normalised.equals(News2.TYPE)) {
                observation = news2(row);
            } else {
                VitalSign sign = VitalSign.fromType(normalised).orElse(null);
                if (sign == null) {
                    row.error(TYPE, "type must be one of " + TYPES);
                } else {
                    observation = vitalSign(row, sign);
                }
            }
        }
        if (row.hasErrors() || observation == null) {
            return null;
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(MessageBuilder.ref(patient));
        observation.setEffective(observedAt);
        if (partner.hasOdsCode()) {
            observation.addPerformer(OdsReference.organisation(partner.odsCode()));
        }
        return MessageBuilder.event(CareBridgeEvent.OBSERVATION, partner.id())
                .focus(observation).add(patient)
                .timestamp(observedAt.getValue())
                .build();
    }

    private static Observation vitalSign(RowFields row, VitalSign sign) {
        BigDecimal value = row.decimal(VALUE, true, "give the " + sign.text().toLowerCase(Locale.ROOT)
                + " as a number in " + sign.ucumCode());
        if (value != null && !sign.isPlausible(value)) {
            row.error(VALUE, "value is not a plausible " + sign.text().toLowerCase(Locale.ROOT) + " (expected "
                    + sign.plausibleRange() + "): check the reading and its unit");
        }
        String unit = row.optional(UNIT);
        if (unit != null && !sign.acceptsUnit(unit)) {
            row.error(UNIT, "unit does not fit " + sign.type() + ": use " + sign.ucumCode()
                    + " (or leave unit empty) and give the value in that unit");
        }
        if (row.hasErrors()) {
            return null;
        }
        Observation observation = new Observation();
        observation.getMeta().addProfile(sign.profile());
        observation.addCategory(category("vital-signs", "Vital Signs"));
        CodeableConcept code = observation.getCode();
        sign.codings().forEach(code::addCoding);
        code.setText(sign.text());
        observation.setValue(new Quantity().setValue(value).setUnit(sign.unitDisplay())
                .setSystem(FhirSystems.UCUM).setCode(sign.ucumCode()));
        return observation;
    }

    private static Observation consciousness(RowFields row) {
        String value = row.required(VALUE, "give the ACVPU level: A, C, V, P or U");
        Consciousness level = null;
        if (value != null) {
            level = Consciousness.parse(value).orElse(null);
            if (level == null) {
                row.error(VALUE, "value must be an ACVPU level for consciousness: A (alert), C (new confusion), "
                        + "V (voice), P (pain) or U (unresponsive)");
            }
        }
        if (row.optional(UNIT) != null) {
            row.error(UNIT, "unit must be empty for consciousness (it is a level, not a measurement)");
        }
        if (row.hasErrors()) {
            return null;
        }
        Observation observation = new Observation();
        observation.getMeta().addProfile(UkCore.OBSERVATION_ACVPU);
        observation.addCategory(category("survey", "Survey"));
        observation.getCode().addCoding(Consciousness.observationCode()).setText("Level of consciousness (ACVPU)");
        observation.setValue(level.concept());
        return observation;
    }

    private static Observation news2(RowFields row) {
        String value = row.required(VALUE, "give the NEWS2 total score, a whole number from 0 to 20");
        Integer score = null;
        if (value != null) {
            score = News2.wholeNumber(value).orElse(null);
            if (score == null) {
                row.error(VALUE, "value must be a whole number for news2 (the NEWS2 total score, 0 to 20), e.g. 5");
            } else if (!News2.isPossible(score)) {
                row.error(VALUE, "value is not a possible NEWS2 total score (expected a whole number from 0 to 20): "
                        + "check the score");
                score = null;
            }
        }
        String unit = row.optional(UNIT);
        if (unit != null && !News2.acceptsUnit(unit)) {
            row.error(UNIT, "unit does not fit news2: use {score} (or leave unit empty)");
        }
        if (row.hasErrors()) {
            return null;
        }
        Observation observation = new Observation();
        observation.getMeta().addProfile(UkCore.OBSERVATION);
        observation.addCategory(category("survey", "Survey"));
        observation.getCode().addCoding(News2.observationCode()).setText("NEWS2 total score");
        observation.setValue(new IntegerType(score));
        return observation;
    }

    private static CodeableConcept category(String code, String display) {
        return new CodeableConcept(new Coding(FhirSystems.OBSERVATION_CATEGORY, code, display));
    }
}
