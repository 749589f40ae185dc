package uk.carebridge.plugins.nhstrust.inbound;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

/**
 * An HL7 v2 TS/DTM value, {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}. A time without an offset
 * is local UK time (Europe/London, so GMT or BST as the date says); a written offset is kept. The date as
 * written is the date: a birth date of 19250704 is 1925-07-04 whatever the offset.
 *
 * <p>Also read, as live UK feeds send them (README "Real-world variants"): a trailing offset sign with no
 * digits ({@code 20000101+}, NHS Wales PIMS birth dates: no offset), {@code Z} or a two-digit offset
 * ({@code +01}), up to nine fraction digits, and ISO 8601 forms ({@code 2025-05-05}, {@code 2025-05-05 23:23},
 * {@code 2025-05-05T23:23:32.5+01:00}, {@code ...Z}), each at the precision written.
 */
final class Hl7Time {

    static final ZoneId UK = ZoneId.of("Europe/London");

    private static final Pattern TS = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d{1,9})?([+-]\\d{4})?");
    /** ISO 8601 as some feeds write it: date, then (after T or a space) the time; an optional offset or Z. */
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})(?:-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?)?)?(.*)");
    /** The offset part once the date/time digits are read: +HHMM, +HH:MM, +HH, Z, or a lone sign. */
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2}):?(\\d{2})?|Z|[+-]");

    /** Digits of precision: 4 year, 6 month, 8 day, 10 hour, 12 minute, 14 second. */
    private final int digits;
    private final LocalDateTime local;
    private final String fraction;
    private final ZoneOffset offset;

    private Hl7Time(int digits, LocalDateTime local, String fraction, ZoneOffset offset) {
        this.digits = digits;
        this.local = local;
        this.fraction = fraction;
        this.offset = offset;
    }

    /**
     * Parses a TS value; null for null or blank (absent); throws {@link IllegalArgumentException} (with no
     * value in its message) when it is not a real HL7 date/time.
     */
    static Hl7Time parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String canonical = canonical(value.strip());
        Matcher m = canonical == null ? null : TS.matcher(canonical);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an HL7 date/time");
        }
        int digits = 4;
        int[] parts = new int[6];
        parts[0] = Integer.parseInt(m.group(1));
        parts[1] = 1;
        parts[2] = 1;
        for (int g = 2; g <= 6; g++) {
            if (m.group(g) == null) {
                break;
            }
            parts[g - 1] = Integer.parseInt(m.group(g));
            digits += 2;
        }
        if (m.group(7) != null && digits < 14) {
            throw new IllegalArgumentException("fractional seconds without seconds");
        }
        try {
            LocalDateTime local = LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
            ZoneOffset offset = null;
            if (m.group(8) != null) {
                String z = m.group(8);
                int sign = z.charAt(0) == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(z.substring(1, 3)),
                        sign * Integer.parseInt(z.substring(3, 5)));
            }
            return new Hl7Time(digits, local, m.group(7), offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a real date/time");
        }
    }

    /**
     * The value as a plain HL7 TS ({@code YYYYMMDDHHMMSS.S+ZZZZ}, as far as written): ISO 8601 digits joined,
     * the offset as +/-ZZZZ ({@code Z} is +0000, a lone sign is no offset); null when the offset is not one.
     */
    private static String canonical(String value) {
        Matcher iso = ISO.matcher(value);
        String digits;
        String zone;
        if (iso.matches()) {
            StringBuilder joined = new StringBuilder();
            for (int g = 1; g <= 7; g++) {
                if (iso.group(g) != null) {
                    joined.append(iso.group(g));
                }
            }
            digits = joined.toString();
            zone = iso.group(8);
        } else {
            int end = 0;
            while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
                end++;
            }
            digits = value.substring(0, end);
            zone = value.substring(end);
        }
        if (zone.isEmpty()) {
            return digits;
        }
        Matcher offset = OFFSET.matcher(zone);
        if (!offset.matches()) {
            return null;
        }
        if (zone.equals("Z")) {
            return digits + "+0000";
        }
        if (offset.group(2) == null) {
            return digits;
        }
        return digits + offset.group(1) + offset.group(2) + (offset.group(3) == null ? "00" : offset.group(3));
    }

    boolean hasTime() {
        return digits > 8;
    }

    /**
     * The precision as FHIR writes it: 4 (year), 6 (month), 8 (day) or 14 (any time: a FHIR dateTime with a
     * time has seconds).
     */
    int precision() {
        return hasTime() ? 14 : digits;
    }

    /** The value at a coarser precision (4, 6 or 8, see {@link #precision()}); this one when not finer. */
    Hl7Time truncatedTo(int precision) {
        if (precision() <= precision) {
            return this;
        }
        LocalDate day = local.toLocalDate();
        LocalDate start = switch (precision) {
            case 4 -> day.withDayOfYear(1);
            case 6 -> day.withDayOfMonth(1);
            default -> day;
        };
        return new Hl7Time(precision, start.atStartOfDay(), null, null);
    }

    LocalDate date() {
        return local.toLocalDate();
    }

    /** The instant, reading a time without an offset as UK local time (a bare date as its UK midnight). */
    OffsetDateTime offsetDateTime() {
        if (offset != null && hasTime()) {
            return local.atOffset(offset);
        }
        return local.atZone(UK).toOffsetDateTime();
    }

    /** The last instant the value can mean at its precision (e.g. 10:00:59.999 for a time written to the minute). */
    OffsetDateTime latest() {
        OffsetDateTime t = offsetDateTime();
        return switch (digits) {
            case 4 -> t.plusYears(1).minusNanos(1_000_000);
            case 6 -> t.plusMonths(1).minusNanos(1_000_000);
            case 8 -> t.plusDays(1).minusNanos(1_000_000);
            case 10 -> t.plusHours(1).minusNanos(1_000_000);
            case 12 -> t.plusMinutes(1).minusNanos(1_000_000);
            default -> fraction == null ? t.plusSeconds(1).minusNanos(1_000_000) : t;
        };
    }

    Date toDate() {
        return Date.from(offsetDateTime().toInstant());
    }

    /** FHIR date at the precision written: "1925", "1925-07" or "1925-07-04" (never shifted by a zone). */
    DateType fhirDate() {
        return new DateType(dateText());
    }

    /**
     * FHIR dateTime: the date at the precision written when there is no time, else the time to the second
     * (or fraction) with its offset (FHIR needs seconds and a zone once there is a time).
     */
    DateTimeType fhirDateTime() {
        if (!hasTime()) {
            return new DateTimeType(dateText());
        }
        OffsetDateTime t = offsetDateTime();
        if (t.getOffset().getTotalSeconds() % 60 != 0) {
            // Before 1847 Europe/London is local mean time (-00:01:15), which FHIR cannot write: use UTC.
            t = t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        String text = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))
                + (fraction == null ? "" : fraction)
                + (t.getOffset().equals(ZoneOffset.UTC) ? "+00:00" : t.getOffset().getId());
        return new DateTimeType(text);
    }

    private String dateText() {
        String full = local.toLocalDate().toString();
        return switch (Math.min(digits, 8)) {
            case 4 -> full.substring(0, 4);
            case 6 -> full.substring(0, 7);
            default -> full;
        };
    }
}
