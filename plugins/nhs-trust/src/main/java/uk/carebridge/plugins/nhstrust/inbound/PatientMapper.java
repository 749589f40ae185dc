package uk.carebridge.plugins.nhstrust.inbound;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import ca.uhn.hl7v2.model.v251.datatype.IS;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.NK1;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.fhir.OdsCode;

/**
 * PID (and PD1, MRG) -> UK Core Patient. The NHS number is the identifier whose assigning authority
 * (CX-4) is NHS (namespace "NHS" or the NHS number OID) or whose identifier type (CX-5) is NH (NHS ITK) or
 * NHS; every other identifier is a local identifier of the trust. See the README table for every field.
 */
final class PatientMapper {

    /** The OID of the NHS number in England and Wales (HL7 UK). */
    static final String NHS_NUMBER_OID = "2.16.840.1.113883.2.1.4.1";
    static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
    static final String BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    /** Identifier types (HL7 table 0203) we code; others are kept as Identifier.type.text. */
    private static final Map<String, String> IDENTIFIER_TYPES = Map.ofEntries(
            Map.entry("MR", "Medical record number"), Map.entry("PI", "Patient internal identifier"),
            Map.entry("PT", "Patient external identifier"), Map.entry("AN", "Account number"),
            Map.entry("VN", "Visit number"), Map.entry("SS", "Social Security number"),
            Map.entry("PN", "Person number"), Map.entry("PPN", "Passport number"),
            Map.entry("DL", "Driver's license number"), Map.entry("NI", "National unique individual identifier"),
            Map.entry("HC", "Health Card Number"), Map.entry("JHN", "Jurisdictional health number (Canada)"),
            Map.entry("MRT", "Temporary Medical Record Number"), Map.entry("U", "Unspecified identifier"));

    /** UK Core NHSNumberVerificationStatusEngland: ITK carries the NHS number trace status in PID-32. */
    private static final Map<String, String> VERIFICATION_STATUS = Map.of(
            "01", "Number present and verified",
            "02", "Number present but not traced",
            "03", "Trace required",
            "04", "Trace attempted - No match or multiple match found",
            "05", "Trace needs to be resolved - (NHS number or patient detail conflict)",
            "06", "Trace in progress",
            "07", "Number not present and trace not required",
            "08", "Trace postponed (baby under six weeks old)");

    /** UK Core EthnicCategoryEngland: NHS Data Dictionary ETHNIC CATEGORY codes (PID-22). */
    private static final Map<String, String> ETHNIC_CATEGORIES = Map.ofEntries(
            Map.entry("A", "White - British"), Map.entry("B", "White - Irish"),
            Map.entry("C", "White - Any other White background"), Map.entry("D", "Mixed - White and Black Caribbean"),
            Map.entry("E", "Mixed - White and Black African"), Map.entry("F", "Mixed - White and Asian"),
            Map.entry("G", "Mixed - Any other mixed background"), Map.entry("H", "Asian or Asian British - Indian"),
            Map.entry("J", "Asian or Asian British - Pakistani"), Map.entry("K", "Asian or Asian British - Bangladeshi"),
            Map.entry("L", "Asian or Asian British - Any other Asian background"),
            Map.entry("M", "Black or Black British - Caribbean"), Map.entry("N", "Black or Black British - African"),
            Map.entry("P", "Black or Black British - Any other Black background"),
            Map.entry("R", "Other Ethnic Groups - Chinese"), Map.entry("S", "Other Ethnic Groups - Any other ethnic group"),
            Map.entry("Z", "Not stated"), Map.entry("99", "Not known"));

    /** A GP's national code (GMP: G and 7 digits) and a GMC reference number (7 digits). */
    private static final Pattern GMP_CODE = Pattern.compile("G\\d{7}");
    private static final Pattern GMC_NUMBER = Pattern.compile("\\d{7}");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    private static final Pattern UK_POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private final String partnerId;

    PatientMapper(String partnerId) {
        this.partnerId = partnerId;
    }

