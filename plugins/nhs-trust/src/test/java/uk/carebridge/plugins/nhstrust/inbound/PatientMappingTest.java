package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/** PID, PD1 -> UK Core Patient (and the GP practice Organization), field by field. */
class PatientMappingTest {

    // ---- PID-3 identifiers ----

    @Test
    void theNhsNumberComesFirstThenTheHospitalNumber() {
        Patient patient = patient(Adt.event("A01"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                tuple(FhirSystems.NHS_NUMBER, Adt.NHS_NUMBER), tuple(Adt.RXX01_SYSTEM, Adt.HOSPITAL_NUMBER));
        Identifier hospitalNumber = patient.getIdentifier().get(1);
        assertThat(hospitalNumber.getType().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
        assertThat(hospitalNumber.getType().getCodingFirstRep().getCode()).isEqualTo("PI");
        assertThat(hospitalNumber.getAssigner().getDisplay()).as("CX-4").isEqualTo("RXX01");
        assertThat(patient.getIdentifierFirstRep().hasType()).as("UK Core's NHS number slice has no type").isFalse();
    }

    @ParameterizedTest(name = "PID-3 {0}")
    @ValueSource(strings = {
        "9990000018^^^NHS^NH",                               // NHS ITK: authority NHS, type NH
        "9990000018^^^NHS",                                  // authority only
        "9990000018^^^^NH",                                  // type only
        "9990000018^^^NHS^HN",                               // UCLH (Epic): authority NHS, type HN
        "9990000018^^^nhs^nh",                               // case is not significant
        "9990000018^^^&2.16.840.1.113883.2.1.4.1&ISO^NH",    // the NHS number OID as universal id
        "9990000018^^^&2.16.840.1.113883.2.1.4.1&ISO",       // the OID alone
        "9990000018^^^^NHS",                                 // type written NHS
        "999 000 0018^^^NHS^NH",                             // spaces as people type them
        "999-000-0018^^^NHS^NH",                             // or dashes
        "H1234567^^^RXX01^PI~9990000018^^^NHS^NH",           // after the hospital number
    })
    void theNhsNumberIsRecognisedInEachWayTrustsSendIt(String pid3) {
        Patient patient = patient(Adt.event("A01").set("PID", 3, pid3));

        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.NHS_NUMBER);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(Adt.NHS_NUMBER);
        assertThat(patient.getIdentifier()).filteredOn(PatientMapper::isNhsNumber).hasSize(1);
    }

    @Test
    void typeHnWithoutTheNhsAuthorityIsNotTakenForAnNhsNumber() {
        // HN is not an HL7 table 0203 code for the NHS number: only authority NHS (UCLH's ^^^NHS^HN) makes it one.
        Patient patient = patient(Adt.event("A01").set("PID", 3, "9990000018^^^^HN"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(tuple(Adt.LOCAL_SYSTEM, "9990000018"));
        assertThat(patient.getIdentifierFirstRep().getType().getText()).isEqualTo("HN");
    }

    @Test
    void theNhsNumberInPid2IsUsedWhenPid3HasNone() {
        // PID-2 (external id) was the NHS number's place in older feeds; it is deprecated since v2.3.1.
        Patient patient = patient(Adt.event("A01").set("PID", 2, "9990000018^^^NHS^NH")
                .set("PID", 3, "H1234567^^^RXX01^PI"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                tuple(FhirSystems.NHS_NUMBER, Adt.NHS_NUMBER), tuple(Adt.RXX01_SYSTEM, Adt.HOSPITAL_NUMBER));
    }

    @Test
    void aPatientWithOnlyAHospitalNumberIsTaken() {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "H1234567^^^RXX01^MR"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem).containsExactly(Adt.RXX01_SYSTEM);
        assertThat(patient.getIdentifierFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("MR");
    }

    @Test
    void repeatedIdentifiersAreKeptOnce() {
        Patient patient = patient(Adt.event("A01")
                .set("PID", 3, "9990000018^^^NHS^NH~H1234567^^^RXX01^PI~9990000018^^^NHS^NH~H1234567^^^RXX01^PI"));

        assertThat(patient.getIdentifier()).hasSize(2);
    }

    @Test
    void emptyRepetitionsAndTypeOnlyRepetitionsAreSkipped() {
        // hapi-hl7v2 adt_a03.txt has a repetition "^^^^TEAM"; UCLH's ORU ends PID-3 with "~".
        Patient patient = patient(Adt.event("A01").set("PID", 3, "9990000018^^^NHS^NH~^^^^TEAM~~"));

        assertThat(patient.getIdentifier()).hasSize(1);
    }

    @Test
    void anUnknownIdentifierTypeIsKeptAsText() {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "ABC123^^^CLINIC^XYZ"));

        CodeableConcept type = patient.getIdentifierFirstRep().getType();
        assertThat(type.hasCoding()).isFalse();
        assertThat(type.getText()).isEqualTo("XYZ");
    }

    // ---- PID-32: NHS number verification status ----

    @ParameterizedTest(name = "PID-32 {0}")
    @CsvSource(delimiter = ';', value = {
        "01; Number present and verified",
        "02; Number present but not traced",
        "03; Trace required",
        "04; Trace attempted - No match or multiple match found",
        "05; Trace needs to be resolved - (NHS number or patient detail conflict)",
        "06; Trace in progress",
        "07; Number not present and trace not required",
        "08; Trace postponed (baby under six weeks old)",
    })
    void theTraceStatusBecomesTheUkCoreVerificationStatus(String code, String display) {
        Identifier nhsNumber = patient(Adt.event("A01").set("PID", 32, code)).getIdentifierFirstRep();

        assertThat(nhsNumber.getExtension()).hasSize(1);
        assertThat(nhsNumber.getExtensionFirstRep().getUrl()).isEqualTo(UkCore.NHS_NUMBER_VERIFICATION_STATUS);
        CodeableConcept status = (CodeableConcept) nhsNumber.getExtensionFirstRep().getValue();
        assertThat(status.getCodingFirstRep().getSystem()).isEqualTo(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM);
        assertThat(status.getCodingFirstRep().getCode()).isEqualTo(code);
        assertThat(status.getCodingFirstRep().getDisplay()).isEqualTo(display);
    }

    @ParameterizedTest(name = "PID-32 \"{0}\"")
    @ValueSource(strings = {"", "99", "N", "1"})
    void withoutAKnownTraceStatusThereIsNoExtension(String code) {
        Identifier nhsNumber = patient(Adt.event("A01").set("PID", 32, code)).getIdentifierFirstRep();

        assertThat(nhsNumber.hasExtension()).isFalse();
    }

    @Test
    void aTraceStatusWithoutAnNhsNumberIsIgnored() {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "H1234567^^^RXX01^PI").set("PID", 32, "01"));

        assertThat(patient.getIdentifierFirstRep().hasExtension()).isFalse();
    }

