package uk.carebridge.plugins.careprovider.inbound;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import uk.carebridge.fhir.OdsCode;

/**
 * Reads typed values from one row and collects a {@link RowError} for each value that is missing or
 * wrong, so one pass reports every problem of the row at once. Reasons name the column and the
 * expected form with a made-up example, never the value found (it may be patient data).
 */
final class RowFields {

    /** Local times in partner files are UK wall-clock time. */
    static final ZoneId UK = ZoneId.of("Europe/London");

    private static final Pattern DATE_SPACE_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) +(\\d)");

    private final CsvRow row;
    private final List<RowError> errors = new ArrayList<>();

    RowFields(CsvRow row) {
        this.row = row;
    }

    int rowNumber() {
        return row.number();
    }

    List<RowError> errors() {
        return List.copyOf(errors);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void error(String column, String reason) {
        errors.add(new RowError(row.number(), column, reason));
    }

    /** The value, or null when empty. */
    String optional(String column) {
        String value = row.get(column);
        return value.isEmpty() ? null : value;
    }

    /** The value; when empty, records "{column} is empty: {what}" and returns null. */
    String required(String column, String what) {
        String value = optional(column);
        if (value == null) {
            error(column, row.hasColumn(column)
                    ? column + " is empty: " + what
                    : "the file has no " + column + " column: " + what);
        }
        return value;
    }

    /** A calendar date, YYYY-MM-DD; null when empty (and, if required, an error) or wrong. */
    LocalDate date(String column, boolean required, String what) {
        String value = required ? required(column, what) : optional(column);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
            error(column, column + " must be a real date written YYYY-MM-DD, e.g. 2024-03-31");
            return null;
        }
    }

    /**
     * A date and time: ISO 8601 with a time zone ({@code 2024-03-31T14:05:00Z}, {@code +01:00}) or local UK
     * time ({@code 2024-03-31T14:05}, {@code 2024-03-31 14:05:00}). Null when empty or wrong.
     */
    DateTimeType dateTime(String column, boolean required, String what) {
        String value = required ? required(column, what) : optional(column);
        if (value == null) {
            return null;
        }
        ZonedDateTime when = parseDateTime(DATE_SPACE_TIME.matcher(value).replaceFirst("$1T$2"));
        if (when == null) {
            error(column, column + " must be a date and time written YYYY-MM-DDTHH:MM[:SS], UK local time or "
                    + "with a zone, e.g. 2024-03-31T14:05 or 2024-03-31T13:05:00Z");
            return null;
        }
        TemporalPrecisionEnum precision = when.getNano() == 0 ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.MILLI;
        return new DateTimeType(java.util.Date.from(when.toInstant()), precision, TimeZone.getTimeZone(when.getZone()));
    }

    private static ZonedDateTime parseDateTime(String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toZonedDateTime();
        } catch (DateTimeException notWithOffset) {
            try {
                return LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(UK);
            } catch (DateTimeException notLocal) {
                return null;
            }
        }
    }

    /** An NHS ODS organisation code (3 to 10 letters and digits), upper-cased; null when empty or wrong. */
    String odsCode(String column, boolean required, String what) {
        String value = required ? required(column, what) : optional(column);
        if (value == null) {
            return null;
        }
        Optional<String> code = OdsCode.normalised(value);
        if (code.isEmpty()) {
            error(column, column + " must be an ODS organisation code: " + OdsCode.FORM
                    + " (look it up at https://odsportal.digital.nhs.uk)");
            return null;
        }
        return code.get();
    }

    /** A decimal number written with a dot; null when empty or not a number. */
    /** The longest number a row may give (digits, sign, dot and exponent). */
    static final int MAX_NUMBER_LENGTH = 20;

    BigDecimal decimal(String column, boolean required, String what) {
        String value = required ? required(column, what) : optional(column);
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_NUMBER_LENGTH) {
            // A reading, not a data dump: 38.999...94 with 100,000 digits was in range, and no FHIR reader takes it back.
            error(column, column + " has more than " + MAX_NUMBER_LENGTH + " characters: give the number as read, e.g. 37.5");
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            error(column, column + " must be a number (digits, a dot for decimals), e.g. 37.5");
            return null;
        }
    }

    static DateType fhirDate(LocalDate date) {
        return new DateType(date.toString());
    }

    /** A FHIR dateTime of day precision, for stays whose start and end are known to the day. */
    static DateTimeType fhirDay(LocalDate date) {
        return new DateTimeType(date.toString());
    }
}
