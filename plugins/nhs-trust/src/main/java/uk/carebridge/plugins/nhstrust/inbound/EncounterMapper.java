package uk.carebridge.plugins.nhstrust.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.PL;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * PV1 -> UK Core Encounter (and a UK Core Location for the assigned, and on a transfer the prior, location).
 * See the README table for every field.
 */
final class EncounterMapper {

    static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";
    static final String LOCATION_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    static final String ADMISSION_METHOD = UkCore.BASE + "/StructureDefinition/Extension-UKCore-AdmissionMethod";
    static final String ADMISSION_METHOD_SYSTEM = UkCore.BASE + "/CodeSystem/UKCore-AdmissionMethodEngland";

    /** NHS Data Dictionary codes, as in UK Core's England code systems. */
    private static final Set<String> SOURCE_OF_ADMISSION = Set.of("19", "29", "39", "49", "51", "52", "53", "54",
            "65", "66", "79", "85", "87", "88", "98", "99");
    private static final Set<String> DISCHARGE_DESTINATION = Set.of("19", "29", "30", "37", "38", "48", "49", "50",
            "51", "52", "53", "54", "65", "66", "79", "84", "85", "87", "88", "98", "99");
    private static final Set<String> ADMISSION_METHODS = Set.of("11", "12", "13", "21", "22", "23", "24", "25",
            "2A", "2B", "2C", "2D", "28", "31", "32", "81", "82", "83", "98", "99");

    /** The resources an Encounter refers to besides the Patient: its Locations. */
    record Visit(Encounter encounter, List<Location> locations) {
    }

    private final String partnerId;

    EncounterMapper(String partnerId) {
        this.partnerId = partnerId;
    }

    /** Whether PV1 describes a visit (not absent, not patient class N "not applicable", something valued). */
    static boolean hasVisit(PV1 pv1) {
        if (V2.isEmpty(pv1)) {
            return false;
        }
        String patientClass = V2.text(pv1.getPv12_PatientClass());
        if (patientClass != null && patientClass.equalsIgnoreCase("N")) {
            return false;
        }
        return patientClass != null || V2.text(pv1.getPv119_VisitNumber().getCx1_IDNumber()) != null
                || !isEmpty(pv1.getPv13_AssignedPatientLocation()) || V2.text(pv1.getPv144_AdmitDateTime().getTime()) != null;
    }