    // ---- PID-5 name ----

    @Test
    void theNameHasFamilyGivenMiddlePrefixAndUse() {
        HumanName name = patient(Adt.event("A01")).getNameFirstRep();

        assertThat(name.getFamily()).isEqualTo(Adt.FAMILY);
        assertThat(name.getGiven()).extracting(PrimitiveType::getValue).containsExactly(Adt.GIVEN, Adt.MIDDLE);
        assertThat(name.getPrefix()).extracting(PrimitiveType::getValue).containsExactly("MRS");
        assertThat(name.getUse()).as("XPN-7 L (legal)").isEqualTo(HumanName.NameUse.OFFICIAL);
    }

    @Test
    void everyRepetitionIsAName() {
        Patient patient = patient(Adt.event("A01").set("PID", 5, "CRAWLEY^Edith^^^MRS^^L~CRAWLEY^Edie^^^^^N~SMITH^^^^^^M"));

        assertThat(patient.getName()).extracting(HumanName::getFamily, HumanName::getUse).containsExactly(
                tuple("CRAWLEY", HumanName.NameUse.OFFICIAL), tuple("CRAWLEY", HumanName.NameUse.NICKNAME),
                tuple("SMITH", HumanName.NameUse.MAIDEN));
    }

    @ParameterizedTest(name = "XPN-7 {0} -> {1}")
    @CsvSource({"L, OFFICIAL", "C, OFFICIAL", "D, USUAL", "M, MAIDEN", "N, NICKNAME", "S, ANONYMOUS", "T, TEMP",
        "A, NULL", "B, NULL", "'', NULL"})
    void theNameTypeBecomesTheNameUse(String type, String use) {
        HumanName name = patient(Adt.event("A01").set("PID", 5, "CRAWLEY^Edith^^^^^" + type)).getNameFirstRep();

        assertThat(name.getUse()).isEqualTo(use.equals("NULL") ? null : HumanName.NameUse.valueOf(use));
    }

