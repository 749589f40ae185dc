package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.Fhir;
import uk.carebridge.plugins.careprovider.TestPartnerContext;

class TransferRowMapperTest {

    @Test
    void everyGoodRowBecomesAValidTransferMessage() {
        List<TranslatedRow> rows = Fixtures.translate("transfers-good.csv");

        assertThat(rows).extracting(r -> r.row().number(), TranslatedRow::isRejected)
                .containsExactly(tuple(2, false), tuple(3, false), tuple(4, false));
        for (TranslatedRow row : rows) {
            Bundle message = ((InboundRecord.Message) row.record()).bundle();
            Fhir.assertValidMessage(message);
            assertThat(Messages.event(message)).contains(CareBridgeEvent.TRANSFER);
        }
    }

    @Test
    void theFocusIsTheStayAtTheHomeEndingInTheTransferToTheHospital() {
        Bundle message = Fixtures.message(Fixtures.translate("transfers-good.csv"), 2);

        Encounter stay = (Encounter) Fhir.focus(message);
        assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(stay.getClass_().getCode()).isEqualTo("NONAC");
        // 2024-03-05T02:15 local: Greenwich Mean Time in March.
        assertThat(stay.getPeriod().getEnd().toInstant()).isEqualTo(Instant.parse("2024-03-05T02:15:00Z"));
        assertThat(message.getTimestamp().toInstant()).isEqualTo(Instant.parse("2024-03-05T02:15:00Z"));
        assertThat(stay.getReasonCodeFirstRep().getText()).isEqualTo("Fall in bedroom, suspected hip fracture");
        Identifier hospital = stay.getHospitalization().getDestination().getIdentifier();
        assertThat(hospital.getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(hospital.getValue()).isEqualTo("RR8");
        assertThat(stay.getHospitalization().getDestination().getType()).isEqualTo("Organization");
        assertThat(stay.getServiceProvider().getIdentifier().getValue()).isEqualTo(TestPartnerContext.PARTNER_ODS);

        Patient patient = Fhir.only(message, Patient.class);
        assertThat(stay.getSubject().getReference()).isEqualTo("urn:uuid:" + patient.getIdElement().getIdPart());
        assertThat(Messages.nhsNumber(patient)).contains("9990000018");
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Crawley");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1931-02-14");
    }

    @Test
    void localTimesAreUkTimeAndExplicitOffsetsAreKept() {
        List<TranslatedRow> rows = Fixtures.translate("transfers-good.csv");

        Encounter summer = (Encounter) Fhir.focus(Fixtures.message(rows, 3));
        // "2024-07-10 14:40:00": British Summer Time, one hour ahead of UTC.
        assertThat(summer.getPeriod().getEnd().toInstant()).isEqualTo(Instant.parse("2024-07-10T13:40:00Z"));
        assertThat(summer.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-07-10T14:40:00+01:00");
        assertThat(summer.getHospitalization().getDestination().getIdentifier().getValue()).isEqualTo("RR801");
        assertThat(Fhir.only(Fixtures.message(rows, 3), Patient.class).hasName()).isFalse();

        Encounter withOffset = (Encounter) Fhir.focus(Fixtures.message(rows, 4));
        assertThat(withOffset.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-31T01:30:00+01:00");
        assertThat(withOffset.getPeriod().getEnd().toInstant()).isEqualTo(Instant.parse("2024-03-31T00:30:00Z"));
    }

    @Test
    void badRowsAreRejectedWithTheColumnAndWhatToDo() {
        List<TranslatedRow> rows = Fixtures.translate("transfers-bad.csv");

        assertThat(rows).filteredOn(r -> !r.isRejected()).extracting(r -> r.row().number()).containsExactly(2);
        assertThat(rows).filteredOn(TranslatedRow::isRejected)
                .extracting(r -> r.row().number(), r -> r.errors().get(0).column())
                .containsExactly(
                        tuple(3, "transfer_time"),
                        tuple(4, "reason"),
                        tuple(5, "destination_ods"),
                        tuple(6, "destination_ods"),
                        tuple(7, "nhs_number"));
        assertThat(Fixtures.row(rows, 3).errors().get(0).reason())
                .startsWith("transfer_time must be a date and time written YYYY-MM-DDTHH:MM");
        assertThat(Fixtures.row(rows, 4).errors().get(0).reason())
                .isEqualTo("reason is empty: say briefly why the resident went to hospital");
        assertThat(Fixtures.row(rows, 5).errors().get(0).reason()).startsWith("destination_ods is empty:");
        assertThat(Fixtures.row(rows, 6).errors().get(0).reason())
                .startsWith("destination_ods must be an ODS organisation code").doesNotContain("R!8");
        assertThat(Fixtures.row(rows, 7).errors().get(0).reason())
                .startsWith("nhs_number is not a valid NHS number").doesNotContain("12345");
        Fhir.assertValidMessage(Fixtures.message(rows, 2));
    }
}