    /** The Patient of a PID segment. Throws {@link ContentError} for identifiers or values we cannot accept. */
    Patient patient(PID pid) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        List<Identifier> ids = identifiers(pid.getPid3_PatientIdentifierList(), "PID", 3);
        // PID-2 (external id, deprecated since v2.3.1): the NHS number in some older feeds, used when PID-3 has
        // none; any other id is kept beside PID-3's (type PT, patient external identifier, unless CX-5 says).
        for (Identifier external : identifiers(new CX[] {pid.getPid2_PatientID()}, "PID", 2)) {
            if (isNhsNumber(external)) {
                if (ids.stream().noneMatch(PatientMapper::isNhsNumber)) {
                    ids.add(0, external);
                }
            } else if (ids.stream().noneMatch(i -> i.getSystem().equals(external.getSystem())
                    && i.getValue().equals(external.getValue()))) {
                if (!external.hasType()) {
                    external.setType(identifierType("PT"));
                }
                ids.add(external);
            }
        }
        if (ids.isEmpty()) {
            throw ContentError.ae("PID", 3, Hl7Errors.REQUIRED_FIELD_MISSING, "PID-3 (patient identifier list) "
                    + "has no identifier: send the NHS number (assigning authority NHS or identifier type NH) "
                    + "and/or the hospital number");
        }
        ids.stream().filter(PatientMapper::isNhsNumber).findFirst()
                .ifPresent(nhs -> verificationStatus(pid.getPid32_IdentityReliabilityCode(), nhs));
        patient.setIdentifier(ids);

