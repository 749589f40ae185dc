package uk.carebridge.plugins.nhstrust.inbound;

import java.util.regex.Pattern;

import uk.carebridge.plugin.ContentFingerprint;

/**
 * The content fingerprint of an HL7 v2 message, which tells a resend from a different message that reuses an
 * MSH-10. It is taken over the normalised text ({@link Er7#normalise}: line ends, BOM, trailing blanks), so a
 * resend through another engine that rewrites those is still a resend, and without the MSH fields an engine
 * rewrites when it resends: MSH-7 (date/time of message) and MSH-10 (the control id itself). Everything
 * else counts: an A11 after an A03 under the same MSH-10 is a different message, as it should be.
 */
public final class Hl7Fingerprint {

    /** MSH-7 and MSH-10; MSH-1 is the separator itself, so MSH-n is the n-1th piece when split on it. */
    private static final int[] RESENT_FIELDS = {7, 10};

    private Hl7Fingerprint() {
    }

    public static String of(String er7) {
        String text = Er7.normalise(er7 == null ? "" : er7);
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        String rest = end < 0 ? "" : text.substring(end);
        return ContentFingerprint.of(withoutResentFields(msh), rest);
    }

    private static String withoutResentFields(String msh) {
        if (msh.length() < 4 || !msh.startsWith("MSH")) {
            return msh;
        }
        String separator = String.valueOf(msh.charAt(3));
        String[] pieces = msh.split(Pattern.quote(separator), -1);
        for (int field : RESENT_FIELDS) {
            if (field - 1 < pieces.length) {
                pieces[field - 1] = "";
            }
        }
        return String.join(separator, pieces);
    }
}
