package uk.carebridge.plugins.nhstrust.outbound;

import static uk.carebridge.plugins.nhstrust.outbound.Fields.set;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.PL;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/** Encounter -> PV1 (and PV2). See the README's outbound field table. */
final class VisitSegment {

    /** PV1-2 when there is no visit (A31 without an Encounter). */
    static final String NOT_APPLICABLE = "N";
    private static final int MAX_LOCATION_DEPTH = 6;
    /** UK Core extension on Encounter.hospitalization: NHS Data Dictionary admission method (11, 21, ...). */
    static final String ADMISSION_METHOD = UkCore.BASE + "/StructureDefinition/Extension-UKCore-AdmissionMethod";
    static final String ADMISSION_METHOD_SYSTEM = UkCore.BASE + "/CodeSystem/UKCore-AdmissionMethodEngland";

    private final BundleIndex bundle;

    VisitSegment(BundleIndex bundle) {
        this.bundle = bundle;
    }

    /** PV1 of a message about the person only: PV1-1 and PV1-2 = N (not applicable). */
    static void noVisit(PV1 pv1) throws DataTypeException {
        set(pv1.getSetIDPV1(), "1");
        set(pv1.getPatientClass(), NOT_APPLICABLE);
    }

    void pv1(Encounter encounter, AdtTrigger trigger, PV1 pv1) throws DataTypeException {
        set(pv1.getSetIDPV1(), "1");
        set(pv1.getPatientClass(), patientClass(encounter.getClass_()));

        List<Encounter.EncounterLocationComponent> locations = encounter.getLocation();
        Optional<Encounter.EncounterLocationComponent> current = locations.stream()
                .filter(l -> l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE).findFirst()
                .or(() -> locations.isEmpty() ? Optional.empty() : Optional.of(locations.get(locations.size() - 1)));
        if (current.isPresent()) {
            location(current.get().getLocation(), pv1.getAssignedPatientLocation());
        }
        if (trigger == AdtTrigger.A02 || trigger == AdtTrigger.A12) {
            // The most recent completed location other than the current one: where the patient came from.
            for (int i = locations.size() - 1; i >= 0; i--) {
                var l = locations.get(i);
                if (l.getStatus() == Encounter.EncounterLocationStatus.COMPLETED
                        && (current.isEmpty() || l != current.get())) {
                    location(l.getLocation(), pv1.getPriorPatientLocation());
                    break;
                }
            }
        }

        Encounter.EncounterHospitalizationComponent stay = encounter.getHospitalization();
        if (stay.getExtensionByUrl(ADMISSION_METHOD) != null
                && stay.getExtensionByUrl(ADMISSION_METHOD).getValue() instanceof CodeableConcept method) {
            set(pv1.getAdmissionType(), Fields.code(method, ADMISSION_METHOD_SYSTEM).orElse(method.getText()));
        }
        // A code of the UK Core England code system, else any code, else the text (a sender's local value).
        set(pv1.getAdmitSource(), Fields.code(stay.getAdmitSource(), UkCore.SOURCE_OF_ADMISSION_SYSTEM)
                .orElse(stay.getAdmitSource().getText()));
        Optional<Identifier> visit = encounter.getIdentifier().stream()
                .filter(i -> Fields.clean(i.getValue()) != null).findFirst();
        if (visit.isPresent()) {
            Fields.identifier(pv1.getVisitNumber(), visit.get(), "VN");
        }
        set(pv1.getDischargeDisposition(),
                Fields.code(stay.getDischargeDisposition(), UkCore.DISCHARGE_DESTINATION_SYSTEM)
                        .orElse(stay.getDischargeDisposition().getText()));
        if (stay.hasDestination()) {
            set(pv1.getDischargedToLocation().getDischargeLocation(), placeCode(stay.getDestination()));
            set(pv1.getDischargedToLocation().getEffectiveDate().getTime(),
                    Hl7Timestamps.of(encounter.getPeriod().getEndElement()));
        }
        if (encounter.hasServiceProvider()) {
            set(pv1.getServicingFacility(), organisationCode(encounter.getServiceProvider()));
        }
        set(pv1.getAdmitDateTime().getTime(), Hl7Timestamps.of(encounter.getPeriod().getStartElement()));
        set(pv1.getDischargeDateTime(0).getTime(), Hl7Timestamps.of(encounter.getPeriod().getEndElement()));
    }

    /**
     * The CareBridge expected-discharge-date extension on {@code Encounter.hospitalization} -> PV2-9
     * (expected discharge date/time), a date as written or a date-time in UK local time with its offset
     * ({@link Hl7Timestamps}). The writer adds PV2 only when there is such a date; the message structure puts
     * it right after PV1.
     */
    static void pv2(Encounter encounter, PV2 pv2) throws DataTypeException {
        Optional<String> expected = expectedDischarge(encounter);
        if (expected.isPresent()) {
            set(pv2.getExpectedDischargeDateTime().getTime(), expected.get());
        }
    }

