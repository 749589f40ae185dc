package uk.carebridge.plugins.careprovider;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;

/**
 * The numeric NEWS2 vital signs a home can send, with the LOINC codes and UCUM units of the FHIR R4
 * vital signs profiles, the unit spellings accepted in the optional {@code unit} column, and the range
 * outside which a value is taken for a typing error rather than a reading.
 */
enum VitalSign {
    RESPIRATION_RATE("respiration-rate", "Respiratory rate", "/min", "breaths/minute", "0", "80",
            List.of(loinc("9279-1", "Respiratory rate")),
            Set.of("/min", "breaths/min", "breaths/minute", "breaths per minute")),
    OXYGEN_SATURATION("oxygen-saturation", "Oxygen saturation", "%", "%", "0", "100",
            // 2708-6 is what the R4 oxygen saturation profile requires; 59408-5 says it was a pulse oximeter.
            List.of(loinc("2708-6", "Oxygen saturation in Arterial blood"),
                    loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")),
            Set.of("%", "percent")),
    SYSTOLIC_BP("systolic-bp", "Systolic blood pressure", "mm[Hg]", "mmHg", "0", "300",
            List.of(loinc("8480-6", "Systolic blood pressure")),
            Set.of("mm[hg]", "mmhg", "mm hg")),
    PULSE("pulse", "Heart rate", "/min", "beats/minute", "0", "300",
            List.of(loinc("8867-4", "Heart rate")),
            Set.of("/min", "bpm", "beats/min", "beats/minute", "beats per minute")),
    TEMPERATURE("temperature", "Body temperature", "Cel", "Cel", "25", "45",
            List.of(loinc("8310-5", "Body temperature")),
            Set.of("cel", "c", "°c", "degc", "celsius"));

    private final String type;
    private final String text;
    private final String ucumCode;
    private final String unitDisplay;
    private final BigDecimal min;
    private final BigDecimal max;
    private final List<Coding> codings;
    private final Set<String> unitSpellings;

    VitalSign(String type, String text, String ucumCode, String unitDisplay, String min, String max,
            List<Coding> codings, Set<String> unitSpellings) {
        this.type = type;
        this.text = text;
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
}
