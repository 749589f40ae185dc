package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundRecord;

class ObservationRowMapperTest {

    @Test
    void everyGoodRowBecomesAValidObservationMessage() {
        List<TranslatedRow> rows = Fixtures.translate("observations-good.csv");

        assertThat(rows).extracting(r -> r.row().number(), TranslatedRow::isRejected).containsExactly(
                tuple(2, false), tuple(3, false), tuple(4, false), tuple(5, false), tuple(6, false),
                tuple(7, false), tuple(8, false));
        for (TranslatedRow row : rows) {
            Bundle message = ((InboundRecord.Message) row.record()).bundle();
            Fhir.assertValidMessage(message);
            assertThat(Messages.event(message)).contains(CareBridgeEvent.OBSERVATION);
            Observation observation = (Observation) Fhir.focus(message);
            Patient patient = Fhir.only(message, Patient.class);
            assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(observation.getSubject().getReference())
                    .isEqualTo("urn:uuid:" + patient.getIdElement().getIdPart());
            assertThat(observation.getPerformerFirstRep().getIdentifier().getValue())
                    .isEqualTo(TestPartnerContext.PARTNER_ODS);
        }
    }

    @Test
    void vitalSignsCarryLoincCodesAndUcumUnits() {
        List<TranslatedRow> rows = Fixtures.translate("observations-good.csv");

        assertVitalSign(rows, 2, List.of("9279-1"), "18", "/min");
        assertVitalSign(rows, 3, List.of("2708-6", "59408-5"), "96", "%");
        assertVitalSign(rows, 4, List.of("8480-6"), "132", "mm[Hg]");
        assertVitalSign(rows, 5, List.of("8867-4"), "88", "/min");
        assertVitalSign(rows, 7, List.of("8310-5"), "37.4", "Cel");

        Bundle message = Fixtures.message(rows, 2);
        Observation observation = (Observation) Fhir.focus(message);
        assertThat(observation.getEffectiveDateTimeType().getValue().toInstant())
                .isEqualTo(Instant.parse("2024-03-02T08:00:00Z"));
        assertThat(Messages.nhsNumber(Fhir.only(message, Patient.class))).contains("9990000018");
    }

    @Test
    void consciousnessIsAnAcvpuLevelCodedAsInUkCore() {
        List<TranslatedRow> rows = Fixtures.translate("observations-good.csv");

        Observation alert = (Observation) Fhir.focus(Fixtures.message(rows, 6));
        assertThat(alert.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey");
        assertThat(alert.getCode().getCodingFirstRep().getSystem()).isEqualTo(FhirSystems.SNOMED);
        assertThat(alert.getCode().getCodingFirstRep().getCode()).isEqualTo("1104441000000107");
        assertThat(alert.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("248234008");
        assertThat(alert.getValueCodeableConcept().getText()).isEqualTo("Mentally alert");
        assertThat(alert.hasValueQuantity()).isFalse();

        Bundle confused = Fixtures.message(rows, 8);
        assertThat(((Observation) Fhir.focus(confused)).getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("130987000");
        assertThat(Messages.nhsNumber(Fhir.only(confused, Patient.class))).isEmpty();
    }

    @Test
    void badReadingsAreRejectedWithTheColumnAndWhatToDo() {
        List<TranslatedRow> rows = Fixtures.translate("observations-bad.csv");

        assertThat(rows).filteredOn(r -> !r.isRejected()).extracting(r -> r.row().number()).containsExactly(2, 10);
        assertThat(rows).filteredOn(TranslatedRow::isRejected)
                .extracting(r -> r.row().number(), r -> ((InboundRecord.Rejected) r.record()).location())
                .containsExactly(
                        tuple(3, "row 3, column type"),
                        tuple(4, "row 4, column value"),
                        tuple(5, "row 5, column value"),
                        tuple(6, "row 6, columns value, unit"),
                        tuple(7, "row 7, column observed_at"),
                        tuple(8, "row 8, column value"),
                        tuple(9, "row 9, column value"));
        assertThat(reason(rows, 3)).startsWith("type must be one of respiration-rate, oxygen-saturation");
        assertThat(reason(rows, 4)).isEqualTo("value must be a number (digits, a dot for decimals), e.g. 37.5");
        assertThat(reason(rows, 5)).isEqualTo("value is not a plausible oxygen saturation (expected 0 to 100 %): "
                + "check the reading and its unit");
        assertThat(reason(rows, 6)).contains("value is not a plausible body temperature")
                .contains("unit does not fit temperature: use Cel");
        assertThat(reason(rows, 7)).startsWith("observed_at must be a date and time");
        assertThat(reason(rows, 8)).startsWith("value must be an ACVPU level for consciousness");
        assertThat(reason(rows, 9)).startsWith("value is empty: give the systolic blood pressure as a number");
        Fhir.assertValidMessage(Fixtures.message(rows, 2));
        Fhir.assertValidMessage(Fixtures.message(rows, 10));
    }

    private static void assertVitalSign(List<TranslatedRow> rows, int row, List<String> loinc, String value,
            String ucum) {
        Observation observation = (Observation) Fhir.focus(Fixtures.message(rows, row));
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(FhirSystems.OBSERVATION_CATEGORY);
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(observation.getCode().getCoding()).extracting(Coding::getSystem).containsOnly(FhirSystems.LOINC);
        assertThat(observation.getCode().getCoding()).extracting(Coding::getCode).containsExactlyElementsOf(loinc);
        Quantity quantity = observation.getValueQuantity();
        assertThat(quantity.getValue()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(quantity.getSystem()).isEqualTo(FhirSystems.UCUM);
        assertThat(quantity.getCode()).isEqualTo(ucum);
    }

    private static String reason(List<TranslatedRow> rows, int row) {
        return ((InboundRecord.Rejected) Fixtures.row(rows, row).record()).reason();
    }
}
