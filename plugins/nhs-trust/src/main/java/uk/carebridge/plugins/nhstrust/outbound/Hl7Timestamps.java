package uk.carebridge.plugins.nhstrust.outbound;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.hl7.fhir.r4.model.BaseDateTimeType;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * FHIR dates and instants as HL7 v2 TS/DTM text.
 * <ul>
 *   <li>A date (year, year-month, full date: birth dates, day-precision admissions) is written as it is,
 *       {@code YYYY[MM[DD]]}, never shifted through a time zone.</li>
 *   <li>A date-time is the same instant in UK local time (Europe/London: GMT in winter, BST in summer)
 *       with its offset: {@code 20261123143000+0000}, {@code 20260710144000+0100}. UK systems show and
 *       often store local time; the offset keeps the instant exact for anyone who reads it. Minute and
 *       millisecond precision are kept as given.</li>
 * </ul>
 */
final class Hl7Timestamps {
    private Hl7Timestamps() {
    }

    static final ZoneId UK = ZoneId.of("Europe/London");

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyyMMddHHmmZ", Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ", Locale.ROOT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ", Locale.ROOT);

    /** An instant in UK local time with offset, to the second. */
    static String of(Instant instant) {
        return SECONDS.format(ZonedDateTime.ofInstant(instant, UK));
    }

    /** A FHIR date or dateTime/instant as HL7 TS text, or null when it has no value. */
    static String of(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return null;
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        switch (precision) {
            case YEAR:
            case MONTH:
            case DAY:
                // "1931-02-14", "1931-02", "1931": the calendar date as written, no zone.
                String text = value.getValueAsString();
                int t = text.indexOf('T');
                return (t < 0 ? text : text.substring(0, t)).replace("-", "");
            default:
                ZonedDateTime uk = ZonedDateTime.ofInstant(value.getValue().toInstant(), UK);
                return switch (precision) {
                    case MINUTE -> MINUTES.format(uk);
                    case SECOND -> SECONDS.format(uk);
                    default -> MILLIS.format(uk);
                };
        }
    }
}
