package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugins.careprovider.Fhir;
import uk.carebridge.plugins.careprovider.TestPartnerContext;

class ResidentRowMapperTest {

    private static final String LOCAL = FhirSystems.localIdSystem(TestPartnerContext.PARTNER_ID);

    @Test
    void everyGoodRowBecomesAValidMessageKeyedByFileAndRow() {
        List<TranslatedRow> rows = Fixtures.translate("residents-good.csv");

        assertThat(rows).extracting(r -> r.row().number(), r -> r.record().sourceKey(), TranslatedRow::isRejected)
                .containsExactly(
                        tuple(2, Fixtures.FINGERPRINT + ":2", false),
                        tuple(3, Fixtures.FINGERPRINT + ":3", false),
                        tuple(4, Fixtures.FINGERPRINT + ":4", false));
        rows.forEach(r -> Fhir.assertValidMessage(((InboundRecord.Message) r.record()).bundle()));
    }

    @Test
    void admitIsAnAdmissionOfAnInProgressStayAtTheHome() {
        Bundle message = Fixtures.message(Fixtures.translate("residents-good.csv"), 2);

        assertThat(Messages.event(message)).contains(CareBridgeEvent.ADMISSION);
        assertThat(message.getTimestamp().toInstant()).isEqualTo(Instant.parse("2024-03-01T10:30:00Z"));
        Encounter stay = (Encounter) Fhir.focus(message);
        assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(stay.getClass_().getSystem()).isEqualTo(FhirSystems.ACT_CODE);
        assertThat(stay.getClass_().getCode()).isEqualTo("NONAC");
        assertThat(stay.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-01");
        assertThat(stay.getPeriod().hasEnd()).isFalse();
        // care_home_ods left empty: the partner's own ODS code.
        assertThat(stay.getServiceProvider().getIdentifier().getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(stay.getServiceProvider().getIdentifier().getValue()).isEqualTo(TestPartnerContext.PARTNER_ODS);

        Patient patient = Fhir.only(message, Patient.class);
        assertThat(stay.getSubject().getReference()).isEqualTo("urn:uuid:" + patient.getIdElement().getIdPart());
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                tuple(FhirSystems.NHS_NUMBER, "9990000018"), tuple(LOCAL, "R-1001"));
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Crawley");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Edith");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1931-02-14");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(patient.getAddressFirstRep().getLine()).extracting(Object::toString)
                .containsExactly("Rose Court, Flat 2", "1 Mill Lane");
        assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("Leeds");
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("LS1 4AB");
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("B86001");
        assertThat(patient.getGeneralPractitionerFirstRep().getType()).isEqualTo("Organization");
    }

