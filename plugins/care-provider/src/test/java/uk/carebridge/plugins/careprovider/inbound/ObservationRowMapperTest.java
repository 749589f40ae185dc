package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.Fhir;
import uk.carebridge.plugins.careprovider.TestPartnerContext;

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
    void vitalSignsFollowTheirUkCoreProfileWithLoincSnomedAndUcum() {
        List<TranslatedRow> rows = Fixtures.translate("observations-good.csv");

        assertVitalSign(rows, 2, UkCore.OBSERVATION_RESPIRATION_RATE, "9279-1", "86290005", "18", "/min", "per minute");
        assertVitalSign(rows, 3, UkCore.OBSERVATION_OXYGEN_SATURATION, "2708-6", "431314004", "96", "%", "percent");
        assertVitalSign(rows, 4, UkCore.OBSERVATION_VITAL_SIGNS, "8480-6", "271649006", "132", "mm[Hg]", "mmHg");
        assertVitalSign(rows, 5, UkCore.OBSERVATION_HEART_RATE, "8867-4", "78564009", "88", "/min", "per minute");
        assertVitalSign(rows, 7, UkCore.OBSERVATION_BODY_TEMPERATURE, "8310-5", "386725007", "37.4", "Cel",
                "degree Celsius");

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
        assertThat(alert.getMeta().getProfile()).extracting(CanonicalType::getValue)
                .containsExactly(UkCore.OBSERVATION_ACVPU);
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

    private static void assertVitalSign(List<TranslatedRow> rows, int row, String profile, String loinc,
            String snomed, String value, String ucum, String unitText) {
        Observation observation = (Observation) Fhir.focus(Fixtures.message(rows, row));
        assertThat(observation.getMeta().getProfile()).extracting(CanonicalType::getValue).containsExactly(profile);
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(FhirSystems.OBSERVATION_CATEGORY);
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(observation.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(tuple(FhirSystems.LOINC, loinc), tuple(FhirSystems.SNOMED, snomed));
        Quantity quantity = observation.getValueQuantity();
        assertThat(quantity.getValue()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(quantity.getSystem()).isEqualTo(FhirSystems.UCUM);
        assertThat(quantity.getCode()).isEqualTo(ucum);
        assertThat(quantity.getUnit()).isEqualTo(unitText);
    }

    @Test
    void aReadingWithThousandsOfDigitsIsRejectedNotSentOnAsANumberNoReaderTakesBack() {
        // 38.999...94 with 100,000 digits is in range, and went on to the broker, where the router could not read it
        // back (JSON numbers of over 1000 digits): found by BadInputIT.
        String csv = "nhs_number,resident_id,observed_at,type,value,unit\n"
                + "9990000018,SM-0001,2026-11-20T09:15:00Z,temperature,38." + "9".repeat(100_000) + "4,Cel\n";
        List<TranslatedRow> rows = Fixtures.translate("observations-long.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Fixtures.CARE_HOME);

        assertThat(((InboundRecord.Rejected) Fixtures.row(rows, 2).record()).location()).isEqualTo("row 2, column value");
        assertThat(reason(rows, 2)).startsWith("value has more than 20 characters").doesNotContain("999");
    }

    private static String reason(List<TranslatedRow> rows, int row) {
        return ((InboundRecord.Rejected) Fixtures.row(rows, row).record()).reason();
    }
}
