package uk.carebridge.fhir;

/**
 * NHS numbers: ten digits, the last a Modulus 11 check digit (NHS Data Dictionary).
 * The shared key for a person across every CareBridge partner.
 */
public final class NhsNumber {
    private NhsNumber() {
    }

    /** Strips the spaces and dashes people type ("943 476 5919"); null stays null. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.replaceAll("[\\s-]", "");
    }

    /** True when {@code value} (after {@link #normalise}) is ten digits with a correct Modulus 11 check digit. */
    public static boolean isValid(String value) {
        String n = normalise(value);
        if (n == null || n.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i < 9) {
                sum += (c - '0') * (10 - i);
            }
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        // A check digit of 10 means no valid number exists with these nine digits.
        return check != 10 && check == n.charAt(9) - '0';
    }
}
