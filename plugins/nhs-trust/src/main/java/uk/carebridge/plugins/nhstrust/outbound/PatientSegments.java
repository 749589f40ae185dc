package uk.carebridge.plugins.nhstrust.outbound;

import static uk.carebridge.plugins.nhstrust.outbound.Fields.set;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.NK1;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugins.nhstrust.inbound.ContactRoles;

/** Patient -> PID and PD1. See README-outbound.md for the field table. */
final class PatientSegments {

    /** NHS ITK: the NHS number is CX-4 "NHS", CX-5 "NH". */
    static final String NHS_AUTHORITY = "NHS";
    static final String NHS_TYPE = "NH";
    /** Identifier type of a local id without a v2-0203 type: patient internal identifier. */
    static final String LOCAL_TYPE = "PI";
    static final String GMP_NUMBER = FhirSystems.GMP_NUMBER;
    /** Identifier type of PID-2, the patient external identifier. */
    static final String EXTERNAL_TYPE = "PT";
    static final String BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    private final BundleIndex bundle;

    PatientSegments(BundleIndex bundle) {
        this.bundle = bundle;
    }

    /** Whether the patient has at least one identifier value for PID-3 (HL7 requires one). */
    static boolean hasIdentifier(Patient patient) {
        return patient.getIdentifier().stream().anyMatch(i -> Fields.clean(i.getValue()) != null);
    }

    void pid(Patient patient, PID pid) throws DataTypeException {
        set(pid.getSetIDPID(), "1");
        identifiers(patient, pid);
        names(patient, pid);
        set(pid.getDateTimeOfBirth().getTime(), Hl7Timestamps.of(patient.getBirthDateElement()));
        if (patient.hasGender()) {
            set(pid.getAdministrativeSex(), switch (patient.getGender()) {
                case MALE -> "M";
                case FEMALE -> "F";
                case OTHER -> "O";
                default -> "U";
            });
        }
        addresses(patient, pid);
        telecoms(patient.getTelecom(), pid::getPhoneNumberHome, pid::getPhoneNumberBusiness);
        ethnicCategory(patient, pid.getEthnicGroup(0));
        death(patient, pid);
    }

    /** Extension-UKCore-EthnicCategory -> PID-22 (CE-1 the NHS Data Dictionary code, CE-2 its meaning). */
    private static void ethnicCategory(Patient patient, CE ce) throws DataTypeException {
        Extension ext = patient.getExtensionByUrl(UkCore.ETHNIC_CATEGORY);
        if (ext == null || !(ext.getValue() instanceof CodeableConcept cc)) {
            return;
        }
        Optional<Coding> coding = cc.getCoding().stream()
                .filter(c -> UkCore.ETHNIC_CATEGORY_ENGLAND_SYSTEM.equals(c.getSystem()) && c.hasCode()).findFirst();
        if (coding.isPresent()) {
            set(ce.getIdentifier(), coding.get().getCode());
            set(ce.getText(), coding.get().getDisplay());
        }
    }

    /**
     * Patient.contact -> NK1 (one a contact): NK1-2 name, NK1-3 relationship (a v3-RoleCode personal relationship
     * as its table 0063 code, else the relationship's text), NK1-7 contact role (a v2-0131 code; a second one goes
     * in NK1-3 when that is free), NK1-4 address, NK1-5 / NK1-6 phones (work numbers in NK1-6).
     */
    void nk1(Patient patient, IntFunction<NK1> segments) throws DataTypeException {
        int rep = 0;
        for (Patient.ContactComponent contact : patient.getContact()) {
            if (!contact.hasName() && !contact.hasTelecom() && !contact.hasAddress()) {
                continue;
            }
            NK1 nk1 = segments.apply(rep++);
            set(nk1.getSetIDNK1(), String.valueOf(rep));
            if (contact.hasName()) {
                name(contact.getName(), nk1.getNk12_Name(0));
            }
            relationships(contact.getRelationship(), nk1);
            if (contact.hasAddress()) {
                address(contact.getAddress(), nk1.getNk14_Address(0), addressType(contact.getAddress()));
            }
            telecoms(contact.getTelecom(), nk1::getNk15_PhoneNumber, nk1::getNk16_BusinessPhoneNumber);
        }
    }