    /** The expected discharge date (a date or dateTime value of the extension) as HL7 TS text. */
    static Optional<String> expectedDischarge(Encounter encounter) {
        if (encounter == null || !encounter.hasHospitalization()) {
            return Optional.empty();
        }
        Extension edd = encounter.getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE);
        return edd != null && edd.getValue() instanceof BaseDateTimeType value
                ? Optional.ofNullable(Hl7Timestamps.of(value)) : Optional.empty();
    }

    /**
     * Encounter.class (v3 ActCode) -> PV1-2 (HL7 table 0004). Inpatient stays, acute or not (a care home
     * stay is NONAC), and short stays -> I; ambulatory, home health, virtual, field and observation -> O
     * (the person is not in a bed the receiver manages); EMER -> E; PRENC -> P; anything else -> U.
     */
    static String patientClass(Coding cls) {
        if (cls == null || !cls.hasCode()) {
            return "U";
        }
        return switch (cls.getCode()) {
            case "IMP", "ACUTE", "NONAC", "SS" -> "I";
            case "AMB", "HH", "VR", "FLD", "OBSENC" -> "O";
            case "EMER" -> "E";
            case "PRENC" -> "P";
            default -> "U";
        };
    }

    /**
     * A Location (with its partOf chain in the message) as PL. Each level goes to the component its
     * physicalType names: bd bed (PL-3), ro room (PL-2), wa ward (PL-1), lvl floor (PL-8), bu building
     * (PL-7), si site (PL-4 facility); a level without a known type fills PL-1 if still empty. A level's
     * value is its first identifier, else its name. PL-9 is the names of the levels, widest first ("Ward 7,
     * Bed 3"); PL-4,
     * when no site is given, is the managing organisation's ODS code. A reference that does not resolve
     * in the message (a logical reference by identifier) gives PL-1 = that identifier, PL-9 its display.
     */
    void location(Reference ref, PL pl) throws DataTypeException {
        Optional<Location> found = bundle.resolve(ref, Location.class);
        if (found.isEmpty()) {
            if (ref.hasIdentifier()) {
                set(pl.getPointOfCare(), ref.getIdentifier().getValue());
            }
            set(pl.getLocationDescription(), ref.getDisplay());
            return;
        }
        List<Location> chain = new ArrayList<>();
        Set<Location> seen = new HashSet<>();
        for (Location l = found.get(); l != null && seen.add(l) && chain.size() < MAX_LOCATION_DEPTH;
                l = bundle.resolve(l.getPartOf(), Location.class).orElse(null)) {
            chain.add(l);
        }
        String site = null;
        String managingOrganisation = null;
        List<Location> untyped = new ArrayList<>();
        for (Location l : chain) {
            String value = Fields.clean(l.getIdentifier().stream().filter(Identifier::hasValue)
                    .map(Identifier::getValue).findFirst().orElse(l.getName()));
            String type = Fields.code(l.getPhysicalType(), null).orElse("");
            switch (type) {
                case "bd" -> setIfEmpty(pl.getBed(), value);
                case "ro" -> setIfEmpty(pl.getRoom(), value);
                case "wa" -> setIfEmpty(pl.getPointOfCare(), value);
                case "lvl" -> setIfEmpty(pl.getFloor(), value);
                case "bu" -> setIfEmpty(pl.getBuilding(), value);
                case "si" -> site = site == null ? value : site;
                default -> untyped.add(l);
            }
            if (managingOrganisation == null && l.hasManagingOrganization()) {
                managingOrganisation = organisationCode(l.getManagingOrganization());
            }
        }
        if (!untyped.isEmpty()) {
            Location l = untyped.get(0);
            setIfEmpty(pl.getPointOfCare(), l.getIdentifier().stream().filter(Identifier::hasValue)
                    .map(Identifier::getValue).findFirst().orElse(l.getName()));
        }
        set(pl.getFacility().getNamespaceID(), site != null ? site : managingOrganisation);
        List<String> names = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            String name = Fields.clean(chain.get(i).getName());
            if (name != null) {
                names.add(name);
            }
        }
        set(pl.getLocationDescription(), String.join(", ", names));
    }

    private static void setIfEmpty(ca.uhn.hl7v2.model.Primitive field, String value) throws DataTypeException {
        if (field.getValue() == null || field.getValue().isEmpty()) {
            set(field, value);
        }
    }

    /** An Organization (in the message or by logical reference) as its ODS code, else its first identifier. */
    private String organisationCode(Reference ref) {
        Optional<Organization> org = bundle.resolve(ref, Organization.class);
        if (org.isPresent()) {
            return PatientSegments.odsCode(org.get().getIdentifier()).orElse(org.get().getName());
        }
        return ref.hasIdentifier() ? ref.getIdentifier().getValue() : null;
    }

    /** Where the patient went: an Organization's ODS code, or a Location's identifier or name. */
    private String placeCode(Reference ref) {
        Optional<Location> location = bundle.resolve(ref, Location.class);
        if (location.isPresent()) {
            return location.get().getIdentifier().stream().filter(Identifier::hasValue).map(Identifier::getValue)
                    .findFirst().orElse(location.get().getName());
        }
        return organisationCode(ref);
    }
}
