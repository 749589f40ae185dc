package uk.carebridge.plugins.careprovider.inbound;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;

/**
 * Where the partner cares for people: it decides Encounter.class (required in R4, v3 ActCode).
 * A care home stay is a non-acute inpatient stay (room, board, continuous care); a home care agency
 * visits people in their own homes.
 */
public enum CareSetting {
    CARE_HOME("care-home", "NONAC", "inpatient non-acute"),
    HOME_CARE("home-care", "HH", "home health");

    private final String code;
    private final String actCode;
    private final String actDisplay;

    CareSetting(String code, String actCode, String actDisplay) {
        this.code = code;
        this.actCode = actCode;
        this.actDisplay = actDisplay;
    }

    /** The value of the careSetting setting that names this setting ({@code care-home}, {@code home-care}). */
    public String code() {
        return code;
    }

    Coding encounterClass() {
        return new Coding(FhirSystems.ACT_CODE, actCode, actDisplay);
    }

    /** The care setting a careSetting value names, in any case; empty when it names none. */
    public static Optional<CareSetting> fromCode(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.code.equals(v)).findFirst();
    }

    /** Every valid careSetting value, for the message that refuses another. */
    public static String codes() {
        return Arrays.stream(values()).map(CareSetting::code).collect(Collectors.joining(" or "));
    }
}
