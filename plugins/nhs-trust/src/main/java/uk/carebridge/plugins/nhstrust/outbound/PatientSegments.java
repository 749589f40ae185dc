package uk.carebridge.plugins.nhstrust.outbound;

import static uk.carebridge.plugins.nhstrust.outbound.Fields.set;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
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
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/** Patient -> PID and PD1. See README-outbound.md for the field table. */
final class PatientSegments {

    /** NHS ITK: the NHS number is CX-4 "NHS", CX-5 "NH". */
    static final String NHS_AUTHORITY = "NHS";
    static final String NHS_TYPE = "NH";
    /** Identifier type of a local id without a v2-0203 type: patient internal identifier. */
    static final String LOCAL_TYPE = "PI";
    static final String GMP_NUMBER = "https://fhir.hl7.org.uk/Id/gmp-number";

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
        telecoms(patient, pid);
        death(patient, pid);
    }

    private void identifiers(Patient patient, PID pid) throws DataTypeException {
        int rep = 0;
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
            XPN xpn = pid.getPatientName(rep++);
            set(xpn.getFamilyName().getSurname(), name.getFamily());
            List<String> given = name.getGiven().stream().map(PrimitiveType::getValue).map(Fields::clean)
                    .filter(g -> g != null).toList();
            if (!given.isEmpty()) {
                set(xpn.getGivenName(), given.get(0));
                set(xpn.getSecondAndFurtherGivenNamesOrInitialsThereof(),
                        String.join(" ", given.subList(1, given.size())));
            }
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
            XAD xad = pid.getPatientAddress(rep++);
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
            set(xad.getAddressType(), addressType(address));
        }
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

    /** Work numbers go to PID-14 (business), the rest to PID-13 (home); old ones are left out. */
    private void telecoms(Patient patient, PID pid) throws DataTypeException {
        int home = 0;
        int business = 0;
        for (ContactPoint cp : patient.getTelecom()) {
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
            XTN xtn = work ? pid.getPhoneNumberBusiness(business++) : pid.getPhoneNumberHome(home++);
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
            set(xcn.getIDNumber(), gp.getIdentifier().stream()
                    .filter(i -> GMP_NUMBER.equals(i.getSystem()) && i.hasValue()).findFirst()
                    .or(() -> gp.getIdentifier().stream().filter(Identifier::hasValue).findFirst())
                    .map(Identifier::getValue).orElse(null));
            if (gp.hasName()) {
                HumanName name = gp.getNameFirstRep();
                set(xcn.getFamilyName().getSurname(), name.getFamily());
                set(xcn.getGivenName(), name.getGiven().isEmpty() ? null : name.getGiven().get(0).getValue());
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
