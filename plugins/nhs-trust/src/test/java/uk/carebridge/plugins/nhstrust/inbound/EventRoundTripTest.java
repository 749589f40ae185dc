package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.plugins.nhstrust.outbound.AdtWriter;

/**
 * Each trigger we read, written out again by the outbound writer: the event and Encounter status the reader
 * chooses are the ones the writer turns back into the same trigger (A06/A07, class changes, become the A02
 * transfer whose PV1-2 says the new class).
 */
class EventRoundTripTest {

    private static final AdtWriter WRITER = new AdtWriter(Adt.TRUST, "CAREBRIDGE", "2.4");

    @ParameterizedTest(name = "ADT^{0} in -> ADT^{1} out")
    @CsvSource({"A01, A01, I", "A02, A02, I", "A03, A03, I", "A04, A01, I", "A05, A05, I", "A06, A02, I",
        "A07, A02, O", "A11, A11, I", "A12, A12, I", "A13, A13, I", "A38, A38, I"})
    void theWriterSendsBackTheTriggerTheReaderTook(String in, String out, String patientClass) throws Exception {
        Bundle message = Readings.translated(Adt.event(in).set("PV1", 2, patientClass));

        String er7 = WRITER.write(message, "round-trip-1");

        assertThat(MllpFrames.field(er7, "MSH", 9)).startsWith("ADT^" + out + "^");
        assertThat(MllpFrames.field(er7, "PV1", 2)).isEqualTo(patientClass);
        Encounter.EncounterStatus status = Fhir.only(message, Encounter.class).getStatus();
        AdtReading back = Adt.READER.read(er7);
        assertThat(back).isInstanceOf(AdtReading.Translated.class);
        assertThat(Fhir.only(((AdtReading.Translated) back).message(), Encounter.class).getStatus())
                .as("read back").isEqualTo(status);
    }
}
