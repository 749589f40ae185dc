package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.carebridge.plugins.nhstrust.outbound.Hl7.field;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.Partner;

class AdtWriterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T14:31:05Z"), ZoneOffset.UTC);
    private static final AdtWriter WRITER =
            new AdtWriter(Samples.RECEIVER, "CAREBRIDGE", "2.4").withClock(NOW);
    private static final String LOCAL_AUTHORITY = Samples.CARE_HOME + "&" + Samples.RESIDENT_ID_SYSTEM + "&URI";

    @Test
    void anAdmissionIsAnA01WithTheHeaderTheTrustNeeds() throws Exception {
        String er7 = WRITER.write(Samples.admission(), "msg-0001");

        assertThat(Hl7.segments(er7)).extracting(s -> s.substring(0, 3))
                .containsExactly("MSH", "EVN", "PID", "PD1", "PV1");
        assertThat(Hl7.segment(er7, "MSH")).isEqualTo("MSH|^~\\&|CAREBRIDGE|CareBridge|st-elsewhere-hospital|RXX01|"
                + "20261123143105+0000||ADT^A01^ADT_A01|msg-0001|P|2.4");
        assertThat(Hl7.segment(er7, "EVN")).isEqualTo("EVN|A01|20261123143000+0000||||20261123143000+0000");
        assertThat(er7).doesNotContain("\n").endsWith("\r");

        Message parsed = Hl7.parseStrictly(er7);
        assertThat(parsed).isInstanceOf(ADT_A01.class);
        MSH msh = (MSH) parsed.get("MSH");
        assertThat(msh.getMessageControlID().getValue()).isEqualTo("msg-0001");
        assertThat(msh.getVersionID().getVersionID().getValue()).isEqualTo("2.4");
    }

    @Test
    void pidCarriesTheNhsNumberFirstThenLocalIdsNamesBirthSexAddressAndTelecom() {
        String er7 = WRITER.write(Samples.admission(), "msg-0002");

        assertThat(field(er7, "PID", 1)).isEqualTo("1");
        assertThat(field(er7, "PID", 3))
                .isEqualTo("9990000018^^^NHS^NH~R-1042^^^" + LOCAL_AUTHORITY + "^PI");
        // Official name first, the usual one after, the old one left out.
        assertThat(field(er7, "PID", 5)).isEqualTo("Crawley^Edith^May^^Mrs^^L~Crawley^Edie^^^^^D");
        assertThat(field(er7, "PID", 7)).isEqualTo("19310214");
        assertThat(field(er7, "PID", 8)).isEqualTo("F");
        assertThat(field(er7, "PID", 11)).isEqualTo(
                "Sunny Meadows Care Home^12 High Street, Chapel Allerton^Leeds^West Yorkshire^LS7 4AB^GB^H");
        assertThat(field(er7, "PID", 13))
                .isEqualTo("0113 496 0000^PRN^PH~07700 900123^PRN^CP~^NET^Internet^edith@example.org");
        assertThat(field(er7, "PID", 14)).isEqualTo("0113 496 0999^WPN^PH");
        assertThat(field(er7, "PID", 32)).isEqualTo("01");
    }

    @Test
    void contactsAreNk1WithTheRelationshipHl7HasACodeForElseItsWords() {
        Bundle message = Samples.admission();
        Patient patient = Messages.patient(message).orElseThrow();
        Patient.ContactComponent husband = patient.addContact();
        husband.getName().setFamily("Crawley").addGiven("Albert");
        husband.addRelationship(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HUSB", "husband")));
        husband.addRelationship(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact")));
        husband.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
                .setValue("0113 496 2222").setUse(org.hl7.fhir.r4.model.ContactPoint.ContactPointUse.WORK);
        patient.addContact().addRelationship().setText("no details: not written");

        String er7 = WRITER.write(message, "msg-nk1");

        assertThat(Hl7.segments(er7)).extracting(seg -> seg.substring(0, 3))
                .containsExactly("MSH", "EVN", "PID", "PD1", "NK1", "PV1");
        assertThat(Hl7.segment(er7, "NK1")).isEqualTo("NK1|1|Crawley^Albert|^husband|||0113 496 2222^WPN^PH|C");
    }

    @Test
    void pd1NamesTheRegisteredGpPracticeByItsOdsCode() {
        String er7 = WRITER.write(Samples.admission(), "msg-0003");

        assertThat(field(er7, "PD1", 3)).isEqualTo("Oakwood Surgery^^^^^^^^^B86001");
    }

    @Test
    void pd1NamesTheGpThroughAPractitionerRole() throws Exception {
        Bundle message = Samples.personUpdate();
        Practitioner gp = new Practitioner();
        gp.addIdentifier().setSystem(PatientSegments.GMP_NUMBER).setValue("G8123456");
        gp.addName().setFamily("Jones").addGiven("Ann").addPrefix("Dr");
        Organization practice = (Organization) message.getEntry().get(2).getResource();
        PractitionerRole role = new PractitionerRole();
        role.setPractitioner(MessageBuilder.ref(gp)).setOrganization(MessageBuilder.ref(practice));
        Patient patient = Messages.patient(message).orElseThrow();
        patient.getGeneralPractitioner().clear();
        patient.addGeneralPractitioner(MessageBuilder.ref(role));
        message.addEntry().setFullUrl("urn:uuid:" + role.getIdElement().getIdPart()).setResource(role);
        message.addEntry().setFullUrl("urn:uuid:" + gp.getIdElement().getIdPart()).setResource(gp);

        String er7 = WRITER.write(message, "msg-0020");

        assertThat(field(er7, "PD1", 3)).isEqualTo("Oakwood Surgery^^^^^^^^^B86001");
        assertThat(field(er7, "PD1", 4)).isEqualTo("G8123456^Jones^Ann^^^Dr^^^GMP");
        Hl7.parseStrictly(er7);
    }

    @Test
    void aGpPracticeReferredToOnlyByOdsCodeIsKeptToo() {
        String er7 = WRITER.write(Samples.careHomeTransfer(), "msg-0004");

        assertThat(field(er7, "PD1", 3)).isEqualTo("^^^^^^^^^B86001");
    }

    @Test
    void pv1CarriesClassLocationAdmitSourceVisitNumberAndAdmitTimeInUkLocalTime() throws Exception {
        String er7 = WRITER.write(Samples.admission(), "msg-0005");

        assertThat(field(er7, "PV1", 1)).isEqualTo("1");
        assertThat(field(er7, "PV1", 2)).isEqualTo("I");
        // Bed 3 (bd) part of Ward 7 (wa, identifier WARD7, managed by the trust RXX01).
        assertThat(field(er7, "PV1", 3)).isEqualTo("WARD7^^Bed 3^RXX01^^^^^Ward 7 Elderly Care, Bed 3");
        assertThat(field(er7, "PV1", 4)).isEqualTo("21");
        assertThat(field(er7, "PV1", 14)).isEqualTo("19");
        assertThat(field(er7, "PV1", 19)).isEqualTo(
                "V-2026-0042^^^" + Samples.TRUST + "&" + Samples.HOSPITAL_NUMBER_SYSTEM + "&URI^VN");
        // November: Greenwich Mean Time.
        assertThat(field(er7, "PV1", 44)).isEqualTo("20261123143000+0000");
        assertThat(field(er7, "PV1", 45)).isEmpty();
        Hl7.parseStrictly(er7);
    }

    @Test
    void aDischargeIsAnA03WithDischargeTimeInBritishSummerTimeAndWhereThePatientWent() throws Exception {
        String er7 = WRITER.write(Samples.discharge(), "msg-0006");

        assertThat(field(er7, "MSH", 9)).isEqualTo("ADT^A03^ADT_A03");
        assertThat(field(er7, "EVN", 1)).isEqualTo("A03");
        // 13:40Z in July is 14:40 BST; the admission's own +01:00 offset is kept as the same instant.
        assertThat(field(er7, "PV1", 44)).isEqualTo("20260630090500+0100");
        assertThat(field(er7, "PV1", 45)).isEqualTo("20260710144000+0100");
        assertThat(field(er7, "PV1", 3)).isEqualTo("WARD7^^^RXX01^^^^^Ward 7 Elderly Care");
        assertThat(field(er7, "PV1", 36)).isEqualTo("54");
        assertThat(field(er7, "PV1", 37)).isEqualTo(Samples.CARE_HOME_ODS + "^20260710144000+0100");
        Hl7.parseStrictly(er7);
    }

    @Test
    void aTransferIsAnA02WithTheNewAndThePriorLocation() throws Exception {
        String er7 = WRITER.write(Samples.wardTransfer(), "msg-0007");

        assertThat(field(er7, "MSH", 9)).isEqualTo("ADT^A02^ADT_A02");
        assertThat(field(er7, "PV1", 3)).isEqualTo("DLOUNGE^^^^^^^^Discharge Lounge");
        assertThat(field(er7, "PV1", 6)).isEqualTo("WARD7^^^RXX01^^^^^Ward 7 Elderly Care");
        Hl7.parseStrictly(er7);
    }

    @Test
    void theCareProvidersTransferToHospitalIsAnA02OfANonAcuteStay() throws Exception {
        String er7 = WRITER.write(Samples.careHomeTransfer(), "msg-0008");

        assertThat(field(er7, "MSH", 9)).isEqualTo("ADT^A02^ADT_A02");
        assertThat(field(er7, "PID", 3)).isEqualTo("9990000026^^^NHS^NH~R-1001^^^" + LOCAL_AUTHORITY + "^PI");
        assertThat(field(er7, "PID", 32)).isEmpty();
        assertThat(field(er7, "PV1", 2)).isEqualTo("I");
        assertThat(field(er7, "PV1", 3)).isEmpty();
        assertThat(field(er7, "PV1", 37)).isEqualTo("RR8^20240305021500+0000");
        assertThat(field(er7, "PV1", 39)).isEqualTo(Samples.CARE_HOME_ODS);
        assertThat(field(er7, "PV1", 45)).isEqualTo("20240305021500+0000");
        Hl7.parseStrictly(er7);
    }

    @Test
    void aPersonUpdateIsAnA31WithAPv1ThatSaysNotApplicable() throws Exception {
        String er7 = WRITER.write(Samples.personUpdate(), "msg-0009");

        assertThat(field(er7, "MSH", 9)).isEqualTo("ADT^A31^ADT_A05");
        assertThat(field(er7, "EVN", 1)).isEqualTo("A31");
        assertThat(Hl7.segment(er7, "PV1")).isEqualTo("PV1|1|N");
        assertThat(field(er7, "PID", 3)).startsWith("9990000018^^^NHS^NH~");
        assertThat(field(er7, "PD1", 3)).isEqualTo("Oakwood Surgery^^^^^^^^^B86001");
        Hl7.parseStrictly(er7);
    }

    @ParameterizedTest
    @CsvSource({
            "ADMISSION, ADT^A11^ADT_A09",
            "DISCHARGE, ADT^A13^ADT_A01",
            "TRANSFER,  ADT^A12^ADT_A12"})
    void anEncounterEnteredInErrorCancelsTheEvent(CareBridgeEvent event, String messageType) throws Exception {
        String er7 = WRITER.write(Samples.cancelled(event), "msg-0010");

        assertThat(field(er7, "MSH", 9)).isEqualTo(messageType);
        assertThat(field(er7, "EVN", 1)).isEqualTo(messageType.substring(4, 7));
        assertThat(field(er7, "PV1", 44)).isEqualTo("20261123143000+0000");
        Hl7.parseStrictly(er7);
    }

    @ParameterizedTest
    @CsvSource({"PLANNED, ADT^A05^ADT_A05", "CANCELLED, ADT^A38^ADT_A38", "ENTEREDINERROR, ADT^A11^ADT_A09",
            "INPROGRESS, ADT^A01^ADT_A01", "FINISHED, ADT^A01^ADT_A01"})
    void aPlannedAdmissionIsAPreAdmitAndACancelledOneItsCancellation(Encounter.EncounterStatus status,
            String messageType) throws Exception {
        Bundle message = Samples.admission();
        message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Encounter.class::isInstance)
                .map(Encounter.class::cast).forEach(e -> e.setStatus(status));

        String er7 = WRITER.write(message, "msg-0012");

        assertThat(field(er7, "MSH", 9)).isEqualTo(messageType);
        assertThat(field(er7, "EVN", 1)).isEqualTo(messageType.substring(4, 7));
        assertThat(field(er7, "PV1", 3)).isNotEmpty();
        Hl7.parseStrictly(er7);
    }

    @Test
    void delimitersInTextAreEscapedAndReadBackUnchanged() throws Exception {
        Bundle message = Samples.admission();
        Patient patient = Messages.patient(message).orElseThrow();
        patient.getName().get(1).setFamily("O'Brien & Sons^Jr|x~y\\z");
        patient.getAddressFirstRep().getLine().get(0).setValue("Flat 2\r\nRose & Crown Court");

        String er7 = WRITER.write(message, "msg-0011");

        assertThat(field(er7, "PID", 5)).startsWith("O'Brien \\T\\ Sons\\S\\Jr\\F\\x\\R\\y\\E\\z^Edith^May");
        assertThat(field(er7, "PID", 11)).startsWith("Flat 2  Rose \\T\\ Crown Court^");
        PID pid = (PID) Hl7.parseStrictly(er7).get("PID");
        assertThat(pid.getPatientName(0).getFamilyName().getSurname().getValue()).isEqualTo("O'Brien & Sons^Jr|x~y\\z");
        assertThat(pid.getPatientName(0).getGivenName().getValue()).isEqualTo("Edith");
        assertThat(pid.getPatientAddress(0).getStreetAddress().getStreetOrMailingAddress().getValue())
                .isEqualTo("Flat 2  Rose & Crown Court");
    }

    @Test
    void anObservationCannotBeAdtAndFailsPermanentlyNamingWhatCan() {
        assertThatThrownBy(() -> WRITER.write(Samples.observation(), "msg-0012"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessageContaining("event 'observation' cannot be expressed as HL7 v2 ADT")
                .hasMessageContaining("person-update (A31), admission (A01")
                .hasMessageContaining("does not send other events to this partner")
                .hasMessageNotContaining(Samples.NHS_NUMBER);
    }

    @Test
    void aMessageWithoutAPatientFailsPermanently() {
        assertThatThrownBy(() -> WRITER.write(Samples.admissionWithoutPatient(), "msg-0013"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessageContaining("A01").hasMessageContaining("no Patient");
    }

    @Test
    void aPatientWithoutAnyIdentifierOrAnAdmissionWithoutEncounterFailsPermanently() {
        Bundle noId = Samples.personUpdate();
        Messages.patient(noId).orElseThrow().getIdentifier().clear();
        assertThatThrownBy(() -> WRITER.write(noId, "msg-0014"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessageContaining("no identifier for PID-3");

        Patient patient = Samples.patient(null);
        Bundle noEncounter = MessageBuilder.event(CareBridgeEvent.ADMISSION, Samples.TRUST).focus(patient).build();
        assertThatThrownBy(() -> WRITER.write(noEncounter, "msg-0015"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessageContaining("no Encounter for PV1")
                .hasMessageNotContaining("Crawley");
    }

    @Test
    void theVersionSendingFacilityAndCharsetAreTheTrusts() throws Exception {
        Partner noOds = new Partner("old-pas", "Old PAS", null, "nhs-trust", Map.of());
        AdtWriter writer = new AdtWriter(noOds, "CB", "2.3", "X26").withClock(NOW).withCharset("UTF-8");

        String er7 = writer.write(Samples.personUpdate(), "msg-0016");

        assertThat(Hl7.segment(er7, "MSH")).isEqualTo(
                "MSH|^~\\&|CB|X26|old-pas|old-pas|20261123143105+0000||ADT^A31|msg-0016|P|2.3||||||UNICODE UTF-8");
        assertThat(new AdtWriter(Samples.RECEIVER, "CB", "2.5.1").withCharset("ISO-8859-1")
                .write(Samples.personUpdate(), "m")).contains("|2.5.1||||||8859/1\r");
        assertThatThrownBy(() -> new AdtWriter(Samples.RECEIVER, "CB", "3.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2.4");
        Hl7.parseStrictly(er7);
    }

    @Test
    void anUnknownClassIsUAndADayPrecisionAdmissionStaysADate() throws Exception {
        Bundle message = Samples.admission();
        Encounter stay = (Encounter) message.getEntry().get(1).getResource();
        stay.getClass_().setCode("XYZ");
        stay.getPeriod().setStartElement(new DateTimeType("2024-03-01"));

        String er7 = WRITER.write(message, "msg-0017");

        assertThat(field(er7, "PV1", 2)).isEqualTo("U");
        assertThat(field(er7, "PV1", 44)).isEqualTo("20240301");
        Hl7.parseStrictly(er7);
    }

    @Test
    void theStrictParseTheseTestsUseDoesRejectBadHl7() throws Exception {
        String good = WRITER.write(Samples.admission(), "msg-0019");
        assertThatThrownBy(() -> Hl7.parseStrictly(good.replace("|20261123143000+0000", "|2026-11-23T14:30")))
                .isInstanceOf(ca.uhn.hl7v2.HL7Exception.class);
        assertThatThrownBy(() -> Hl7.parseStrictly(good.replace("PV1|1|", "PV1|x|")))
                .isInstanceOf(ca.uhn.hl7v2.HL7Exception.class);
    }

    @Test
    void deathIsPid29And30() throws Exception {
        Bundle message = Samples.discharge();
        Messages.patient(message).orElseThrow().setDeceased(new DateTimeType("2026-07-10T12:00:00Z"));

        String er7 = WRITER.write(message, "msg-0018");

        assertThat(field(er7, "PID", 29)).isEqualTo("20260710130000+0100");
        assertThat(field(er7, "PID", 30)).isEqualTo("Y");
        Hl7.parseStrictly(er7);
    }
}