    private static void relationships(List<CodeableConcept> relationships, NK1 nk1) throws DataTypeException {
        boolean relationshipSet = false;
        boolean roleSet = false;
        for (CodeableConcept cc : relationships) {
            Optional<String> table0063 = cc.getCoding().stream()
                    .filter(c -> ContactRoles.ROLE_CODE.equals(c.getSystem()) && c.hasCode())
                    .map(c -> ContactRoles.table0063(c.getCode())).flatMap(Optional::stream).findFirst();
            Optional<String> table0131 = cc.getCoding().stream()
                    .filter(c -> ContactRoles.V2_0131.equals(c.getSystem()) && c.hasCode())
                    .map(Coding::getCode).findFirst();
            if (table0131.isPresent() && !roleSet) {
                set(nk1.getNk17_ContactRole().getIdentifier(), table0131.get());
                roleSet = true;
            } else if (!relationshipSet && (table0063.isPresent() || table0131.isPresent())) {
                set(nk1.getNk13_Relationship().getIdentifier(), table0063.orElse(table0131.orElse(null)));
                relationshipSet = true;
            } else if (!relationshipSet && (cc.hasText() || cc.hasCoding())) {
                // A relationship HL7 v2 has no code for (e.g. v3-RoleCode WIFE): its words, in CE-2.
                Coding first = cc.getCodingFirstRep();
                set(nk1.getNk13_Relationship().getText(), cc.hasText() ? cc.getText()
                        : first.hasDisplay() ? first.getDisplay() : first.getCode());
                relationshipSet = true;
            }
        }
    }

    private void identifiers(Patient patient, PID pid) throws DataTypeException {
        int rep = 0;
        boolean external = false;
        Optional<Identifier> nhs = patient.getIdentifier().stream()
                .filter(i -> FhirSystems.NHS_NUMBER.equals(i.getSystem()) && Fields.clean(i.getValue()) != null)
                .findFirst();
        if (nhs.isPresent()) {
            var cx = pid.getPatientIdentifierList(rep++);
            set(cx.getIDNumber(), nhs.get().getValue());
            set(cx.getAssigningAuthority().getNamespaceID(), NHS_AUTHORITY);
            set(cx.getIdentifierTypeCode(), NHS_TYPE);
            Optional<String> status = verificationStatus(nhs.get());
            if (status.isPresent()) {
                set(pid.getIdentityReliabilityCode(0), status.get());
            }
        }
        for (Identifier id : patient.getIdentifier()) {
            if (FhirSystems.NHS_NUMBER.equals(id.getSystem()) || Fields.clean(id.getValue()) == null) {
                continue;
            }
            if (!external && EXTERNAL_TYPE.equals(Fields.typeCode(id).orElse(null))) {
                Fields.identifier(pid.getPatientID(), id, EXTERNAL_TYPE); // PID-2: the patient external identifier
                external = true;
                continue;
            }
            Fields.identifier(pid.getPatientIdentifierList(rep++), id, LOCAL_TYPE);
        }
    }

    /** The UK Core NHS number verification status code ("01" = present and verified). */
    static Optional<String> verificationStatus(Identifier nhsNumber) {
        Extension ext = nhsNumber.getExtensionByUrl(UkCore.NHS_NUMBER_VERIFICATION_STATUS);
        if (ext == null || !(ext.getValue() instanceof CodeableConcept cc)) {
            return Optional.empty();
        }
        return Fields.code(cc, UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM);
    }

    /** Official name first; names in use "old" are left out (the receiver would take them as current). */
    private void names(Patient patient, PID pid) throws DataTypeException {
        List<HumanName> names = patient.getName().stream()
                .filter(n -> n.getUse() != HumanName.NameUse.OLD)
                .filter(n -> Fields.clean(n.getFamily()) != null
                        || n.getGiven().stream().anyMatch(g -> Fields.clean(g.getValue()) != null))
                .sorted(Comparator.comparing(n -> n.getUse() == HumanName.NameUse.OFFICIAL ? 0 : 1))
                .toList();
        int rep = 0;
        for (HumanName name : names) {
            name(name, pid.getPatientName(rep++));
        }
    }

    /** HumanName -> XPN: family, given (further given names in XPN-3), suffix, prefix, name type. */
    private static void name(HumanName name, XPN xpn) throws DataTypeException {
        set(xpn.getFamilyName().getSurname(), name.getFamily());
        given(name, xpn.getGivenName(), xpn.getSecondAndFurtherGivenNamesOrInitialsThereof());
        set(xpn.getSuffixEgJRorIII(), joined(name.getSuffix()));
        set(xpn.getPrefixEgDR(), joined(name.getPrefix()));
        if (name.hasUse()) {
            set(xpn.getNameTypeCode(), switch (name.getUse()) {
                case OFFICIAL -> "L";
                case USUAL -> "D";
                case NICKNAME -> "N";
                case MAIDEN -> "M";
                case ANONYMOUS -> "S";
                default -> "U";
            });
        }
    }