        for (XPN xpn : pid.getPid5_PatientName()) {
            HumanName name = name(xpn);
            if (name != null) {
                patient.addName(name);
            }
        }
        birthDate(pid, patient);
        String sex = V2.text(pid.getPid8_AdministrativeSex());
        if (sex != null) {
            patient.setGender(gender(sex));
        }
        for (XAD xad : pid.getPid11_PatientAddress()) {
            Address address = address(xad);
            if (address == null) {
                continue;
            }
            if (isBirthPlace(xad)) {
                // XAD-7 BDL (birth delivery location) / BR (residence at birth): where, not where they live.
                if (!patient.hasExtension(BIRTH_PLACE)) {
                    patient.addExtension(BIRTH_PLACE, address);
                }
            } else {
                patient.addAddress(address);
            }
        }
        patient.setTelecom(telecoms(pid.getPid13_PhoneNumberHome(), pid.getPid14_PhoneNumberBusiness()));
        ethnicCategory(pid.getPid22_EthnicGroup(), patient);
        death(pid, patient);
        return patient;
    }

    /** PID-22 -> Extension-UKCore-EthnicCategory, for an NHS Data Dictionary code only (others are left out). */
    private static void ethnicCategory(CE[] groups, Patient patient) {
        for (CE ce : groups) {
            String code = upper(V2.text(ce.getCe1_Identifier()));
            String table = upper(V2.text(ce.getCe3_NameOfCodingSystem()));
            // HL7 table 0189 (US: H Hispanic, N not Hispanic) shares letters with the NHS codes.
            if (code == null || !ETHNIC_CATEGORIES.containsKey(code) || "HL70189".equals(table)) {
                continue;
            }
            patient.addExtension(UkCore.ETHNIC_CATEGORY, new CodeableConcept(
                    new Coding(UkCore.ETHNIC_CATEGORY_ENGLAND_SYSTEM, code, ETHNIC_CATEGORIES.get(code))));
            return;
        }
    }

    private static boolean isBirthPlace(XAD xad) {
        String type = upper(V2.text(xad.getXad7_AddressType()));
        return "BDL".equals(type) || "BR".equals(type);
    }

    /** PID-13 (default use home) and PID-14 (default use work), or NK1-5 and NK1-6, as ContactPoints. */
    private static List<ContactPoint> telecoms(XTN[] home, XTN[] work) {
        List<ContactPoint> points = new ArrayList<>();
        for (XTN xtn : home) {
            telecom(xtn, ContactPoint.ContactPointUse.HOME, points);
        }
        for (XTN xtn : work) {
            telecom(xtn, ContactPoint.ContactPointUse.WORK, points);
        }
        return points;
    }

    /**
     * NK1 (next of kin / associated parties) -> Patient.contact: NK1-2 name, NK1-3 relationship (table 0063 ->
     * v3-RoleCode, a table 0131 code -> v2-0131, else text), NK1-7 contact role (v2-0131), NK1-4 address, NK1-5 /
     * NK1-6 phones. A segment with neither name, telecom nor address is left out (FHIR pat-1).
     */
    void contacts(List<NK1> nk1s, Patient patient) {
        for (NK1 nk1 : nk1s) {
            if (V2.isEmpty(nk1)) {
                continue;
            }
            Patient.ContactComponent contact = new Patient.ContactComponent();
            contact.setName(firstMapped(nk1.getNk12_Name(), PatientMapper::name));
            relationship(V2.text(nk1.getNk13_Relationship().getCe1_Identifier()),
                    V2.text(nk1.getNk13_Relationship().getCe2_Text()), contact);
            ContactRoles.contactRole(V2.text(nk1.getNk17_ContactRole().getCe1_Identifier()))
                    .filter(role -> contact.getRelationship().stream().noneMatch(r -> r.hasCoding(role.getSystem(),
                            role.getCode())))
                    .ifPresent(role -> contact.addRelationship(new CodeableConcept(role)));
            contact.setAddress(firstMapped(nk1.getNk14_Address(), PatientMapper::address));
            contact.setTelecom(telecoms(nk1.getNk15_PhoneNumber(), nk1.getNk16_BusinessPhoneNumber()));
            if (contact.hasName() || contact.hasTelecom() || contact.hasAddress()) {
                patient.addContact(contact);
            }
        }
    }

    private static void relationship(String code, String text, Patient.ContactComponent contact) {
        if (code == null) {
            if (text != null) {
                contact.addRelationship(new CodeableConcept().setText(text));
            }
            return;
        }
        Optional<Coding> coding = ContactRoles.relationship(code).or(() -> ContactRoles.contactRole(code));
        contact.addRelationship(coding.map(CodeableConcept::new)
                .orElseGet(() -> new CodeableConcept().setText(text != null ? text : code)));
    }

    /**
     * The Patient an A40 merge retires: MRG-1 identifiers (MRG-7 name), inactive. Linking is left to the
     * caller, which knows both resources' references.
     */
    Patient replaced(MRG mrg) {
        List<Identifier> ids = identifiers(mrg.getMrg1_PriorPatientIdentifierList(), "MRG", 1);
        if (ids.isEmpty()) {
            throw ContentError.ae("MRG", 1, Hl7Errors.REQUIRED_FIELD_MISSING, "MRG-1 (prior patient identifier "
                    + "list) has no identifier: a merge must say which patient record it replaces");
        }
        Patient old = new Patient();
        old.getMeta().addProfile(UkCore.PATIENT);
        old.setActive(false);
        old.setIdentifier(ids);
        for (XPN xpn : mrg.getMrg7_PriorPatientName()) {
            HumanName name = name(xpn);
            if (name != null) {
                old.addName(name);
            }
        }
        return old;
    }

    /**
     * PD1-3 (patient primary facility): the registered GP practice, or null. Its ODS code (XON-10, else XON-3) is
     * its identifier when shaped like one; a practice with another code, or a name only, is kept by its name.
     */
    Organization gpPractice(PD1 pd1) {
        return V2.isEmpty(pd1) ? null : firstMapped(pd1.getPd13_PatientPrimaryFacility(), PatientMapper::practice);
    }

    private static Organization practice(XON xon) {
        String code = upper(V2.text(xon.getXon10_OrganizationIdentifier()));
        if (code == null) {
            code = upper(V2.text(xon.getXon3_IDNumber()));
        }
        // A code of digits only in these fields is a local or GMC-style number, not a practice's ODS code.
        boolean ods = OdsCode.isValid(code) && code.chars().anyMatch(Character::isLetter);
        String name = V2.text(xon.getXon1_OrganizationName());
        return ods || name != null ? organisation(ods ? code : null, name) : null;
    }

    /** The first repetition that maps to something (non-null), mapped; null when none does. */
    private static <T, R> R firstMapped(T[] repetitions, java.util.function.Function<T, R> map) {
        for (T repetition : repetitions) {
            R mapped = map.apply(repetition);
            if (mapped != null) {
                return mapped;
            }
        }
        return null;
    }

    /**
     * PD1-4 (patient primary care provider): the registered GP as a UK Core Practitioner, or null. XCN-1 is
     * the identifier when shaped like a GP's national code (G and 7 digits: system gmp-number) or a GMC
     * number (7 digits: gmc-number); otherwise the GP is kept by name only.
     */
    Practitioner generalPractitioner(PD1 pd1) {
        return V2.isEmpty(pd1) ? null
                : firstMapped(pd1.getPd14_PatientPrimaryCareProviderNameIDNo(), PatientMapper::practitioner);
    }

    private static Practitioner practitioner(XCN xcn) {
        String code = upper(V2.text(xcn.getXcn1_IDNumber()));
        String system = code == null ? null : GMP_CODE.matcher(code).matches() ? FhirSystems.GMP_NUMBER
                : GMC_NUMBER.matcher(code).matches() ? FhirSystems.GMC_NUMBER : null;
        HumanName name = practitionerName(xcn);
        if (system == null && name == null) {
            return null;
        }
        Practitioner gp = new Practitioner();
        gp.getMeta().addProfile(UkCore.PRACTITIONER);
        if (system != null) {
            gp.addIdentifier().setSystem(system).setValue(code);
        }
        if (name != null) {
            gp.addName(name);
        }
        return gp;
    }

    /** XCN-2 family, XCN-3/4 given, XCN-6 prefix; null when none is given. */
    private static HumanName practitionerName(XCN xcn) {
        return humanName(V2.text(xcn.getXcn2_FamilyName().getFn1_Surname()), V2.text(xcn.getXcn3_GivenName()),
                V2.text(xcn.getXcn4_SecondAndFurtherGivenNamesOrInitialsThereof()), V2.text(xcn.getXcn6_PrefixEgDR()),
                null, null);
    }

    /** A UK Core Organization identified by its ODS code (none when null), with its name (when not null). */
    static Organization organisation(String odsCode, String name) {
        Organization org = new Organization();
        org.getMeta().addProfile(UkCore.ORGANIZATION);
        if (odsCode != null) {
            org.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(odsCode);
        }
        if (name != null) {
            org.setName(name);
        }
        return org;
    }

    // ---- identifiers ----

    static boolean isNhsNumber(Identifier id) {
        return FhirSystems.NHS_NUMBER.equals(id.getSystem());
    }

    /** The identifiers of a CX list: the NHS number first (checked), then the local ones, without repeats. */
    private List<Identifier> identifiers(CX[] list, String segment, int field) {
        String where = segment + "-" + field;
        String nhsNumber = null;
        Map<String, Identifier> local = new LinkedHashMap<>();
        for (CX cx : list) {
            String value = V2.text(cx.getCx1_IDNumber());
            if (value == null) {
                continue; // an empty repetition, or one with only a type code
            }
            String authority = V2.text(cx.getCx4_AssigningAuthority().getHd1_NamespaceID());
            String authorityOid = V2.text(cx.getCx4_AssigningAuthority().getHd2_UniversalID());
            String type = V2.text(cx.getCx5_IdentifierTypeCode());
            boolean nhs = "NHS".equalsIgnoreCase(authority) || NHS_NUMBER_OID.equals(authorityOid)
                    || "NH".equalsIgnoreCase(type) || "NHS".equalsIgnoreCase(type);
            if (nhs) {
                String number = NhsNumber.normalise(value);
                if (!NhsNumber.isValid(number)) {
                    throw ContentError.ae(segment, field, Hl7Errors.DATA_TYPE, "the NHS number in " + where
                            + " (the identifier with assigning authority NHS or identifier type NH) is not a valid "
                            + "NHS number: it must be ten digits with a correct Modulus 11 check digit");
                }
                if (nhsNumber != null && !nhsNumber.equals(number)) {
                    throw ContentError.ae(segment, field, Hl7Errors.DATA_TYPE, where + " carries two different NHS "
                            + "numbers: send the patient's one NHS number");
                }
                nhsNumber = number;
                continue;
            }
            if (WHITESPACE.matcher(value).find()) {
                throw ContentError.ae(segment, field, Hl7Errors.DATA_TYPE, "an identifier in " + where
                        + " contains spaces, so it reads as free text rather than an identifier: send identifiers "
                        + "as codes, and mark the NHS number with assigning authority NHS or identifier type NH");
            }
            Identifier id = localIdentifier(partnerId, value, cx.getCx4_AssigningAuthority());
            if (type != null) {
                id.setType(identifierType(type));
            }
            local.putIfAbsent(id.getSystem() + "|" + value + "|" + type, id);
        }
        List<Identifier> ids = new ArrayList<>();
        if (nhsNumber != null) {
            ids.add(new Identifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber));
        }
        ids.addAll(local.values());
        return ids;
    }

    /** A v2-0203 identifier type, coded when we know the code, else as text. */
    private static CodeableConcept identifierType(String type) {
        String display = IDENTIFIER_TYPES.get(type.toUpperCase(Locale.ROOT));
        return display == null ? new CodeableConcept().setText(type)
                : new CodeableConcept(new Coding(FhirSystems.V2_IDENTIFIER_TYPE, type.toUpperCase(Locale.ROOT), display));
    }

    /**
     * A partner's local identifier, its system chosen by its assigning authority (CX-4) so that two
     * authorities' ids never collide: {@code urn:oid:<HD-2>} when HD-3 is ISO and HD-2 an OID; HD-2 itself when
     * HD-3 is URI and HD-2 an absolute URI (what CareBridge's writer sends, so a round trip keeps the system);
     * else {@code https://carebridge.uk/fhir/Id/local/<partner>/<HD-1>}; and
     * {@code https://carebridge.uk/fhir/Id/local/<partner>} when CX-4 is empty. {@code assigner.display} is
     * HD-1, else HD-2.
     */
    static Identifier localIdentifier(String partnerId, String value, HD authority) {
        String namespace = V2.text(authority.getHd1_NamespaceID());
        String universal = V2.text(authority.getHd2_UniversalID());
        String universalType = upper(V2.text(authority.getHd3_UniversalIDType()));
        String system;
        if (universal != null && "ISO".equals(universalType) && OID.matcher(universal).matches()) {
            system = "urn:oid:" + universal;
        } else if (universal != null && "URI".equals(universalType) && universal.matches("[A-Za-z][A-Za-z0-9+.-]*:\\S+")) {
            system = universal;
        } else {
            system = FhirSystems.localIdSystem(partnerId, namespace != null ? namespace : universal);
        }
        Identifier id = new Identifier().setSystem(system).setValue(value);
        String assigner = namespace != null ? namespace : universal;
        if (assigner != null) {
            id.setAssigner(new Reference().setDisplay(assigner));
        }
        return id;
    }

    /** PID-32 codes 01-08 (ITK: NHS number trace status) -> the UK Core verification status extension. */
    private static void verificationStatus(IS[] reliability, Identifier nhsNumber) {
        for (IS is : reliability) {
            String code = V2.text(is);
            String display = code == null ? null : VERIFICATION_STATUS.get(code);
            if (display != null) {
                nhsNumber.addExtension(UkCore.NHS_NUMBER_VERIFICATION_STATUS, new CodeableConcept(
                        new Coding(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, code, display)));
                return;
            }
        }
    }

    // ---- demographics ----

    /** XPN -> HumanName; null when the repetition is empty. */
    static HumanName name(XPN xpn) {
        HumanName name = humanName(V2.text(xpn.getXpn1_FamilyName().getFn1_Surname()), V2.text(xpn.getXpn2_GivenName()),
                V2.text(xpn.getXpn3_SecondAndFurtherGivenNamesOrInitialsThereof()), V2.text(xpn.getXpn5_PrefixEgDR()),
                V2.text(xpn.getXpn4_SuffixEgJRorIII()), V2.text(xpn.getXpn6_DegreeEgMD()));
        if (name == null) {
            return null;
        }
        HumanName.NameUse use = nameUse(V2.text(xpn.getXpn7_NameTypeCode()));
        if (use != null) {
            name.setUse(use);
        }
        return name;
    }

    /** A HumanName of the parts given (given and middle as given names, suffix and degree as suffixes); null without family or given. */
    private static HumanName humanName(String family, String given, String middle, String prefix, String suffix,
            String degree) {
        if (family == null && given == null && middle == null) {
            return null;
        }
        HumanName name = new HumanName();
        if (family != null) {
            name.setFamily(family);
        }
        for (String g : new String[] {given, middle}) {
            if (g != null) {
                name.addGiven(g);
            }
        }
        if (prefix != null) {
            name.addPrefix(prefix);
        }
        for (String s : new String[] {suffix, degree}) {
            if (s != null) {
                name.addSuffix(s);
            }
        }
        return name;
    }

    /** HL7 table 0200 name type -> FHIR name use; codes without a FHIR equivalent give no use. */
    private static HumanName.NameUse nameUse(String code) {
        if (code == null) {
            return null;
        }
        return switch (code.toUpperCase(Locale.ROOT)) {
            case "L", "C" -> HumanName.NameUse.OFFICIAL;
            case "D" -> HumanName.NameUse.USUAL;
            case "M" -> HumanName.NameUse.MAIDEN;
            case "N" -> HumanName.NameUse.NICKNAME;
            case "S" -> HumanName.NameUse.ANONYMOUS;
            case "T" -> HumanName.NameUse.TEMP;
            default -> null;
        };
    }

    /** PID-7: the date as written (no zone shift); a time of birth goes in the patient-birthTime extension. */
    private static void birthDate(PID pid, Patient patient) {
        Hl7Time birth = V2.time(pid.getPid7_DateTimeOfBirth(), "PID", 7, "date of birth");
        if (birth == null) {
            return;
        }
        if (birth.date().isAfter(LocalDate.now(Hl7Time.UK))) {
            throw ContentError.ae("PID", 7, Hl7Errors.DATA_TYPE, "PID-7 (date of birth) is in the future");
        }
        patient.setBirthDateElement(birth.fhirDate());
        if (birth.hasTime()) {
            patient.getBirthDateElement().addExtension(BIRTH_TIME, birth.fhirDateTime());
        }
    }

    /**
     * PID-8, HL7 table 0001 (M, F, O, U, A ambiguous -> other, N not applicable -> unknown), also the NHS
     * Data Dictionary person gender codes some UK feeds send (1 male, 2 female, 9 indeterminate -> other,
     * 0 or X not known -> unknown).
     */
    private static AdministrativeGender gender(String code) {
        return switch (code.toUpperCase(Locale.ROOT)) {
            case "M", "1" -> AdministrativeGender.MALE;
            case "F", "2" -> AdministrativeGender.FEMALE;
            case "O", "A", "9" -> AdministrativeGender.OTHER;
            case "U", "N", "0", "X" -> AdministrativeGender.UNKNOWN;
            default -> throw ContentError.ae("PID", 8, Hl7Errors.TABLE_VALUE_NOT_FOUND, "PID-8 (administrative sex) "
                    + "is not a code of HL7 table 0001: use M, F, O, U, A or N");
        };
    }

    /** XAD -> Address; null when empty. XAD-4 is the county in UK use (-> district). */
    static Address address(XAD xad) {
        String line1 = V2.text(xad.getXad1_StreetAddress().getSad1_StreetOrMailingAddress());
        if (line1 == null) {
            String street = V2.text(xad.getXad1_StreetAddress().getSad2_StreetName());
            String number = V2.text(xad.getXad1_StreetAddress().getSad3_DwellingNumber());
            line1 = street == null ? number : number == null ? street : number + " " + street;
        }
        String line2 = V2.text(xad.getXad2_OtherDesignation());
        String city = V2.text(xad.getXad3_City());
        String county = V2.text(xad.getXad4_StateOrProvince());
        String postcode = V2.text(xad.getXad5_ZipOrPostalCode());
        String country = V2.text(xad.getXad6_Country());
        if (line1 == null && line2 == null && city == null && county == null && postcode == null && country == null) {
            return null;
        }
        Address address = new Address();
        if (line1 != null) {
            address.addLine(line1);
        }
        if (line2 != null) {
            address.addLine(line2);
        }
        address.setCity(city);
        address.setDistrict(county);
        if (postcode != null) {
            address.setPostalCode(postcode(postcode));
        }
        address.setCountry(country);
        String type = V2.text(xad.getXad7_AddressType());
        if (type != null) {
            switch (type.toUpperCase(Locale.ROOT)) {
                case "H", "L", "P" -> address.setUse(Address.AddressUse.HOME);
                case "B", "O" -> address.setUse(Address.AddressUse.WORK);
                case "C" -> address.setUse(Address.AddressUse.TEMP);
                case "BA" -> address.setUse(Address.AddressUse.OLD);
                case "M" -> address.setType(Address.AddressType.POSTAL);
                default -> {
                    // other table 0190 types (birth place, country of origin...) carry no FHIR use
                }
            }
        }
        return address;
    }

    /** A UK postcode in capitals with one space before the inward code ("cl221aa" -> "CL22 1AA"); others as written. */
    static String postcode(String raw) {
        String compact = WHITESPACE.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
        if (UK_POSTCODE.matcher(compact).matches()) {
            return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
        }
        return raw.strip();
    }

    /**
     * XTN -> ContactPoints: the email (XTN-4, else XTN-1 when XTN-2 is NET or XTN-3 Internet/X.400/NET) and the
     * phone, mobile, fax or pager number (XTN-1 when it is not the email, else XTN-5..8 or XTN-12). A repetition
     * with both gives both.
     */
    private static void telecom(XTN xtn, ContactPoint.ContactPointUse defaultUse, List<ContactPoint> points) {
        String useCode = upper(V2.text(xtn.getXtn2_TelecommunicationUseCode()));
        String equipment = upper(V2.text(xtn.getXtn3_TelecommunicationEquipmentType()));
        String email = V2.text(xtn.getXtn4_EmailAddress());
        String number = V2.text(xtn.getXtn1_TelephoneNumber());
        // NET is a use code (XTN-2), but some senders write it as the equipment type (XTN-3).
        boolean internet = "INTERNET".equals(equipment) || "X.400".equals(equipment) || "NET".equals(equipment)
                || "NET".equals(useCode);
        if (email == null && internet || number != null && number.contains("@")) {
            email = email == null ? number : email;
            number = null;
        }
        if (email != null) {
            points.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email)
                    .setUse("WPN".equals(useCode) ? ContactPoint.ContactPointUse.WORK : defaultUse));
        }
        if (number == null) {
            number = assembledNumber(xtn);
        }
        if (number == null) {
            return;
        }
        ContactPoint point = new ContactPoint().setValue(number);
        points.add(point);
        point.setSystem(switch (equipment == null ? "" : equipment) {
            case "FX" -> ContactPoint.ContactPointSystem.FAX;
            case "BP" -> ContactPoint.ContactPointSystem.PAGER;
            default -> ContactPoint.ContactPointSystem.PHONE;
        });
        String digits = number.replaceAll("[^0-9+]", "");
        boolean mobile = "CP".equals(equipment) || digits.startsWith("07") || digits.startsWith("+447");
        if (mobile) {
            point.setUse(ContactPoint.ContactPointUse.MOBILE);
        } else if ("WPN".equals(useCode)) {
            point.setUse(ContactPoint.ContactPointUse.WORK);
        } else if ("PRN".equals(useCode) || "ORN".equals(useCode) || "VHN".equals(useCode)) {
            point.setUse(ContactPoint.ContactPointUse.HOME);
        } else {
            point.setUse(defaultUse);
        }
    }

    /** XTN-5/6/7/8 (country, area, local number, extension), or XTN-12, when XTN-1 is empty. */
    private static String assembledNumber(XTN xtn) {
        String local = V2.text(xtn.getXtn7_LocalNumber());
        if (local == null) {
            return V2.text(xtn.getXtn12_UnformattedTelephoneNumber());
        }
        String country = V2.text(xtn.getXtn5_CountryCode());
        String area = V2.text(xtn.getXtn6_AreaCityCode());
        String extension = V2.text(xtn.getXtn8_Extension());
        StringBuilder sb = new StringBuilder();
        if (country != null) {
            sb.append('+').append(country).append(' ');
        }
        if (area != null) {
            sb.append(area).append(' ');
        }
        sb.append(local);
        if (extension != null) {
            sb.append(" ext. ").append(extension);
        }
        return sb.toString();
    }

    /** PID-29 date/time of death, else PID-30 death indicator (Y/N). */
    private static void death(PID pid, Patient patient) {
        Hl7Time died = V2.time(pid.getPid29_PatientDeathDateAndTime(), "PID", 29, "date and time of death");
        if (died != null) {
            patient.setDeceased(died.fhirDateTime());
            return;
        }
        String indicator = upper(V2.text(pid.getPid30_PatientDeathIndicator()));
        if ("Y".equals(indicator)) {
            patient.setDeceased(new BooleanType(true));
        } else if ("N".equals(indicator)) {
            patient.setDeceased(new BooleanType(false));
        }
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