    /**
     * The Encounter of a visit event.
     *
     * @param pv2           PV2 (additional visit information) when the message has one; may be null or empty.
     *                      Only PV2-9, the expected discharge date/time, is read
     * @param event         the trigger (its status, and which fallbacks apply)
     * @param eventOccurred EVN-6, used as the admit time (A01/A04), discharge time (A03) or transfer time
     *                      (A02) when PV1 does not give it; may be null
     * @param trust         the trust's Organization (service provider, managing organisation of the Locations); may be null
     */
    Visit visit(PV1 pv1, PV2 pv2, AdtEvent event, Hl7Time eventOccurred, Patient patient, Organization trust) {
        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(UkCore.ENCOUNTER);
        encounter.setSubject(MessageBuilder.ref(patient));
        encounter.setClass_(encounterClass(V2.text(pv1.getPv12_PatientClass())));

        CX visitNumber = pv1.getPv119_VisitNumber();
        String visitId = V2.text(visitNumber.getCx1_IDNumber());
        if (visitId != null) {
            encounter.addIdentifier(PatientMapper.localIdentifier(partnerId, visitId, visitNumber.getCx4_AssigningAuthority())
                    .setType(new CodeableConcept(new Coding(FhirSystems.V2_IDENTIFIER_TYPE, "VN", "Visit number"))));
        }

        Hl7Time admitted = V2.time(pv1.getPv144_AdmitDateTime(), "PV1", 44, "admit date/time");
        TS[] discharges = pv1.getPv145_DischargeDateTime();
        // A13 cancels the discharge: PV1-45 is the discharge that did not happen (senders such as Epic still
        // fill it), not the end of the visit, which goes on (HL7 v2.5.1 3.3.13: PV1 describes the visit after
        // the cancellation).
        Hl7Time discharged = discharges.length == 0 || event == AdtEvent.A13 ? null
                : V2.time(discharges[0], "PV1", 45, "discharge date/time");
        if (admitted == null && (event == AdtEvent.A01 || event == AdtEvent.A04)) {
            admitted = eventOccurred;
        }
        boolean dischargeFromEvent = false;
        if (discharged == null && event == AdtEvent.A03) {
            discharged = eventOccurred;
            dischargeFromEvent = eventOccurred != null;
        }
        if (admitted != null && discharged != null && discharged.latest().isBefore(admitted.offsetDateTime())) {
            throw dischargeFromEvent
                    ? ContentError.ae("EVN", 6, Hl7Errors.DATA_TYPE, "EVN-6 (event occurred, the discharge time as "
                            + "PV1-45 is empty) is before PV1-44 (admit date/time)")
                    : ContentError.ae("PV1", 45, Hl7Errors.DATA_TYPE,
                            "PV1-45 (discharge date/time) is before PV1-44 (admit date/time)");
        }
        if (admitted != null && discharged != null && admitted.precision() != discharged.precision()) {
            // FHIR compares a date with a dateTime only where they differ at the coarser precision: a start
            // of 2025-11-16T10:00 and an end of 2025-11-16 fail per-1. Such a period is written at the
            // coarser precision (as dates), the only way that is valid and invents no time.
            int coarser = Math.min(admitted.precision(), discharged.precision());
            if (admitted.truncatedTo(coarser).date().equals(discharged.truncatedTo(coarser).date())) {
                admitted = admitted.truncatedTo(coarser);
                discharged = discharged.truncatedTo(coarser);
            }
        }
        if (admitted != null) {
            encounter.getPeriod().setStartElement(admitted.fhirDateTime());
        }
        if (discharged != null) {
            // A discharge written to the minute in the minute of a to-the-second admission: FHIR needs
            // seconds, and the earliest second both values allow is the admission's.
            boolean sameSpan = admitted != null && discharged.hasTime() && admitted.hasTime()
                    && discharged.offsetDateTime().isBefore(admitted.offsetDateTime());
            encounter.getPeriod().setEndElement(sameSpan ? admitted.fhirDateTime() : discharged.fhirDateTime());
        }

        EncounterStatus status = event.encounterStatus;
        if (status == EncounterStatus.INPROGRESS && discharged != null) {
            // An admission (or registration, transfer) sent with its discharge time (PV1-45), e.g. a day case
            // recorded afterwards: the visit is over, and an in-progress Encounter with an end would contradict
            // itself. The receiver gets the truth: finished, with the period's end.
            status = EncounterStatus.FINISHED;
        }
        if (status == null) {
            status = discharged != null ? EncounterStatus.FINISHED
                    : admitted != null ? EncounterStatus.INPROGRESS : EncounterStatus.UNKNOWN;
        }
        encounter.setStatus(status);

        List<Location> locations = new ArrayList<>();
        Location current = location(pv1.getPv13_AssignedPatientLocation(), trust);
        if (event.movesThePatient() && current == null) {
            throw noNewLocation();
        }
        if (current != null) {
            locations.add(current);
            Encounter.EncounterLocationComponent where = encounter.addLocation().setLocation(MessageBuilder.ref(current));
            if (status == EncounterStatus.INPROGRESS) {
                where.setStatus(Encounter.EncounterLocationStatus.ACTIVE);
            } else if (status == EncounterStatus.FINISHED) {
                where.setStatus(Encounter.EncounterLocationStatus.COMPLETED);
            } else if (status == EncounterStatus.PLANNED) {
                where.setStatus(Encounter.EncounterLocationStatus.PLANNED);
            }
            if (event == AdtEvent.A02 && eventOccurred != null) {
                where.getPeriod().setStartElement(eventOccurred.fhirDateTime());
            }
        }
        if (event == AdtEvent.A02) {
            Location prior = location(pv1.getPv16_PriorPatientLocation(), trust);
            if (prior != null) {
                locations.add(prior);
                Encounter.EncounterLocationComponent was = encounter.addLocation()
                        .setLocation(MessageBuilder.ref(prior)).setStatus(Encounter.EncounterLocationStatus.COMPLETED);
                if (eventOccurred != null) {
                    was.getPeriod().setEndElement(eventOccurred.fhirDateTime());
                }
            }
        }

        hospitalization(pv1, encounter);
        expectedDischarge(pv2, encounter);
        if (trust != null) {
            encounter.setServiceProvider(MessageBuilder.ref(trust));
        }
        return new Visit(encounter, locations);
    }

    /** The refusal of a transfer (A02) whose PV1-3 gives no location. */
    static ContentError noNewLocation() {
        return ContentError.ae("PV1", 3, Hl7Errors.REQUIRED_FIELD_MISSING,
                "PV1-3 (assigned patient location) is empty: a transfer must say where the patient went");
    }

    /** PV1-14 admit source, PV1-4 admission type (NHS: admission method), PV1-36 discharge disposition. */
    private static void hospitalization(PV1 pv1, Encounter encounter) {
        String source = V2.text(pv1.getPv114_AdmitSource());
        if (source != null) {
            encounter.getHospitalization().setAdmitSource(
                    coded(source, SOURCE_OF_ADMISSION, UkCore.SOURCE_OF_ADMISSION_SYSTEM));
        }
        String method = V2.text(pv1.getPv14_AdmissionType());
        if (method != null) {
            // Codes such as 2A are matched in capitals; a value that is no code stays as the sender wrote it.
            String code = method.toUpperCase(Locale.ROOT);
            encounter.getHospitalization().addExtension(ADMISSION_METHOD, ADMISSION_METHODS.contains(code)
                    ? coded(code, ADMISSION_METHODS, ADMISSION_METHOD_SYSTEM) : new CodeableConcept().setText(method));
        }
        String destination = V2.text(pv1.getPv136_DischargeDisposition());
        if (destination != null) {
            encounter.getHospitalization().setDischargeDisposition(
                    coded(destination, DISCHARGE_DESTINATION, UkCore.DISCHARGE_DESTINATION_SYSTEM));
        }
    }