    @Test
    void suffixAndDegreeAreSuffixes() {
        HumanName name = patient(Adt.event("A01").set("PID", 5, "CRAWLEY^Edith^^JR^DR^PHD")).getNameFirstRep();

        assertThat(name.getSuffix()).extracting(PrimitiveType::getValue).containsExactly("JR", "PHD");
        assertThat(name.getPrefix()).extracting(PrimitiveType::getValue).containsExactly("DR");
    }

    @Test
    void aPatientWithoutANameIsTaken() {
        assertThat(patient(Adt.event("A01").set("PID", 5, "")).hasName()).isFalse();
    }

    // ---- PID-7 birth date ----

    @Test
    void theBirthDateIsTheDateAsWritten() {
        Patient patient = patient(Adt.event("A01"));

        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1931-02-14");
        assertThat(patient.getBirthDateElement().hasExtension()).isFalse();
    }

    @Test
    void aBirthDateInSummerTimeIsNotShiftedByTheOffset() {
        // UCLH birth_date_bst.txt: 19250704 must stay 4 July whatever the zone (no midnight-BST-to-UTC slip).
        assertThat(patient(Adt.event("A01").set("PID", 7, "19250704")).getBirthDateElement().getValueAsString())
                .isEqualTo("1925-07-04");
    }

    @Test
    void aTimeOfBirthGoesInThePatientBirthTimeExtension() {
        Patient patient = patient(Adt.event("A01").set("PID", 7, "19250704044401"));

        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1925-07-04");
        assertThat(patient.getBirthDateElement().getExtensionByUrl(PatientMapper.BIRTH_TIME).getValue().primitiveValue())
                .as("UK local time, BST in July").isEqualTo("1925-07-04T04:44:01+01:00");
    }

    @ParameterizedTest(name = "PID-7 {0} -> {1}")
    @CsvSource({"1931, 1931", "193102, 1931-02", "19310214, 1931-02-14", "193102141230, 1931-02-14"})
    void aPartialBirthDateKeepsItsPrecision(String hl7, String fhir) {
        assertThat(patient(Adt.event("A01").set("PID", 7, hl7)).getBirthDateElement().getValueAsString())
                .isEqualTo(fhir);
    }

    // ---- PID-8 sex ----

    @ParameterizedTest(name = "PID-8 {0} -> {1}")
    @CsvSource({"M, MALE", "F, FEMALE", "O, OTHER", "U, UNKNOWN", "A, OTHER", "N, UNKNOWN", "m, MALE", "f, FEMALE",
        "1, MALE", "2, FEMALE", "9, OTHER", "0, UNKNOWN", "X, UNKNOWN"})
    void theAdministrativeSexBecomesTheGender(String sex, AdministrativeGender gender) {
        assertThat(patient(Adt.event("A01").set("PID", 8, sex)).getGender()).isEqualTo(gender);
    }

    @Test
    void withoutASexThereIsNoGender() {
        assertThat(patient(Adt.event("A01").set("PID", 8, "")).hasGender()).isFalse();
    }

    // ---- PID-11 address ----

    @Test
    void theAddressHasLinesCityCountyPostcodeCountryAndUse() {
        Address address = patient(Adt.event("A01")).getAddressFirstRep();

        assertThat(address.getLine()).extracting(PrimitiveType::getValue)
                .containsExactly("12 High Street", "Chapel Allerton");
        assertThat(address.getCity()).isEqualTo("Leeds");
        assertThat(address.getDistrict()).as("XAD-4 is the county in UK use").isEqualTo("West Yorkshire");
        assertThat(address.getPostalCode()).isEqualTo(Adt.POSTCODE);
        assertThat(address.getCountry()).isEqualTo("GBR");
        assertThat(address.getUse()).isEqualTo(Address.AddressUse.HOME);
    }

    @ParameterizedTest(name = "XAD-5 {0} -> {1}")
    @CsvSource({"ls74ab, LS7 4AB", "LS7  4AB, LS7 4AB", "cl221aa, CL22 1AA", "SW1A1AA, SW1A 1AA", "27401-1020, 27401-1020"})
    void aUkPostcodeIsWrittenInCapitalsWithOneSpace(String raw, String postcode) {
        Patient patient = patient(Adt.event("A01").set("PID", 11, "1 Road^^Leeds^^" + raw));

        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo(postcode);
    }