    /** The first given name, and the others joined by spaces (XPN-2 / XPN-3, XCN-3 / XCN-4). */
    private static void given(HumanName name, Primitive first, Primitive further) throws DataTypeException {
        List<String> given = name.getGiven().stream().map(PrimitiveType::getValue).map(Fields::clean)
                .filter(g -> g != null).toList();
        if (!given.isEmpty()) {
            set(first, given.get(0));
            set(further, String.join(" ", given.subList(1, given.size())));
        }
    }

    private static String joined(List<? extends PrimitiveType<String>> parts) {
        return parts.stream().map(PrimitiveType::getValue).map(Fields::clean).filter(s -> s != null)
                .collect(Collectors.joining(" "));
    }

    /** line1 ^ further lines ^ city ^ district (else state) ^ postcode ^ country ^ type. Old addresses are left out. */
    private void addresses(Patient patient, PID pid) throws DataTypeException {
        int rep = 0;
        for (Address address : patient.getAddress()) {
            if (address.getUse() == Address.AddressUse.OLD || address.isEmpty()) {
                continue;
            }
            address(address, pid.getPatientAddress(rep++), addressType(address));
        }
        // The patient-birthPlace extension: one more repetition, XAD-7 BDL (birth delivery location).
        Extension birthPlace = patient.getExtensionByUrl(BIRTH_PLACE);
        if (birthPlace != null && birthPlace.getValue() instanceof Address place && !place.isEmpty()) {
            address(place, pid.getPatientAddress(rep), "BDL");
        }
    }

    /** line1 ^ further lines ^ city ^ district (else state) ^ postcode ^ country ^ type. */
    private static void address(Address address, XAD xad, String type) throws DataTypeException {
        List<String> lines = address.getLine().stream().map(PrimitiveType::getValue).map(Fields::clean)
                .filter(s -> s != null).toList();
        if (!lines.isEmpty()) {
            set(xad.getStreetAddress().getStreetOrMailingAddress(), lines.get(0));
            set(xad.getOtherDesignation(), String.join(", ", lines.subList(1, lines.size())));
        }
        set(xad.getCity(), address.getCity());
        set(xad.getStateOrProvince(), address.hasDistrict() ? address.getDistrict() : address.getState());
        set(xad.getZipOrPostalCode(), address.getPostalCode());
        set(xad.getCountry(), address.getCountry());
        set(xad.getAddressType(), type);
    }

    private static String addressType(Address address) {
        if (address.hasUse()) {
            switch (address.getUse()) {
                case HOME:
                    return "H";
                case WORK:
                    return "B";
                case TEMP:
                    return "C";
                case BILLING:
                    return "M";
                default:
                    break;
            }
        }
        return address.getType() == Address.AddressType.POSTAL ? "M" : null;
    }

    /** Work numbers go to PID-14 / NK1-6 (business), the rest to PID-13 / NK1-5 (home); old ones are left out. */
    private static void telecoms(List<ContactPoint> points, IntFunction<XTN> homeField, IntFunction<XTN> businessField)
            throws DataTypeException {
        int home = 0;
        int business = 0;
        for (ContactPoint cp : points) {
            String value = Fields.clean(cp.getValue());
            if (value == null || cp.getUse() == ContactPoint.ContactPointUse.OLD || !cp.hasSystem()) {
                continue;
            }
            boolean work = cp.getUse() == ContactPoint.ContactPointUse.WORK;
            String equipment = switch (cp.getSystem()) {
                case PHONE -> cp.getUse() == ContactPoint.ContactPointUse.MOBILE ? "CP" : "PH";
                case SMS -> "CP";
                case FAX -> "FX";
                case PAGER -> "BP";
                case EMAIL -> "Internet";
                default -> null;
            };
            if (equipment == null) {
                continue;
            }
            XTN xtn = work ? businessField.apply(business++) : homeField.apply(home++);
            if (cp.getSystem() == ContactPoint.ContactPointSystem.EMAIL) {
                set(xtn.getTelecommunicationUseCode(), "NET");
                set(xtn.getEmailAddress(), value);
            } else {
                set(xtn.getTelephoneNumber(), value);
                set(xtn.getTelecommunicationUseCode(), work ? "WPN" : "PRN");
            }
            set(xtn.getTelecommunicationEquipmentType(), equipment);
        }
    }

    private void death(Patient patient, PID pid) throws DataTypeException {
        if (patient.getDeceased() instanceof DateTimeType when) {
            set(pid.getPatientDeathDateAndTime().getTime(), Hl7Timestamps.of(when));
            set(pid.getPatientDeathIndicator(), "Y");
        } else if (patient.getDeceased() instanceof BooleanType dead && dead.hasValue()) {
            set(pid.getPatientDeathIndicator(), dead.booleanValue() ? "Y" : "N");
        }
    }