    /**
     * PV2-9 (expected discharge date/time; "expected discharge date" in v2.3 to v2.4) -> the CareBridge
     * extension {@link FhirSystems#EXPECTED_DISCHARGE_DATE} on {@code Encounter.hospitalization}, a dateTime
     * at the precision written (a date when only a date is sent). A value that is not an HL7 date/time is
     * refused AE at PV2-9, as every other date/time we read.
     */
    private static void expectedDischarge(PV2 pv2, Encounter encounter) {
        if (V2.isEmpty(pv2)) {
            return;
        }
        Hl7Time expected = V2.time(pv2.getPv29_ExpectedDischargeDateTime(), "PV2", 9, "expected discharge date/time");
        if (expected != null) {
            encounter.getHospitalization().addExtension(FhirSystems.EXPECTED_DISCHARGE_DATE, expected.fhirDateTime());
        }
    }

    /** A code of the UK Core England code system when it is one, else the sender's value as text. */
    private static CodeableConcept coded(String value, Set<String> codes, String system) {
        if (codes.contains(value)) {
            return new CodeableConcept(new Coding().setSystem(system).setCode(value));
        }
        return new CodeableConcept().setText(value);
    }

    /**
     * PV1-2 (HL7 table 0004) -> Encounter.class (v3 ActCode). I inpatient, B obstetrics -> IMP; O outpatient,
     * R recurring -> AMB; E emergency -> EMER; P preadmit -> PRENC. Anything else (N, U, C, local codes,
     * empty) -> v3 NullFlavor UNK, as R4 requires a class.
     */
    static Coding encounterClass(String patientClass) {
        String code = patientClass == null ? "" : patientClass.toUpperCase(Locale.ROOT);
        return switch (code) {
            case "I", "B" -> new Coding(FhirSystems.ACT_CODE, "IMP", "inpatient encounter");
            case "O", "R" -> new Coding(FhirSystems.ACT_CODE, "AMB", "ambulatory");
            case "E" -> new Coding(FhirSystems.ACT_CODE, "EMER", "emergency");
            case "P" -> new Coding(FhirSystems.ACT_CODE, "PRENC", "pre-admission");
            default -> new Coding(NULL_FLAVOR, "UNK", "unknown");
        };
    }

    /**
     * PL -> UK Core Location: name "point of care, room, bed" (else the description, building or facility),
     * physical type from the most specific part given. Null when the field is empty.
     */
    static Location location(PL pl, Organization trust) {
        String ward = V2.text(pl.getPl1_PointOfCare());
        String room = V2.text(pl.getPl2_Room());
        String bed = V2.text(pl.getPl3_Bed());
        String facility = V2.text(pl.getPl4_Facility().getHd1_NamespaceID());
        String building = V2.text(pl.getPl7_Building());
        String floor = V2.text(pl.getPl8_Floor());
        String description = V2.text(pl.getPl9_LocationDescription());
        List<String> parts = new ArrayList<>();
        for (String part : new String[] {ward, room, bed}) {
            if (part != null) {
                parts.add(part);
            }
        }
        String name = parts.isEmpty() ? firstOf(description, building, facility, floor) : String.join(", ", parts);
        if (name == null) {
            return null;
        }
        Location location = new Location();
        location.getMeta().addProfile(UkCore.LOCATION);
        location.setName(name);
        if (description != null && !description.equals(name)) {
            location.setDescription(description);
        }
        if (bed != null) {
            location.setPhysicalType(physicalType("bd", "Bed"));
        } else if (room != null) {
            location.setPhysicalType(physicalType("ro", "Room"));
        } else if (ward != null) {
            location.setPhysicalType(physicalType("wa", "Ward"));
        }
        if (trust != null) {
            location.setManagingOrganization(MessageBuilder.ref(trust));
        }
        return location;
    }

    private static CodeableConcept physicalType(String code, String display) {
        return new CodeableConcept(new Coding(LOCATION_TYPE, code, display));
    }

    private static boolean isEmpty(PL pl) {
        return V2.text(pl.getPl1_PointOfCare()) == null && V2.text(pl.getPl2_Room()) == null
                && V2.text(pl.getPl3_Bed()) == null && V2.text(pl.getPl4_Facility().getHd1_NamespaceID()) == null
                && V2.text(pl.getPl9_LocationDescription()) == null;
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
