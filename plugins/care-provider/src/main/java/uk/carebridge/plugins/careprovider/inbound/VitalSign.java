package uk.carebridge.plugins.careprovider.inbound;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/**
 * The numeric NEWS2 vital signs a home can send, with the UK Core profile each Observation declares, its
 * LOINC and SNOMED CT codes (UK Core vital signs want exactly one LOINC coding and at least one SNOMED CT
 * coding, from the profile's ValueSet), the UCUM unit with the unit text the profile fixes, the unit
 * spellings accepted in the optional {@code unit} column, and the range outside which a value is taken for
 * a typing error rather than a reading.
 */
enum VitalSign {
    RESPIRATION_RATE("respiration-rate", "Respiratory rate", UkCore.OBSERVATION_RESPIRATION_RATE,
            "/min", "per minute", "0", "80",
            List.of(loinc("9279-1", "Respiratory rate"), snomed("86290005", "Respiratory rate")),
            Set.of("/min", "breaths/min", "breaths/minute", "breaths per minute")),
    OXYGEN_SATURATION("oxygen-saturation", "Oxygen saturation", UkCore.OBSERVATION_OXYGEN_SATURATION,
            "%", "percent", "0", "100",
            // The profile fixes LOINC 2708-6 and allows no second LOINC coding; the SNOMED CT concept says
            // it was measured peripherally, with a pulse oximeter, as NEWS2 SpO2 is.
            List.of(loinc("2708-6", "Oxygen saturation in Arterial blood"),
                    snomed("431314004", "Peripheral oxygen saturation")),
            Set.of("%", "percent")),
    // UK Core's blood pressure profile is a panel (systolic and diastolic components); NEWS2 records the
    // systolic pressure alone, which fits the general vital signs profile.
    SYSTOLIC_BP("systolic-bp", "Systolic blood pressure", UkCore.OBSERVATION_VITAL_SIGNS,
            "mm[Hg]", "mmHg", "0", "300",
            List.of(loinc("8480-6", "Systolic blood pressure"), snomed("271649006", "Systolic blood pressure")),
            Set.of("mm[hg]", "mmhg", "mm hg")),
    PULSE("pulse", "Heart rate", UkCore.OBSERVATION_HEART_RATE,
            "/min", "per minute", "0", "300",
            List.of(loinc("8867-4", "Heart rate"), snomed("78564009", "Pulse rate")),
            Set.of("/min", "bpm", "beats/min", "beats/minute", "beats per minute")),
    TEMPERATURE("temperature", "Body temperature", UkCore.OBSERVATION_BODY_TEMPERATURE,
            "Cel", "degree Celsius", "25", "45",
            List.of(loinc("8310-5", "Body temperature"), snomed("386725007", "Body temperature")),
            Set.of("cel", "c", "°c", "degc", "celsius"));

    private final String type;
    private final String text;
    private final String profile;
    private final String ucumCode;
    private final String unitDisplay;
    private final BigDecimal min;
    private final BigDecimal max;
    private final List<Coding> codings;
    private final Set<String> unitSpellings;

    VitalSign(String type, String text, String profile, String ucumCode, String unitDisplay, String min, String max,
            List<Coding> codings, Set<String> unitSpellings) {
        this.type = type;
        this.text = text;
        this.profile = profile;
        this.ucumCode = ucumCode;
        this.unitDisplay = unitDisplay;
        this.min = new BigDecimal(min);
        this.max = new BigDecimal(max);
        this.codings = codings;
        this.unitSpellings = unitSpellings;
    }

    static Optional<VitalSign> fromType(String value) {
        return Arrays.stream(values()).filter(v -> v.type.equals(value)).findFirst();
    }

    String type() {
        return type;
    }

    String text() {
        return text;
    }

    /** The UK Core profile the Observation conforms to (meta.profile). */
    String profile() {
        return profile;
    }

    String ucumCode() {
        return ucumCode;
    }

    String unitDisplay() {
        return unitDisplay;
    }

    /** Fresh copies: HAPI elements belong to one parent. */
    List<Coding> codings() {
        return codings.stream().map(Coding::copy).toList();
    }

    boolean acceptsUnit(String unit) {
        return unitSpellings.contains(unit.trim().toLowerCase(Locale.ROOT));
    }

    boolean isPlausible(BigDecimal value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    String plausibleRange() {
        return min.toPlainString() + " to " + max.toPlainString() + " " + ucumCode;
    }

    private static Coding loinc(String code, String display) {
        return new Coding(FhirSystems.LOINC, code, display);
    }

    private static Coding snomed(String code, String display) {
        return new Coding(FhirSystems.SNOMED, code, display);
    }
}
