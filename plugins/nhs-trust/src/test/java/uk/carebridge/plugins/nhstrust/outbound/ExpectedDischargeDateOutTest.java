package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.carebridge.plugins.nhstrust.outbound.Hl7.field;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugins.nhstrust.inbound.AdtReader;
import uk.carebridge.plugins.nhstrust.inbound.AdtReading;
import uk.carebridge.plugins.nhstrust.inbound.Fhir;

/** The expected-discharge-date extension on Encounter.hospitalization -> PV2-9, and back through the reader. */
class ExpectedDischargeDateOutTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T14:31:05Z"), ZoneOffset.UTC);
    private static final AdtWriter WRITER = new AdtWriter(Samples.RECEIVER, "CAREBRIDGE", "2.4").withClock(NOW);
    private static final AdtReader READER = new AdtReader(FhirContext.forR4(), Samples.RECEIVER);

    @ParameterizedTest(name = "{0} -> PV2-9 {1}")
    @CsvSource({
        "2026-11-28T12:00:00+00:00, 20261128120000+0000",
        "2026-07-10T13:40:00Z,      20260710144000+0100",     // the same instant in BST
        "2026-11-28T12:00:00.250Z,  20261128120000.250+0000", // milliseconds are kept
        "2026-11-28,                20261128",                // a date stays a date, no zone
    })
    void theExpectedDischargeDateIsPv29AfterPv1(String fhir, String hl7) throws Exception {
        String er7 = WRITER.write(admissionExpectedOut(new DateTimeType(fhir)), "msg-edd-1");

        assertThat(Hl7.segments(er7)).extracting(s -> s.substring(0, 3))
                .containsExactly("MSH", "EVN", "PID", "PD1", "PV1", "PV2");
        assertThat(field(er7, "PV2", 9)).isEqualTo(hl7);
        assertThat(Hl7.segment(er7, "PV2")).isEqualTo("PV2||||||||" + "|" + hl7);
        Message parsed = Hl7.parseStrictly(er7);
        assertThat(((PV2) parsed.get("PV2")).getExpectedDischargeDateTime().getTime().getValue()).isEqualTo(hl7);
    }

    @Test
    void aDateValueIsWrittenAsADateToo() {
        String er7 = WRITER.write(admissionExpectedOut(new DateType("2026-11-28")), "msg-edd-2");

        assertThat(field(er7, "PV2", 9)).isEqualTo("20261128");
    }

    @Test
    void withoutTheExtensionThereIsNoPv2() {
        String er7 = WRITER.write(Samples.admission(), "msg-edd-3");

        assertThat(Hl7.segments(er7)).extracting(s -> s.substring(0, 3)).doesNotContain("PV2");
    }

    @Test
    void aValueThatIsNotADateIsLeftOut() {
        String er7 = WRITER.write(admissionExpectedOut(new StringType("next week")), "msg-edd-4");

        assertThat(Hl7.segments(er7)).extracting(s -> s.substring(0, 3)).doesNotContain("PV2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "discharge,           ADT^A03^ADT_A03",
        "wardTransfer,        ADT^A02^ADT_A02",
        "cancelled-ADMISSION, ADT^A11^ADT_A09",
        "cancelled-TRANSFER,  ADT^A12^ADT_A12",
        "cancelled-DISCHARGE, ADT^A13^ADT_A01",
        "planned,             ADT^A05^ADT_A05",
        "plannedCancelled,    ADT^A38^ADT_A38",
    })
    void everyVisitStructureHasPv2RightAfterPv1(String sample, String messageType) throws Exception {
        Bundle message = switch (sample) {
            case "discharge" -> Samples.discharge();
            case "wardTransfer" -> Samples.wardTransfer();
            case "planned", "plannedCancelled" -> {
                Bundle admission = Samples.admission();
                encounterOf(admission).setStatus(sample.equals("planned") ? Encounter.EncounterStatus.PLANNED
                        : Encounter.EncounterStatus.CANCELLED);
                yield admission;
            }
            default -> Samples.cancelled(CareBridgeEvent.valueOf(sample.substring("cancelled-".length())));
        };
        encounterOf(message).getHospitalization().addExtension(FhirSystems.EXPECTED_DISCHARGE_DATE,
                new DateTimeType("2026-11-28"));

        String er7 = WRITER.write(message, "msg-edd-5");

        assertThat(field(er7, "MSH", 9)).isEqualTo(messageType);
        var ids = Hl7.segments(er7).stream().map(s -> s.substring(0, 3)).toList();
        assertThat(ids.indexOf("PV2")).isEqualTo(ids.indexOf("PV1") + 1);
        assertThat(field(er7, "PV2", 9)).isEqualTo("20261128");
        Hl7.parseStrictly(er7);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"})
    void everyVersionWeWriteCarriesIt(String version) throws Exception {
        String er7 = new AdtWriter(Samples.RECEIVER, "CAREBRIDGE", version).withClock(NOW)
                .write(admissionExpectedOut(new DateTimeType("2026-11-28T12:00:00+00:00")), "msg-edd-6");

        assertThat(field(er7, "PV2", 9)).isEqualTo("20261128120000+0000");
        Hl7.parseStrictly(er7);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-28T12:00:00+00:00", "2026-07-10T14:40:00+01:00", "2026-11-28"})
    void aRoundTripThroughTheReaderKeepsTheDateAndItsPrecision(String fhir) throws Exception {
        DateTimeType sent = new DateTimeType(fhir);
        String er7 = WRITER.write(admissionExpectedOut(sent), "msg-edd-7");

        AdtReading reading = READER.read(er7);
        assertThat(reading).isInstanceOf(AdtReading.Translated.class);
        Bundle back = ((AdtReading.Translated) reading).message();
        Fhir.assertValidMessage(back);
        Extension edd = encounterOf(back).getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE);
        assertThat(edd).isNotNull();
        DateTimeType read = (DateTimeType) edd.getValue();
        assertThat(read.getValue()).as("the same instant").isEqualTo(sent.getValue());
        assertThat(read.getPrecision()).isEqualTo(sent.getPrecision());
        assertThat(read.getValueAsString()).isEqualTo(fhir);

        // And out again: the same PV2-9.
        String again = WRITER.write(back, "msg-edd-8");
        assertThat(field(again, "PV2", 9)).isEqualTo(field(er7, "PV2", 9));
    }

    @Test
    void aDateOnlyRoundTripStaysADay() throws Exception {
        String er7 = WRITER.write(admissionExpectedOut(new DateTimeType("2026-11-28")), "msg-edd-9");
        Bundle back = ((AdtReading.Translated) READER.read(er7)).message();

        BaseDateTimeType read = (BaseDateTimeType) encounterOf(back).getHospitalization()
                .getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE).getValue();
        assertThat(read.getPrecision()).isEqualTo(TemporalPrecisionEnum.DAY);
        assertThat(read.getValueAsString()).isEqualTo("2026-11-28");
    }

    private static Bundle admissionExpectedOut(Type value) {
        Bundle message = Samples.admission();
        encounterOf(message).getHospitalization().addExtension(FhirSystems.EXPECTED_DISCHARGE_DATE, value);
        return message;
    }

    private static Encounter encounterOf(Bundle message) {
        return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Encounter.class::isInstance).map(Encounter.class::cast).findFirst().orElseThrow();
    }
}