    @ParameterizedTest(name = "XAD-7 {0}")
    @CsvSource({"H, HOME, ", "L, HOME, ", "P, HOME, ", "B, WORK, ", "O, WORK, ", "C, TEMP, ", "BA, OLD, ",
        "M, , POSTAL", "BR, , "})
    void theAddressTypeBecomesUseOrType(String code, Address.AddressUse use, Address.AddressType type) {
        Address address = patient(Adt.event("A01").set("PID", 11, "1 Road^^Leeds^^^^" + code)).getAddressFirstRep();

        assertThat(address.getUse()).isEqualTo(use);
        assertThat(address.getType()).isEqualTo(type);
    }

    @Test
    void aStreetGivenAsNameAndNumberMakesOneLine() {
        // XAD-1 as SAD: street or mailing address ^ street name ^ dwelling number.
        Patient patient = patient(Adt.event("A01").set("PID", 11, "&High Street&12^^Leeds"));

        assertThat(patient.getAddressFirstRep().getLine()).extracting(PrimitiveType::getValue)
                .containsExactly("12 High Street");
    }

    @Test
    void everyRepetitionIsAnAddressAndEmptyOnesAreSkipped() {
        Patient patient = patient(Adt.event("A01").set("PID", 11, "1 Road^^Leeds^^LS1 1AA^^H~~2 Lane^^York^^^^C"));

        assertThat(patient.getAddress()).extracting(Address::getCity).containsExactly("Leeds", "York");
    }

    // ---- PID-13/14 telecom ----

    @Test
    void homePhoneMobileAndEmailComeFromPid13AndTheWorkPhoneFromPid14() {
        Patient patient = patient(Adt.event("A01"));

        assertThat(patient.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getValue, ContactPoint::getUse)
                .containsExactly(
                        tuple(ContactPoint.ContactPointSystem.PHONE, Adt.HOME_PHONE, ContactPoint.ContactPointUse.HOME),
                        tuple(ContactPoint.ContactPointSystem.PHONE, Adt.MOBILE, ContactPoint.ContactPointUse.MOBILE),
                        tuple(ContactPoint.ContactPointSystem.EMAIL, Adt.EMAIL, ContactPoint.ContactPointUse.HOME),
                        tuple(ContactPoint.ContactPointSystem.PHONE, "0113 496 0999", ContactPoint.ContactPointUse.WORK));
    }

    @ParameterizedTest(name = "PID-13 {0}")
    @CsvSource(delimiter = ';', value = {
        "07700 900123;        PHONE; 07700 900123;     MOBILE",  // a UK mobile number without an equipment type
        "+447700900123;       PHONE; +447700900123;    MOBILE",
        "0113 496 0000^^FX;   FAX;   0113 496 0000;    HOME",
        "01632 960000^^BP;    PAGER; 01632 960000;     HOME",
        "^PRN^PH^^44^113^4960000^12; PHONE; +44 113 4960000 ext. 12; HOME",  // assembled from its parts
        "^WPN^PH^^^^^^^^^01134960999; PHONE; 01134960999; WORK",            // XTN-12 unformatted
        "edith@example.org^NET^X.400; EMAIL; edith@example.org; HOME",
        "^WPN^Internet^edith@work.example.org; EMAIL; edith@work.example.org; WORK",
    })
    void telecomVariants(String xtn, ContactPoint.ContactPointSystem system, String value,
            ContactPoint.ContactPointUse use) {
        ContactPoint point = patient(Adt.event("A01").set("PID", 13, xtn).set("PID", 14, "")).getTelecomFirstRep();

        assertThat(point.getSystem()).isEqualTo(system);
        assertThat(point.getValue()).isEqualTo(value);
        assertThat(point.getUse()).isEqualTo(use);
    }

    // ---- local identifiers keep their assigning authority (CX-4) ----

