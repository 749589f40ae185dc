package uk.carebridge.plugins.localauthority.outbound;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

import org.hl7.fhir.r4.model.BaseDateTimeType;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * FHIR dates and times as notice.schema.json wants them: {@code occurredAt} is an RFC 3339 date-time with an
 * offset, {@code date} is YYYY-MM-DD.
 */
final class NoticeTimes {
    private NoticeTimes() {
    }

    /** Whole seconds with the offset ("Z" for UTC): what RFC 3339 requires and a council system expects. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** A date without a time is a day in England: it starts at midnight there (GMT or BST). */
    static final ZoneId UK = ZoneId.of("Europe/London");

    static String dateTime(OffsetDateTime when) {
        return when.format(DATE_TIME);
    }

    /**
     * A FHIR dateTime/instant as RFC 3339, in the offset it was written with. A date alone becomes the start of
     * that day in England (there is no time to keep and inventing one later in the day would be a guess); a
     * month or a year is too vague for a notice and gives null, as does an absent value.
     */
    static String dateTime(BaseDateTimeType value) {
        if (value == null || value.getValue() == null || value.getPrecision() == null) {
            return null;
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        if (precision == TemporalPrecisionEnum.DAY) {
            return dateTime(LocalDate.parse(value.getValueAsString().substring(0, 10)).atStartOfDay(UK).toOffsetDateTime());
        }
        if (precision.ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
            return null;
        }
        long millis = value.getValue().getTime();
        TimeZone zone = value.getTimeZone();
        ZoneOffset offset = zone == null
                ? UK.getRules().getOffset(value.getValue().toInstant())
                : ZoneOffset.ofTotalSeconds(zone.getOffset(millis) / 1000);
        return dateTime(value.getValue().toInstant().atOffset(offset));
    }

    /** The calendar date as written (no shift between zones), or null when absent or coarser than a day. */
    static String date(BaseDateTimeType value) {
        if (value == null || value.getValue() == null || value.getPrecision() == null
                || value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
            return null;
        }
        return value.getValueAsString().substring(0, 10);
    }
}
