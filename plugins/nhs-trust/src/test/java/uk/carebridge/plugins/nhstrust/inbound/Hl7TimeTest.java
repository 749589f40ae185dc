package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** HL7 v2 TS/DTM values as FHIR date and dateTime. */
class Hl7TimeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2025,                   2025",
        "202511,                 2025-11",
        "20251116,               2025-11-16",
        "2025111614,             2025-11-16T14:00:00+00:00",
        "202511161425,           2025-11-16T14:25:00+00:00",
        "20251116142530,         2025-11-16T14:25:30+00:00",
        "20251116142530.1,       2025-11-16T14:25:30.1+00:00",
        "20251116142530.1234,    2025-11-16T14:25:30.1234+00:00",
        "20250716142530,         2025-07-16T14:25:30+01:00",      // BST
        "20251116142530+0000,    2025-11-16T14:25:30+00:00",
        "20250716142530+0000,    2025-07-16T14:25:30+00:00",      // a written offset wins over BST
        "20251116142530-0500,    2025-11-16T14:25:30-05:00",
        "20251116+0200,          2025-11-16",                     // a date has no zone
        "18200101120000,         1820-01-01T12:01:15+00:00",      // local mean time before 1847 -> UTC
    })
    // Written as live UK feeds write them (issue 15).
    @CsvSource(delimiter = '=', value = {
        // A trailing offset sign with no digits (NHS Wales PIMS birth dates): no offset.
        "20000101+                    = 2000-01-01",
        "20000101-                    = 2000-01-01",
        "20250505232332+              = 2025-05-05T23:23:32+01:00",
        "20250505232332Z              = 2025-05-05T23:23:32+00:00",
        "20250505232332+01            = 2025-05-05T23:23:32+01:00",
        "20250505232332+01:00         = 2025-05-05T23:23:32+01:00",
        // ISO 8601 as some engines write it, at the precision written.
        "2025-05-05                   = 2025-05-05",
        "2025-05                      = 2025-05",
        "2025-05-05 23:23:32          = 2025-05-05T23:23:32+01:00",
        "2025-05-05T23:23:32          = 2025-05-05T23:23:32+01:00",
        "2025-11-16T14:25:30          = 2025-11-16T14:25:30+00:00",
        "2025-05-05T23:23:32Z         = 2025-05-05T23:23:32+00:00",
        "2025-05-05T23:23:32+02:00    = 2025-05-05T23:23:32+02:00",
        "2025-05-05T23:23:32-0500     = 2025-05-05T23:23:32-05:00",
        "2025-05-05 23:23             = 2025-05-05T23:23:00+01:00",
        "2025-05-05T23:23:32.25       = 2025-05-05T23:23:32.25+01:00",
        "2025-05-05T23:23:32.123456Z  = 2025-05-05T23:23:32.123456+00:00",
        "2025-05-05+01:00             = 2025-05-05",
        // Fractional seconds, and a time without seconds.
        "20250505232332.1234          = 2025-05-05T23:23:32.1234+01:00",
        "20250505232332.123456789     = 2025-05-05T23:23:32.123456789+01:00",
        "202505052323                 = 2025-05-05T23:23:00+01:00",
    })
    void fhirDateTime(String hl7, String fhir) {
        assertThat(Hl7Time.parse(hl7).fhirDateTime().getValueAsString()).isEqualTo(fhir);
    }

    @Test
    void aTrailingSignKeepsADateADate() {
        Hl7Time birth = Hl7Time.parse("20000101+");

        assertThat(birth.hasTime()).isFalse();
        assertThat(birth.fhirDate().getValueAsString()).isEqualTo("2000-01-01");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1931, 1931", "193102, 1931-02", "19310214, 1931-02-14", "19310214235959, 1931-02-14",
        "19250704004401+0100, 1925-07-04"})
    void fhirDateIsTheDateAsWritten(String hl7, String fhir) {
        assertThat(Hl7Time.parse(hl7).fhirDate().getValueAsString()).isEqualTo(fhir);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void blankIsAbsent(String value) {
        assertThat(Hl7Time.parse(value)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Aug 15, 1942", "251116", "20251316", "20251131", "20251116250000",
        "202511161460", "2025111614.5", "20251116142530+25", "20251116142530+2500", "x2025", "2025-13-01",
        "2025-11-31", "2025-11-16T25:00", "2025-11-16T14", "2025-11-16 14:25 GMT", "16/11/2025", "20251116++",
        "20251116142530+1", "20251116142530.1234567890", "2025-11-16T14:25:30+01:00:00", "2025111614253Z"})
    void somethingElseIsRefusedWithoutQuotingIt(String value) {
        assertThatThrownBy(() -> Hl7Time.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(Hl7Time.parse(" 20251116 ").fhirDate().getValueAsString()).isEqualTo("2025-11-16");
    }

    @ParameterizedTest(name = "{0} -> latest {1}")
    @CsvSource({
        "2025,           2025-12-31T23:59:59.999Z",
        "202502,         2025-02-28T23:59:59.999Z",
        "20251116,       2025-11-16T23:59:59.999Z",
        "2025111614,     2025-11-16T14:59:59.999Z",
        "202511161425,   2025-11-16T14:25:59.999Z",
        "20251116142530, 2025-11-16T14:25:30.999Z",
    })
    void latestIsTheLastInstantThePrecisionAllows(String hl7, String latest) {
        assertThat(Hl7Time.parse(hl7).latest().toInstant()).hasToString(latest);
    }

    @Test
    void truncatingKeepsTheDateAsWritten() {
        Hl7Time time = Hl7Time.parse("20251116235959-0500");

        assertThat(time.precision()).isEqualTo(14);
        assertThat(time.truncatedTo(8).fhirDateTime().getValueAsString()).isEqualTo("2025-11-16");
        assertThat(time.truncatedTo(6).fhirDateTime().getValueAsString()).isEqualTo("2025-11");
        assertThat(time.truncatedTo(4).fhirDateTime().getValueAsString()).isEqualTo("2025");
        assertThat(Hl7Time.parse("2025").truncatedTo(8).precision()).as("never finer").isEqualTo(4);
    }

    @Test
    void aTimeWithoutOffsetIsUkLocalTime() {
        assertThat(Hl7Time.parse("20251116142500").toDate().toInstant()).hasToString("2025-11-16T14:25:00Z");
        assertThat(Hl7Time.parse("20250716142500").toDate().toInstant()).hasToString("2025-07-16T13:25:00Z");
    }
}
