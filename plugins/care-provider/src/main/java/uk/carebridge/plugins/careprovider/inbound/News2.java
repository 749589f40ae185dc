package uk.carebridge.plugins.careprovider.inbound;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;

/**
 * The NEWS2 (National Early Warning Score 2; RESTORE2 in many areas) total score: a whole number from 0 to
 * 20. Coded as in UK Core (ValueSet UKCore-EarlyWarningTotalScore and the example
 * UKCore-Bundle-NEWS2Observations-Example in shared/reference-data/ukcore): SNOMED CT 1104051000000101,
 * category survey. UK Core has no dedicated profile for it, so the Observation declares UKCore-Observation.
 */
final class News2 {
    private News2() {
    }

    static final String TYPE = "news2";
    static final int MIN = 0;
    static final int MAX = 20;

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("[+-]\\d{1,9}");

    /** SNOMED CT code and display as in UK Core's ValueSet expansion and NEWS2 example bundle. */
    static Coding observationCode() {
        return new Coding(FhirSystems.SNOMED, "1104051000000101",
                "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score");
    }

    /** The unit column may be empty or the UCUM annotation {score}. */
    static boolean acceptsUnit(String unit) {
        return unit.trim().toLowerCase(Locale.ROOT).equals("{score}");
    }

    /** The value as an integer if it is written as a (possibly signed) whole number; empty otherwise. */
    static Optional<Integer> wholeNumber(String value) {
        String v = value.trim();
        if (DIGITS.matcher(v).matches() || SIGNED_DIGITS.matcher(v).matches()) {
            return Optional.of(Integer.parseInt(v));
        }
        return Optional.empty();
    }

    static boolean isPossible(int score) {
        return score >= MIN && score <= MAX;
    }
}