    @Test
    void twoAuthoritiesIdsWithTheSameValueNeverCollide() {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "9990000018^^^NHS^NH~555^^^RXX01^PI~555^^^RXXAE^MR"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                tuple(FhirSystems.NHS_NUMBER, Adt.NHS_NUMBER), tuple(Adt.RXX01_SYSTEM, "555"),
                tuple(Adt.LOCAL_SYSTEM + "/RXXAE", "555"));
    }

    @ParameterizedTest(name = "CX-4 {0}")
    @CsvSource(delimiter = '|', value = {
        "                                   | https://carebridge.uk/fhir/Id/local/st-elsewhere-hospital     |",
        "RXX01                              | https://carebridge.uk/fhir/Id/local/st-elsewhere-hospital/RXX01 | RXX01",
        "St James's                         | https://carebridge.uk/fhir/Id/local/st-elsewhere-hospital/St%20James%27s | St James's",
        "&2.16.840.1.113883.2.1.3.2.99&ISO  | urn:oid:2.16.840.1.113883.2.1.3.2.99                          | 2.16.840.1.113883.2.1.3.2.99",
        "PAS&2.16.840.1.113883.2.1.3.2.99&ISO | urn:oid:2.16.840.1.113883.2.1.3.2.99                        | PAS",
        "PAS&not-an-oid&ISO                 | https://carebridge.uk/fhir/Id/local/st-elsewhere-hospital/PAS | PAS",
        "PAS&https://pas.example.nhs.uk/id&URI | https://pas.example.nhs.uk/id                              | PAS",
    })
    void theSystemOfALocalIdFollowsItsAssigningAuthority(String cx4, String system, String assigner) {
        Patient patient = patient(Adt.event("A01").set("PID", 3, "H1234567^^^" + (cx4 == null ? "" : cx4) + "^PI"));

        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(system);
        assertThat(patient.getIdentifierFirstRep().getAssigner().getDisplay()).isEqualTo(assigner);
    }

    @Test
    void pid2IsKeptAsAnExternalIdentifier() {
        Patient patient = patient(Adt.event("A01").set("PID", 2, "EXT778^^^OLDPAS"));

        Identifier external = patient.getIdentifier().get(2);
        assertThat(external.getSystem()).isEqualTo(Adt.LOCAL_SYSTEM + "/OLDPAS");
        assertThat(external.getValue()).isEqualTo("EXT778");
        assertThat(external.getType().getCodingFirstRep().getCode()).as("patient external identifier").isEqualTo("PT");
    }

    @Test
    void pid2RepeatingAnIdOfPid3IsKeptOnce() {
        Patient patient = patient(Adt.event("A01").set("PID", 2, Adt.NHS_NUMBER + "^^^NHS^NH"));

        assertThat(patient.getIdentifier()).extracting(Identifier::getValue)
                .containsExactly(Adt.NHS_NUMBER, Adt.HOSPITAL_NUMBER);
    }

    // ---- PD1-4 registered GP ----

    @Test
    void theRegisteredGpIsAUkCorePractitionerByHisGmpCode() {
        Bundle message = Readings.translated(Adt.event("A01"));
        Patient patient = Fhir.resources(message, Patient.class).get(0);

        assertThat(Fhir.resolve(message, patient.getGeneralPractitioner().get(0))).isInstanceOf(Organization.class);
        Practitioner gp = (Practitioner) Fhir.resolve(message, patient.getGeneralPractitioner().get(1));
        assertThat(gp.getMeta().hasProfile(UkCore.PRACTITIONER)).isTrue();
        assertThat(gp.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(tuple("https://fhir.hl7.org.uk/Id/gmp-number", "G1234567"));
        assertThat(gp.getNameFirstRep().getFamily()).isEqualTo("JONES");
        assertThat(gp.getNameFirstRep().getGivenAsSingleString()).isEqualTo("SAM");
        assertThat(gp.getNameFirstRep().getPrefixAsSingleString()).isEqualTo("DR");
    }

    @ParameterizedTest(name = "PD1-4 {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "G1234567^JONES^SAM | https://fhir.hl7.org.uk/Id/gmp-number | G1234567", // GP national code
        "g1234567^JONES     | https://fhir.hl7.org.uk/Id/gmp-number | G1234567", // any case
        "1234567^JONES      | https://fhir.hl7.org.uk/Id/gmc-number | 1234567",  // GMC reference number
        "G123^JONES         | -                                     | -",        // not a code: the name only
        "^JONES^SAM         | -                                     | -",
    })
    void theGpsCodeSaysWhichRegisterItIsFrom(String pd14, String system, String value) {
        Bundle message = Readings.translated(Adt.event("A01").set("PD1", 4, pd14));

        Practitioner gp = Fhir.only(message, Practitioner.class);
        assertThat(gp.getNameFirstRep().getFamily()).isEqualTo("JONES");
        if (system == null) {
            assertThat(gp.hasIdentifier()).isFalse();
        } else {
            assertThat(gp.getIdentifierFirstRep().getSystem()).isEqualTo(system);
            assertThat(gp.getIdentifierFirstRep().getValue()).isEqualTo(value);
        }
    }

    @ParameterizedTest(name = "PD1-4 {0}")
    @ValueSource(strings = {"", "G12", "\"\""})
    void aGpWithNeitherCodeNorNameIsLeftOut(String pd14) {
        Bundle message = Readings.translated(Adt.event("A01").set("PD1", 4, pd14));

        assertThat(Fhir.resources(message, Practitioner.class)).isEmpty();
        assertThat(Fhir.resources(message, Patient.class).get(0).getGeneralPractitioner()).hasSize(1);
    }

    // ---- XTN: number and email ----

    @Test
    void aRepetitionWithANumberAndAnEmailKeepsBoth() {
        Patient patient = patient(Adt.event("A01").set("PID", 13, Adt.MOBILE + "^PRN^CP^" + Adt.EMAIL).set("PID", 14, ""));

        assertThat(patient.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getValue, ContactPoint::getUse)
                .containsExactly(
                        tuple(ContactPoint.ContactPointSystem.EMAIL, Adt.EMAIL, ContactPoint.ContactPointUse.HOME),
                        tuple(ContactPoint.ContactPointSystem.PHONE, Adt.MOBILE, ContactPoint.ContactPointUse.MOBILE));
    }

    @ParameterizedTest(name = "PID-13 {0}")
    @ValueSource(strings = {"^NET^Internet^edith.crawley@example.org", "edith.crawley@example.org^NET",
        "edith.crawley@example.org^PRN^Internet", "^^^edith.crawley@example.org", "edith.crawley@example.org^^NET",
        "^PRN^NET^edith.crawley@example.org",
        "edith.crawley@example.org^NET^Internet^edith.crawley@example.org"})
    void anEmailAloneIsOneContactPoint(String pid13) {
        Patient patient = patient(Adt.event("A01").set("PID", 13, pid13).set("PID", 14, ""));

        assertThat(patient.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getValue)
                .containsExactly(tuple(ContactPoint.ContactPointSystem.EMAIL, Adt.EMAIL));
    }

    // ---- XAD-7 birth place ----

    @ParameterizedTest(name = "XAD-7 {0}")
    @ValueSource(strings = {"BDL", "BR", "bdl"})
    void aBirthAddressIsTheBirthPlaceNeverACurrentAddress(String type) {
        Patient patient = patient(Adt.event("A01").set("PID", 11,
                "12 High Street^^Leeds^^LS7 4AB^GBR^H~St James's Hospital^^Leeds^^LS9 7TF^GBR^" + type));

        assertThat(patient.getAddress()).extracting(Address::getPostalCode).containsExactly("LS7 4AB");
        Address birthPlace = (Address) patient.getExtensionByUrl(
                "http://hl7.org/fhir/StructureDefinition/patient-birthPlace").getValue();
        assertThat(birthPlace.getLine()).extracting(PrimitiveType::getValue).containsExactly("St James's Hospital");
        assertThat(birthPlace.getCity()).isEqualTo("Leeds");
        assertThat(birthPlace.getPostalCode()).isEqualTo("LS9 7TF");
        assertThat(birthPlace.hasUse()).isFalse();
    }

    // ---- PID-22 ethnic group ----

    @ParameterizedTest(name = "PID-22 {0}")
    @CsvSource({"A, A, White - British", "a, A, White - British", "R^Chinese, R, Other Ethnic Groups - Chinese",
        "99, 99, Not known", "Z, Z, Not stated"})
    void anNhsEthnicCategoryIsTheUkCoreExtension(String pid22, String code, String display) {
        Patient patient = patient(Adt.event("A01").set("PID", 22, pid22));

        CodeableConcept category = (CodeableConcept) patient.getExtensionByUrl(UkCore.ETHNIC_CATEGORY).getValue();
        assertThat(category.getCoding()).extracting(Coding::getSystem, Coding::getCode, Coding::getDisplay)
                .containsExactly(tuple("https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland", code, display));
    }

    @ParameterizedTest(name = "PID-22 {0}")
    @ValueSource(strings = {"X", "2106-3^White^CDCREC", "H^Hispanic^HL70189", "WB", "White British", "I", "O"})
    void anyOtherEthnicGroupIsLeftOutNotRefused(String pid22) {
        Patient patient = patient(Adt.event("A01").set("PID", 22, pid22));

        assertThat(patient.hasExtension(UkCore.ETHNIC_CATEGORY)).isFalse();
    }

    // ---- NK1 next of kin ----

    @Test
    void nextOfKinAreThePatientsContacts() {
        Patient patient = patient(Adt.event("A01")
                .after("PD1", "NK1|1|CRAWLEY^John^^^MR|CHD|3 Low Lane^^Leeds^^ls62ab^GBR^H|" + "07700 900456^PRN^CP~"
                        + "^NET^Internet^john.crawley@example.org||N")
                .after("NK1", "NK1|2|BAKER^Ann|FND^Friend|||0113 496 1111^WPN^PH|C"));

        assertThat(patient.getContact()).hasSize(2);
        Patient.ContactComponent son = patient.getContact().get(0);
        assertThat(son.getName().getFamily()).isEqualTo("CRAWLEY");
        assertThat(son.getName().getGivenAsSingleString()).isEqualTo("John");
        assertThat(son.getRelationship()).flatExtracting(CodeableConcept::getCoding)
                .extracting(Coding::getSystem, Coding::getCode).containsExactly(
                        tuple("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "CHILD"),
                        tuple("http://terminology.hl7.org/CodeSystem/v2-0131", "N"));
        assertThat(son.getAddress().getPostalCode()).isEqualTo("LS6 2AB");
        assertThat(son.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getUse).containsExactly(
                tuple(ContactPoint.ContactPointSystem.PHONE, ContactPoint.ContactPointUse.MOBILE),
                tuple(ContactPoint.ContactPointSystem.EMAIL, ContactPoint.ContactPointUse.HOME));
        Patient.ContactComponent friend = patient.getContact().get(1);
        assertThat(friend.getRelationship()).flatExtracting(CodeableConcept::getCoding)
                .extracting(Coding::getCode).containsExactly("FRND", "C");
        assertThat(friend.getTelecom()).extracting(ContactPoint::getValue, ContactPoint::getUse)
                .containsExactly(tuple("0113 496 1111", ContactPoint.ContactPointUse.WORK));
    }

    @ParameterizedTest(name = "NK1-3 {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "SPO            | http://terminology.hl7.org/CodeSystem/v3-RoleCode | SPS | -",
        "EP             | http://terminology.hl7.org/CodeSystem/v2-0131     | EP  | -",
        "NEIGHBOUR      | -                                                 | -   | NEIGHBOUR",
        "XYZ^Carer      | -                                                 | -   | Carer",
    })
    void theRelationshipIsCodedWhereUkCoreHasACodeElseKeptAsText(String nk13, String system, String code, String text) {
        Patient patient = patient(Adt.event("A01").after("PD1", "NK1|1|CRAWLEY^John|" + nk13));

        CodeableConcept relationship = patient.getContactFirstRep().getRelationshipFirstRep();
        if (system == null) {
            assertThat(relationship.hasCoding()).isFalse();
            assertThat(relationship.getText()).isEqualTo(text);
        } else {
            assertThat(relationship.getCodingFirstRep().getSystem()).isEqualTo(system);
            assertThat(relationship.getCodingFirstRep().getCode()).isEqualTo(code);
        }
    }

    @Test
    void anEmptyNextOfKinIsLeftOut() {
        assertThat(patient(Adt.event("A01").after("PD1", "NK1|1||SPO")).hasContact()).isFalse();
    }

    @Test
    void nextOfKinAfterThePv1AreRefusedRatherThanLost() {
        AdtReading.Refused refused = Readings.refused(Adt.event("A01").segment("NK1|1|CRAWLEY^John|CHD"));

        assertThat(refused.code()).isEqualTo("AE");
        assertThat(refused.segment()).isEqualTo("NK1");
    }

    @Test
    void aTransferHasNoNextOfKinSoAnNk1AnywhereIsIgnored() {
        // ADT_A02 has no NK1: an NK1 is an extra segment, not read.
        Bundle message = Readings.translated(Adt.event("A02").segment("NK1|1|CRAWLEY^John|CHD"));

        assertThat(Fhir.resources(message, Patient.class).get(0).hasContact()).isFalse();
    }

    // ---- PID-29/30 death ----

    @Test
    void aDateOfDeathMakesThePatientDeceasedThen() {
        Patient patient = patient(Adt.event("A03").set("PID", 29, "20251120083456").set("PID", 30, "Y"));

        assertThat(patient.getDeceasedDateTimeType().getValueAsString()).isEqualTo("2025-11-20T08:34:56+00:00");
    }

    @ParameterizedTest(name = "PID-30 {0}")
    @CsvSource({"Y, true", "N, false", "y, true"})
    void theDeathIndicatorAloneIsDeceasedBoolean(String indicator, boolean deceased) {
        Patient patient = patient(Adt.event("A01").set("PID", 30, indicator));

        assertThat(patient.getDeceasedBooleanType().booleanValue()).isEqualTo(deceased);
    }

    @Test
    void withoutDeathFieldsDeceasedIsAbsent() {
        assertThat(patient(Adt.event("A01")).hasDeceased()).isFalse();
    }

    // ---- PD1-3 GP practice ----

    @Test
    void theGpPracticeIsAUkCoreOrganisationByItsOdsCode() {
        Bundle message = Readings.translated(Adt.event("A01"));
        Patient patient = Fhir.resources(message, Patient.class).get(0);

        Organization practice = (Organization) Fhir.resolve(message, patient.getGeneralPractitionerFirstRep());
        assertThat(patient.getGeneralPractitioner()).as("the practice and the GP (PD1-4)").hasSize(2);
        assertThat(practice.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(practice.getIdentifierFirstRep().getValue()).isEqualTo(Adt.GP_PRACTICE);
        assertThat(practice.getName()).isEqualTo("BEECH TREE SURGERY");
    }

    @ParameterizedTest(name = "PD1-3 {0}")
    @ValueSource(strings = {
        "BEECH TREE SURGERY^^b86001",            // v2.3/2.4: XON-3 id number, any case
        "BEECH TREE SURGERY^^^^^^^^^B86001",     // v2.5: XON-10 organisation identifier
        "^^B86001",                              // no name
    })
    void theOdsCodeIsReadFromXon3OrXon10(String pd13) {
        Bundle message = Readings.translated(Adt.event("A01").set("PD1", 3, pd13));
        Patient patient = Fhir.resources(message, Patient.class).get(0);

        Organization practice = (Organization) Fhir.resolve(message, patient.getGeneralPractitionerFirstRep());
        assertThat(practice.getIdentifierFirstRep().getValue()).isEqualTo(Adt.GP_PRACTICE);
    }

    @ParameterizedTest(name = "PD1 {0}")
    @ValueSource(strings = {"PD1", "PD1|||^^12345", "PD1|||^^^^^^^^^B86001!"})
    void withNeitherAnOdsCodeNorANameInPd13ThereIsNoGeneralPractitioner(String pd1) {
        Bundle message = Readings.translated(Adt.event("A01").without("PD1").segment(pd1).without("PV1")
                .segment("PV1|1|I|WARD7^BAY2^BED3"));

        assertThat(Fhir.resources(message, Patient.class).get(0).hasGeneralPractitioner()).isFalse();
        assertThat(Fhir.resources(message, Organization.class)).as("the trust only").hasSize(1);
    }

    @ParameterizedTest(name = "PD1-3 {0}")
    @CsvSource(delimiter = '|', value = {
        "LINDAS TEST ORGANIZATION^^SIISCLIENT818 | LINDAS TEST ORGANIZATION", // a code too long for ODS
        "BEECH TREE SURGERY^^12345                | BEECH TREE SURGERY",       // digits only: not ODS
        "BEECH TREE SURGERY                       | BEECH TREE SURGERY",       // a name only
    })
    void aPracticeWithoutAnOdsCodeIsKeptByItsName(String pd13, String name) {
        Bundle message = Readings.translated(Adt.event("A01").set("PD1", 3, pd13));
        Patient patient = Fhir.resources(message, Patient.class).get(0);

        Organization practice = (Organization) Fhir.resolve(message, patient.getGeneralPractitionerFirstRep());
        assertThat(practice.getName()).isEqualTo(name);
        assertThat(practice.hasIdentifier()).as("no identifier without a valid ODS code").isFalse();
        assertThat(practice.getMeta().hasProfile(UkCore.ORGANIZATION)).isTrue();
    }

    // ---- HL7 null and blanks ----

    @Test
    void theHl7NullAndBlankValuesAreAbsent() {
        Patient patient = patient(Adt.event("A01").set("PID", 5, "\"\"^\"\"^ ").set("PID", 8, "\"\"")
                .set("PID", 11, "\"\"^\"\"^\"\"^\"\"^\"\"^\"\"").set("PID", 13, "\"\""));

        assertThat(patient.hasName()).isFalse();
        assertThat(patient.hasGender()).isFalse();
        assertThat(patient.hasAddress()).isFalse();
        assertThat(patient.getTelecom()).extracting(ContactPoint::getUse).containsExactly(ContactPoint.ContactPointUse.WORK);
    }

    @Test
    void valuesAreTrimmed() {
        Patient patient = patient(Adt.event("A01").set("PID", 5, "  CRAWLEY ^ Edith  "));

        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("CRAWLEY");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Edith");
    }

    private static Patient patient(Adt adt) {
        Bundle message = Readings.translated(adt);
        return Fhir.resources(message, Patient.class).get(0);
    }
}
