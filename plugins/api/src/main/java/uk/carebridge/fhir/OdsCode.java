package uk.carebridge.fhir;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An NHS Organisation Data Service (ODS) code: trusts ({@code RR8}), GP practices ({@code B86001}), care homes and
 * councils ({@code VM4T2}) all have one. The one definition every part of CareBridge checks codes with (partner
 * files, CSV rows, HL7 v2 fields, council notices): 3 to 10 upper-case letters or digits, in the identifier system
 * {@link FhirSystems#ODS_ORGANISATION}.
 */
public final class OdsCode {
    private OdsCode() {
    }

    public static final Pattern PATTERN = Pattern.compile("[A-Z0-9]{3,10}");

    /** What an admin or a partner is told a code must look like. */
    public static final String FORM = "3 to 10 letters and digits, e.g. RR8 or A81001";

    /** Whether {@code code} is an ODS code as written (upper case, no spaces). */
    public static boolean isValid(String code) {
        return code != null && PATTERN.matcher(code).matches();
    }

    /** {@code value} trimmed and upper-cased when that is an ODS code; empty otherwise. */
    public static Optional<String> normalised(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        return isValid(code) ? Optional.of(code) : Optional.empty();
    }
}