    @Test
    void updateIsAPersonUpdateAboutThePatient() {
        Bundle message = Fixtures.message(Fixtures.translate("residents-good.csv"), 3);

        assertThat(Messages.event(message)).contains(CareBridgeEvent.PERSON_UPDATE);
        Patient patient = (Patient) Fhir.focus(message);
        assertThat(Fhir.resources(message, Encounter.class)).isEmpty();
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.MALE);
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("B86002");
    }

    @Test
    void leaveIsADischargeEndingTheStayAndAResidentIdIsEnoughWithoutNhsNumber() {
        Bundle message = Fixtures.message(Fixtures.translate("residents-good.csv"), 4);

        assertThat(Messages.event(message)).contains(CareBridgeEvent.DISCHARGE);
        assertThat(message.getTimestamp().toInstant()).isEqualTo(Instant.parse("2024-03-20T16:00:00Z"));
        Encounter stay = (Encounter) Fhir.focus(message);
        assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(stay.getPeriod().getStartElement().getValueAsString()).isEqualTo("2023-05-01");
        assertThat(stay.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-20");
        Patient patient = Fhir.only(message, Patient.class);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(tuple(LOCAL, "R-1003"));
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Zoë");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.UNKNOWN);
        assertThat(Messages.personKey(message)).contains(LOCAL + "|R-1003");
    }

    @Test
    void aHomeCareAgencyStayIsHomeHealth() {
        SourcePartner agency = new SourcePartner("helping-hands", "AB1CD", CareSetting.HOME_CARE);
        List<TranslatedRow> rows = Fixtures.translate("residents-good.csv",
                Fixtures.bytes("residents-good.csv"), agency);

        Encounter stay = (Encounter) Fhir.focus(Fixtures.message(rows, 2));
        assertThat(stay.getClass_().getCode()).isEqualTo("HH");
        Fhir.assertValidMessage(Fixtures.message(rows, 2));
    }

    @Test
    void badRowsAreRejectedNamingRowColumnAndWhatToDoButNeverTheValue() {
        List<TranslatedRow> rows = Fixtures.translate("residents-bad.csv");

        assertThat(rows).filteredOn(r -> !r.isRejected()).extracting(r -> r.row().number())
                .containsExactly(2, 10, 11);
        assertThat(rows).filteredOn(TranslatedRow::isRejected)
                .extracting(r -> r.row().number(), r -> ((InboundRecord.Rejected) r.record()).location())
                .containsExactly(
                        tuple(3, "row 3, column nhs_number"),
                        tuple(4, "row 4, column given_name"),
                        tuple(5, "row 5, column date_of_birth"),
                        tuple(7, "row 7, column end_date"),
                        tuple(8, "row 8, columns nhs_number, sex"),
                        tuple(9, "row 9, column action"),
                        tuple(12, "row 12"),
                        tuple(13, "row 13, column start_date"));

        assertThat(reason(rows, 3)).contains("nhs_number is not a valid NHS number").doesNotContain("9990000019");
        assertThat(reason(rows, 4)).isEqualTo("given_name is empty: give the resident's first name");
        assertThat(reason(rows, 5)).contains("date_of_birth must be a real date written YYYY-MM-DD")
                .doesNotContain("1943-13-01");
        assertThat(reason(rows, 7)).contains("end_date must be a real date");
        assertThat(reason(rows, 8)).contains("nhs_number and resident_id are both empty")
                .contains("sex must be male, female, other or unknown");
        assertThat(reason(rows, 9)).isEqualTo("action must be admit, update or leave");
        assertThat(reason(rows, 12)).contains("the row has 10 values but the header row has 9 columns");
        assertThat(reason(rows, 13)).contains("start_date is empty: admit needs the date the resident moved in");
        rows.stream().filter(r -> !r.isRejected())
                .forEach(r -> Fhir.assertValidMessage(((InboundRecord.Message) r.record()).bundle()));
        assertThat(Fixtures.message(rows, 11).getEntry()).anySatisfy(e -> assertThat(e.getResource())
                .isInstanceOfSatisfying(Patient.class, p -> assertThat(p.getNameFirstRep().getFamily())
                        .isEqualTo("Capp, Jr")));
    }

    @Test
    void aStartDateColumnMissingFromTheFileIsReportedOnTheAdmitRowsThatNeedIt() {
        byte[] csv = ("action,nhs_number,resident_id,given_name,family_name,date_of_birth\n"
                + "admit,9990000018,R-1,Ann,Lee,1940-01-01\n"
                + "update,9990000018,R-1,Ann,Lee,1940-01-01\n").getBytes();
        List<TranslatedRow> rows = Fixtures.translate("residents.csv", csv, Fixtures.CARE_HOME);

        assertThat(rows.get(0).errors()).extracting(RowError::column, RowError::reason).containsExactly(tuple(
                "start_date", "the file has no start_date column: admit needs the date the resident moved in "
                        + "(YYYY-MM-DD)"));
        assertThat(rows.get(1).isRejected()).isFalse();
    }

    private static String reason(List<TranslatedRow> rows, int row) {
        return ((InboundRecord.Rejected) Fixtures.row(rows, row).record()).reason();
    }
}
