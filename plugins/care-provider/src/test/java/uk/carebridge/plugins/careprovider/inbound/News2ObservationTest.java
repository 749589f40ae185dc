package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.Fhir;
import uk.carebridge.plugins.careprovider.TestPartnerContext;

class News2ObservationTest {

    private static final String HEADER = "nhs_number,resident_id,observed_at,type,value,unit\n";

    private static List<TranslatedRow> translate(String rows) {
        return Fixtures.translate("observations-news2.csv", (HEADER + rows).getBytes(StandardCharsets.UTF_8),
                Fixtures.CARE_HOME);
    }

    @Test
    void wholeScoresFrom0To20BecomeValidUkCoreObservations() {
        List<TranslatedRow> rows = translate("""
                9990000018,R-1001,2024-03-02T08:00,news2,0,
                9990000018,R-1001,2024-03-02T09:00,news2,5,{score}
                ,R-1002,2024-03-02T10:00,NEWS2,20,
                """);

        assertThat(rows).extracting(r -> r.row().number(), TranslatedRow::isRejected)
                .containsExactly(tuple(2, false), tuple(3, false), tuple(4, false));
        int[] expected = {0, 5, 20};
        for (int i = 0; i < expected.length; i++) {
            Bundle message = Fixtures.message(rows, i + 2);
            Fhir.assertValidMessage(message);
            assertThat(Messages.event(message)).contains(CareBridgeEvent.OBSERVATION);
            Observation observation = (Observation) Fhir.focus(message);
            Patient patient = Fhir.only(message, Patient.class);
            assertThat(observation.getMeta().getProfile()).extracting(CanonicalType::getValue)
                    .containsExactly(UkCore.OBSERVATION);
            assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(observation.getCategory()).hasSize(1);
            assertThat(observation.getCategoryFirstRep().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                    .containsExactly(tuple(FhirSystems.OBSERVATION_CATEGORY, "survey"));
            assertThat(observation.getCode().getCoding())
                    .extracting(Coding::getSystem, Coding::getCode, Coding::getDisplay)
                    .containsExactly(tuple(FhirSystems.SNOMED, "1104051000000101",
                            "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score"));
            assertThat(observation.hasValueIntegerType()).isTrue();
            assertThat(observation.getValueIntegerType().getValue()).isEqualTo(expected[i]);
            assertThat(observation.getSubject().getReference())
                    .isEqualTo("urn:uuid:" + patient.getIdElement().getIdPart());
            assertThat(observation.getPerformer()).hasSize(1);
            assertThat(observation.getPerformerFirstRep().getIdentifier().getValue())
                    .isEqualTo(TestPartnerContext.PARTNER_ODS);
        }
        Observation first = (Observation) Fhir.focus(Fixtures.message(rows, 2));
        assertThat(first.getEffectiveDateTimeType().getValue().toInstant())
                .isEqualTo(Instant.parse("2024-03-02T08:00:00Z"));
        assertThat(Messages.nhsNumber(Fhir.only(Fixtures.message(rows, 2), Patient.class))).contains("9990000018");
        assertThat(Messages.nhsNumber(Fhir.only(Fixtures.message(rows, 4), Patient.class))).isEmpty();
    }

    @Test
    void scoresThatAreNotWholeNumbersFrom0To20AreRejectedWithoutQuotingThem() {
        List<TranslatedRow> rows = translate("""
                9990000018,R-1001,2024-03-02T08:00,news2,-1,
                9990000018,R-1001,2024-03-02T08:00,news2,21,
                9990000018,R-1001,2024-03-02T08:00,news2,4.5,
                9990000018,R-1001,2024-03-02T08:00,news2,high,
                9990000018,R-1001,2024-03-02T08:00,news2,,
                9990000018,R-1001,2024-03-02T08:00,news2,3,points
                9990000018,R-1001,2024-03-02T08:00,news2,7,
                """);

        assertThat(rows).filteredOn(r -> !r.isRejected()).extracting(r -> r.row().number()).containsExactly(8);
        assertThat(rows).filteredOn(TranslatedRow::isRejected)
                .extracting(r -> r.row().number(), r -> ((InboundRecord.Rejected) r.record()).location())
                .containsExactly(
                        tuple(2, "row 2, column value"),
                        tuple(3, "row 3, column value"),
                        tuple(4, "row 4, column value"),
                        tuple(5, "row 5, column value"),
                        tuple(6, "row 6, column value"),
                        tuple(7, "row 7, column unit"));
        String outOfRange = "value is not a possible NEWS2 total score (expected a whole number from 0 to 20): "
                + "check the score";
        String notWhole = "value must be a whole number for news2 (the NEWS2 total score, 0 to 20), e.g. 5";
        assertThat(reason(rows, 2)).isEqualTo(outOfRange);
        assertThat(reason(rows, 3)).isEqualTo(outOfRange);
        assertThat(reason(rows, 4)).isEqualTo(notWhole);
        assertThat(reason(rows, 5)).isEqualTo(notWhole);
        assertThat(reason(rows, 6)).startsWith("value is empty: give the NEWS2 total score");
        assertThat(reason(rows, 7)).isEqualTo("unit does not fit news2: use {score} (or leave unit empty)");
        for (int row = 2; row <= 7; row++) {
            assertThat(reason(rows, row)).doesNotContain("-1", "21", "4.5", "high", "points", "9990000018", "R-1001");
        }
        Fhir.assertValidMessage(Fixtures.message(rows, 8));
    }

    @Test
    void unknownTypesNameNews2AmongTheChoices() {
        List<TranslatedRow> rows = translate("9990000018,R-1001,2024-03-02T08:00,news3,5,\n");

        assertThat(reason(rows, 2)).isEqualTo("type must be one of respiration-rate, oxygen-saturation, systolic-bp, "
                + "pulse, consciousness, temperature or news2");
    }

    private static String reason(List<TranslatedRow> rows, int row) {
        return ((InboundRecord.Rejected) Fixtures.row(rows, row).record()).reason();
    }
}
