package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/** Every field issue 15 part 3 maps, checked on one rich message ({@link RichAdt}), which validates against UK Core. */
class FieldFidelityTest {

    private static final Bundle MESSAGE = Readings.translated(RichAdt.er7(true));
    private static final Patient PATIENT = Fhir.resources(MESSAGE, Patient.class).get(0);

    @Test
    void identifiersKeepTheirAuthorityAndPid2() {
        assertThat(PATIENT.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue,
                i -> i.getAssigner().getDisplay()).containsExactly(
                        tuple(FhirSystems.NHS_NUMBER, Adt.NHS_NUMBER, null),
                        tuple(Adt.RXX01_SYSTEM, "H1234567", "RXX01"),
                        tuple(Adt.LOCAL_SYSTEM + "/RXXAE", "H1234567", "RXXAE"),
                        tuple("urn:oid:2.16.840.1.113883.2.1.3.2.99", "U0099", "2.16.840.1.113883.2.1.3.2.99"),
                        tuple(Adt.LOCAL_SYSTEM, "L555", null),
                        tuple(Adt.LOCAL_SYSTEM + "/OLDPAS", "EXT778", "OLDPAS"));
        assertThat(PATIENT.getIdentifier().get(5).getType().getCodingFirstRep().getCode()).isEqualTo("PT");
        assertThat(PATIENT.getIdentifierFirstRep().getExtensionByUrl(UkCore.NHS_NUMBER_VERIFICATION_STATUS)).isNotNull();
    }

    @Test
    void theBirthAddressIsTheBirthPlaceAndTheHomeTheAddress() {
        assertThat(PATIENT.getAddress()).extracting(Address::getPostalCode, Address::getUse)
                .containsExactly(tuple("LS7 4AB", Address.AddressUse.HOME));
        Address birthPlace = (Address) PATIENT.getExtensionByUrl(PatientMapper.BIRTH_PLACE).getValue();
        assertThat(birthPlace.getLine()).extracting(PrimitiveType::getValue)
                .containsExactly("St James's Hospital", "Beckett Street");
        assertThat(birthPlace.getPostalCode()).isEqualTo("LS9 7TF");
    }

    @Test
    void telecomKeepsTheNumberAndTheEmailOfOneRepetition() {
        assertThat(PATIENT.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getValue, ContactPoint::getUse)
                .containsExactly(
                        tuple(ContactPointSystem.PHONE, "0113 496 0000", ContactPointUse.HOME),
                        tuple(ContactPointSystem.EMAIL, "edith.crawley@example.org", ContactPointUse.HOME),
                        tuple(ContactPointSystem.PHONE, "07700 900123", ContactPointUse.MOBILE),
                        tuple(ContactPointSystem.PHONE, "0113 496 0999", ContactPointUse.WORK));
    }

    @Test
    void ethnicCategoryAndDeath() {
        CodeableConcept ethnic = (CodeableConcept) PATIENT.getExtensionByUrl(UkCore.ETHNIC_CATEGORY).getValue();
        assertThat(ethnic.getCodingFirstRep().getSystem()).isEqualTo(UkCore.ETHNIC_CATEGORY_ENGLAND_SYSTEM);
        assertThat(ethnic.getCodingFirstRep().getCode()).isEqualTo("A");
        assertThat(PATIENT.getDeceasedDateTimeType().getValueAsString()).isEqualTo("2025-11-20T08:34:56+00:00");

        Patient indicatorOnly = Fhir.resources(Readings.translated(RichAdt.er7(false)), Patient.class).get(0);
        assertThat(indicatorOnly.getDeceasedBooleanType().booleanValue()).as("PID-30 Y without PID-29").isTrue();
    }

    @Test
    void thePracticeAndTheGpAreBothGeneralPractitioners() {
        assertThat(PATIENT.getGeneralPractitioner()).hasSize(2);
        Organization practice = (Organization) Fhir.resolve(MESSAGE, PATIENT.getGeneralPractitioner().get(0));
        assertThat(practice.getIdentifierFirstRep().getValue()).isEqualTo("B86001");
        assertThat(practice.getName()).isEqualTo("BEECH TREE SURGERY");
        Practitioner gp = (Practitioner) Fhir.resolve(MESSAGE, PATIENT.getGeneralPractitioner().get(1));
        assertThat(gp.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.GMP_NUMBER);
        assertThat(gp.getIdentifierFirstRep().getValue()).isEqualTo("G1234567");
        assertThat(gp.getNameFirstRep().getFamily()).isEqualTo("JONES");
    }

    @Test
    void nextOfKinAreContacts() {
        assertThat(PATIENT.getContact()).hasSize(2);
        Patient.ContactComponent son = PATIENT.getContact().get(0);
        assertThat(son.getName().getFamily()).isEqualTo("CRAWLEY");
        assertThat(son.getName().getPrefixAsSingleString()).isEqualTo("MR");
        assertThat(son.getRelationship()).flatExtracting(CodeableConcept::getCoding).extracting(Coding::getCode)
                .containsExactly("CHILD", "N");
        assertThat(son.getAddress().getPostalCode()).isEqualTo("LS6 2AB");
        assertThat(son.getTelecom()).extracting(ContactPoint::getSystem)
                .containsExactly(ContactPointSystem.PHONE, ContactPointSystem.EMAIL);
        Patient.ContactComponent friend = PATIENT.getContact().get(1);
        assertThat(friend.getName().getGivenAsSingleString()).isEqualTo("Ann");
        assertThat(friend.getRelationship()).flatExtracting(CodeableConcept::getCoding).extracting(Coding::getCode)
                .containsExactly("FRND", "C");
        assertThat(friend.getTelecomFirstRep().getUse()).isEqualTo(ContactPointUse.WORK);
    }

    @Test
    void theAdmissionAndItsSource() {
        Encounter encounter = (Encounter) Fhir.focus(MESSAGE);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getIdentifierFirstRep().getSystem()).isEqualTo(Adt.RXX01_SYSTEM);
        MessageHeader header = Fhir.header(MESSAGE);
        assertThat(header.getSource().getName()).isEqualTo(Adt.TRUST_ID);
        assertThat(header.getSource().getEndpoint()).isEqualTo(FhirSystems.PARTNER_ENDPOINT_BASE + Adt.TRUST_ID);
    }
}