    /**
     * PD1-3 registered GP practice (XON-1 name, XON-10 ODS code) and PD1-4 the GP (XCN-1 code, XCN-2/3 name),
     * from Patient.generalPractitioner: an Organization/Practitioner/PractitionerRole in the message, or a
     * logical reference by ODS code / GMP number.
     */
    void pd1(Patient patient, PD1 pd1) throws DataTypeException {
        List<Organization> practices = new ArrayList<>();
        List<Reference> logicalPractices = new ArrayList<>();
        List<Practitioner> gps = new ArrayList<>();
        List<Reference> logicalGps = new ArrayList<>();
        for (Reference ref : patient.getGeneralPractitioner()) {
            Optional<Organization> org = bundle.resolve(ref, Organization.class);
            Optional<Practitioner> gp = bundle.resolve(ref, Practitioner.class);
            Optional<PractitionerRole> role = bundle.resolve(ref, PractitionerRole.class);
            if (org.isPresent()) {
                practices.add(org.get());
            } else if (gp.isPresent()) {
                gps.add(gp.get());
            } else if (role.isPresent()) {
                bundle.resolve(role.get().getOrganization(), Organization.class).ifPresentOrElse(practices::add,
                        () -> addIfLogical(role.get().getOrganization(), logicalPractices));
                bundle.resolve(role.get().getPractitioner(), Practitioner.class).ifPresentOrElse(gps::add,
                        () -> addIfLogical(role.get().getPractitioner(), logicalGps));
            } else if (ref.hasIdentifier() && ref.getIdentifier().hasValue()) {
                boolean isGp = "Practitioner".equals(ref.getType()) || GMP_NUMBER.equals(ref.getIdentifier().getSystem());
                (isGp ? logicalGps : logicalPractices).add(ref);
            }
        }
        int rep = 0;
        for (Organization practice : practices) {
            XON xon = pd1.getPatientPrimaryFacility(rep++);
            set(xon.getOrganizationName(), practice.getName());
            set(xon.getOrganizationIdentifier(), odsCode(practice.getIdentifier()).orElse(null));
        }
        for (Reference ref : logicalPractices) {
            XON xon = pd1.getPatientPrimaryFacility(rep++);
            set(xon.getOrganizationName(), ref.getDisplay());
            set(xon.getOrganizationIdentifier(), ref.getIdentifier().getValue());
        }
        rep = 0;
        for (Practitioner gp : gps) {
            XCN xcn = pd1.getPatientPrimaryCareProviderNameIDNo(rep++);
            Optional<Identifier> code = gp.getIdentifier().stream()
                    .filter(i -> GMP_NUMBER.equals(i.getSystem()) && i.hasValue()).findFirst()
                    .or(() -> gp.getIdentifier().stream()
                            .filter(i -> FhirSystems.GMC_NUMBER.equals(i.getSystem()) && i.hasValue()).findFirst())
                    .or(() -> gp.getIdentifier().stream().filter(Identifier::hasValue).findFirst());
            set(xcn.getIDNumber(), code.map(Identifier::getValue).orElse(null));
            // XCN-9: GMP or GMC, as the NHS ADT specification names the two registers.
            set(xcn.getAssigningAuthority().getNamespaceID(), code.map(Identifier::getSystem)
                    .map(system -> GMP_NUMBER.equals(system) ? "GMP" : FhirSystems.GMC_NUMBER.equals(system) ? "GMC" : null)
                    .orElse(null));
            if (gp.hasName()) {
                HumanName name = gp.getNameFirstRep();
                set(xcn.getFamilyName().getSurname(), name.getFamily());
                given(name, xcn.getGivenName(), xcn.getSecondAndFurtherGivenNamesOrInitialsThereof());
                set(xcn.getPrefixEgDR(), joined(name.getPrefix()));
            }
        }
        for (Reference ref : logicalGps) {
            XCN xcn = pd1.getPatientPrimaryCareProviderNameIDNo(rep++);
            set(xcn.getIDNumber(), ref.getIdentifier().getValue());
            set(xcn.getFamilyName().getSurname(), ref.getDisplay());
        }
    }

    private static void addIfLogical(Reference ref, List<Reference> into) {
        if (ref != null && ref.hasIdentifier() && ref.getIdentifier().hasValue()) {
            into.add(ref);
        }
    }

    /** The ODS organisation code among identifiers, else the first identifier value. */
    static Optional<String> odsCode(List<Identifier> identifiers) {
        return identifiers.stream().filter(i -> FhirSystems.ODS_ORGANISATION.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).findFirst()
                .or(() -> identifiers.stream().filter(Identifier::hasValue).map(Identifier::getValue).findFirst());
    }
}
