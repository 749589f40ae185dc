package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Hl7TimestampsTest {

    @ParameterizedTest
    @CsvSource({
            // Winter: GMT, offset +0000.
            "2026-11-23T14:30:00Z,         20261123143000+0000",
            // Summer: BST, the same instant an hour later on the clock.
            "2026-07-10T13:40:00Z,         20260710144000+0100",
            "2026-07-10T14:40:00+01:00,    20260710144000+0100",
            // A US offset is the same instant in UK time.
            "2026-07-10T08:40:00-05:00,    20260710144000+0100",
            // Around the clocks going forward (29 March 2026, 01:00 GMT -> 02:00 BST).
            "2026-03-29T00:59:59Z,         20260329005959+0000",
            "2026-03-29T01:00:00Z,         20260329020000+0100",
            "2026-11-23T14:30:00.250Z,     20261123143000.250+0000",
            // Dates are written as they are, never moved through a time zone.
            "2024-03-01,                   20240301",
            "1931-02,                      193102",
            "1931,                         1931"})
    void fhirDateTimesBecomeUkLocalTimeWithOffsetAndDatesStayDates(String fhir, String hl7) {
        assertThat(Hl7Timestamps.of(new DateTimeType(fhir))).isEqualTo(hl7);
    }

    @Test
    void birthDatesInstantsAndEmptyValues() {
        assertThat(Hl7Timestamps.of(new DateType("1931-02-14"))).isEqualTo("19310214");
        assertThat(Hl7Timestamps.of(new InstantType("2026-07-10T13:40:00.000Z"))).isEqualTo("20260710144000.000+0100");
        assertThat(Hl7Timestamps.of(Instant.parse("2026-07-10T13:40:00.999Z"))).isEqualTo("20260710144000+0100");
        assertThat(Hl7Timestamps.of(new DateTimeType())).isNull();
        assertThat(Hl7Timestamps.of((DateTimeType) null)).isNull();
    }
}
