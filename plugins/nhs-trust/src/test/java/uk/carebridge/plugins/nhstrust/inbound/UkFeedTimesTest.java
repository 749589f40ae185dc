package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Date/times as live UK feeds write them (issue 15): read, at the precision written, rather than the whole
 * message refused; MSH-7 and EVN-2 stand in for each other when one of them cannot be read.
 */
class UkFeedTimesTest {

    /** The synthetic message's EVN-2 (20251123143000) and MSH-7 (20251123143005), GMT. */
    private static final String RECORDED = "2025-11-23T14:30:00Z";
    private static final String SENT = "2025-11-23T14:30:05Z";

    @Test
    void aBirthDateWithATrailingOffsetSignIsTheDate() {
        // NHS Wales PIMS writes birth dates as 20000101+.
        Patient patient = Fhir.only(Readings.translated(Adt.event("A01").set("PID", 7, "19310214+")), Patient.class);

        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1931-02-14");
    }

    @ParameterizedTest(name = "PV1-44 {0}")
    @CsvSource(delimiter = '=', value = {
        "2025-11-16 14:25:00          = 2025-11-16T14:25:00+00:00",
        "2025-11-16T14:25:00          = 2025-11-16T14:25:00+00:00",
        "2025-11-16T14:25:00Z         = 2025-11-16T14:25:00+00:00",
        "2025-11-16T14:25:00+01:00    = 2025-11-16T14:25:00+01:00",
        "20251116142500.1234          = 2025-11-16T14:25:00.1234+00:00",
        "202511161425                 = 2025-11-16T14:25:00+00:00",
        "20251116142500+              = 2025-11-16T14:25:00+00:00",
        "2025-11-16                   = 2025-11-16",
    })
    void anAdmitTimeWrittenAsLiveFeedsDoIsRead(String admitted, String start) {
        Encounter encounter = Fhir.only(Readings.translated(Adt.event("A01").set("PV1", 44, admitted)), Encounter.class);

        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo(start);
    }

    @Test
    void anIsoRecordedTimeIsTheMessagesTimestamp() {
        Bundle bundle = Readings.translated(Adt.event("A03").set("EVN", 2, "2025-11-23 14:30:00"));

        assertThat(bundle.getTimestamp().toInstant()).hasToString(RECORDED);
    }

    @Test
    void anUnreadableMsh7IsNotNeededWhenEvn2IsFine() {
        Bundle bundle = Readings.translated(Adt.event("A03").set("MSH", 7, "16/11/2025 14:30"));

        assertThat(bundle.getTimestamp().toInstant()).hasToString(RECORDED);
    }

    @Test
    void anUnreadableEvn2IsReplacedByMsh7() {
        Bundle bundle = Readings.translated(Adt.event("A03").set("EVN", 2, "16/11/2025 14:30"));

        assertThat(bundle.getTimestamp().toInstant()).hasToString(SENT);
    }
}
