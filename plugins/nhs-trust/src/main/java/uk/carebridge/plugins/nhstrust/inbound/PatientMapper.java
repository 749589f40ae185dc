package uk.carebridge.plugins.nhstrust.inbound;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.IS;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;

/**
 * PID (and PD1, MRG) -> UK Core Patient. The NHS number is the identifier whose assigning authority
 * (CX-4) is NHS (namespace "NHS" or the NHS number OID) or whose identifier type (CX-5) is NH (NHS ITK) or
 * NHS; every other identifier is a local identifier of the trust. See the README table for every field.
 */
final class PatientMapper {

    /** The OID of the NHS number in England and Wales (HL7 UK). */
    static final String NHS_NUMBER_OID = "2.16.840.1.113883.2.1.4.1";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

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

    /** ODS organisation codes: letters and digits, at least one letter (practices e.g. B86001, trusts e.g. RR8). */
    private static final Pattern ODS_CODE = Pattern.compile("(?=.*[A-Z])[A-Z0-9]{3,8}");
    private static final Pattern UK_POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private final String localSystem;

    PatientMapper(String partnerId) {
        this.localSystem = FhirSystems.localIdSystem(partnerId);
    }

    /** The Patient of a PID segment. Throws {@link ContentError} for identifiers or values we cannot accept. */
    Patient patient(PID pid) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        List<Identifier> ids = identifiers(pid.getPid3_PatientIdentifierList(), "PID", 3);
        if (ids.stream().noneMatch(PatientMapper::isNhsNumber)) {
            // PID-2 (external id, deprecated since v2.3.1) still carries the NHS number in some older feeds.
            identifiers(new CX[] {pid.getPid2_PatientID()}, "PID", 2).stream()
                    .filter(PatientMapper::isNhsNumber).findFirst().ifPresent(nhs -> ids.add(0, nhs));
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
            if (address != null) {
                patient.addAddress(address);
            }
        }
        for (XTN xtn : pid.getPid13_PhoneNumberHome()) {
            telecom(xtn, ContactPoint.ContactPointUse.HOME, patient);
        }
        for (XTN xtn : pid.getPid14_PhoneNumberBusiness()) {
            telecom(xtn, ContactPoint.ContactPointUse.WORK, patient);
        }
        death(pid, patient);
        return patient;
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

    /** PD1-3 (patient primary facility): the registered GP practice by its ODS code, or null. */
    Organization gpPractice(PD1 pd1) {
        if (V2.isEmpty(pd1)) {
            return null;
        }
        for (XON xon : pd1.getPd13_PatientPrimaryFacility()) {
            String code = V2.text(xon.getXon10_OrganizationIdentifier());
            if (code == null) {
                code = V2.text(xon.getXon3_IDNumber());
            }
            if (code == null || !ODS_CODE.matcher(code.toUpperCase(Locale.ROOT)).matches()) {
                continue;
            }
            Organization practice = organisation(code.toUpperCase(Locale.ROOT), V2.text(xon.getXon1_OrganizationName()));
            return practice;
        }
        return null;
    }

    /** A UK Core Organization identified by its ODS code. */
    static Organization organisation(String odsCode, String name) {
        Organization org = new Organization();
        org.getMeta().addProfile(UkCore.ORGANIZATION);
        org.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(odsCode);
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
            String assigner = authority != null ? authority : authorityOid;
            Identifier id = new Identifier().setSystem(localSystem).setValue(value);
            if (type != null) {
                String display = IDENTIFIER_TYPES.get(type.toUpperCase(Locale.ROOT));
                id.setType(display == null ? new CodeableConcept().setText(type)
                        : new CodeableConcept(new Coding(V2_0203, type.toUpperCase(Locale.ROOT), display)));
            }
            if (assigner != null) {
                id.setAssigner(new Reference().setDisplay(assigner));
            }
            local.putIfAbsent(value + "|" + type + "|" + assigner, id);
        }
        List<Identifier> ids = new ArrayList<>();
        if (nhsNumber != null) {
            ids.add(new Identifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber));
        }
        ids.addAll(local.values());
        return ids;
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
        String family = V2.text(xpn.getXpn1_FamilyName().getFn1_Surname());
        String given = V2.text(xpn.getXpn2_GivenName());
        String middle = V2.text(xpn.getXpn3_SecondAndFurtherGivenNamesOrInitialsThereof());
        String suffix = V2.text(xpn.getXpn4_SuffixEgJRorIII());
        String prefix = V2.text(xpn.getXpn5_PrefixEgDR());
        String degree = V2.text(xpn.getXpn6_DegreeEgMD());
        if (family == null && given == null && middle == null) {
            return null;
        }
        HumanName name = new HumanName();
        if (family != null) {
            name.setFamily(family);
        }
        if (given != null) {
            name.addGiven(given);
        }
        if (middle != null) {
            name.addGiven(middle);
        }
        if (prefix != null) {
            name.addPrefix(prefix);
        }
        if (suffix != null) {
            name.addSuffix(suffix);
        }
        if (degree != null) {
            name.addSuffix(degree);
        }
        HumanName.NameUse use = nameUse(V2.text(xpn.getXpn7_NameTypeCode()));
        if (use != null) {
            name.setUse(use);
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

    /** XTN -> ContactPoint (phone, mobile, fax, pager or email). */
    private static void telecom(XTN xtn, ContactPoint.ContactPointUse defaultUse, Patient patient) {
        String useCode = upper(V2.text(xtn.getXtn2_TelecommunicationUseCode()));
        String equipment = upper(V2.text(xtn.getXtn3_TelecommunicationEquipmentType()));
        String email = V2.text(xtn.getXtn4_EmailAddress());
        String number = V2.text(xtn.getXtn1_TelephoneNumber());
        if ("INTERNET".equals(equipment) || "X.400".equals(equipment) || "NET".equals(useCode) || email != null) {
            String address = email != null ? email : number;
            if (address != null) {
                patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(address)
                        .setUse("WPN".equals(useCode) ? ContactPoint.ContactPointUse.WORK : defaultUse);
            }
            return;
        }
        if (number == null) {
            number = assembledNumber(xtn);
        }
        if (number == null) {
            return;
        }
        ContactPoint point = patient.addTelecom().setValue(number);
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
