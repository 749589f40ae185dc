package uk.carebridge.plugins.nhstrust.outbound;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.plugin.Partner;

/** Hand-built CareBridge messages in the shape the plugins produce (synthetic people, 999 NHS numbers). */
final class Samples {
    private Samples() {
    }

    static final String NHS_NUMBER = "9990000018";
    static final String OTHER_NHS_NUMBER = "9990000026";
    static final String CARE_HOME = "sunny-meadows-care-home";
    static final String CARE_HOME_ODS = "VN4J2";
    static final String TRUST = "st-elsewhere-hospital";
    static final String TRUST_ODS = "RXX01";
    static final String GP_ODS = "B86001";
    static final String HOSPITAL_NUMBER_SYSTEM = FhirSystems.localIdSystem(TRUST);
    static final String RESIDENT_ID_SYSTEM = FhirSystems.localIdSystem(CARE_HOME);
    static final Date EVENT_TIME = Date.from(Instant.parse("2026-11-23T14:30:00Z"));

    static final Partner RECEIVER = new Partner(TRUST, "St Elsewhere Hospital NHS Trust", TRUST_ODS, "nhs-trust",
            Map.of("format", "hl7v2"));

    /** The patient, the GP practice she is registered with, and her NHS number's verification status. */
    static Patient patient(Organization practice) {
        Patient p = new Patient();
        p.getMeta().addProfile(UkCore.PATIENT);
        Identifier nhs = p.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(NHS_NUMBER);
        nhs.addExtension(UkCore.NHS_NUMBER_VERIFICATION_STATUS, new CodeableConcept(
                new Coding(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, "01", "Number present and verified")));
        p.addIdentifier().setSystem(RESIDENT_ID_SYSTEM).setValue("R-1042");
        p.addName().setUse(HumanName.NameUse.USUAL).setFamily("Crawley").addGiven("Edie");
        p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Crawley").addGiven("Edith").addGiven("May")
                .addPrefix("Mrs");
        p.addName().setUse(HumanName.NameUse.OLD).setFamily("Smith").addGiven("Edith");
        p.setBirthDateElement(new DateType("1931-02-14"));
        p.setGender(AdministrativeGender.FEMALE);
        p.addAddress().setUse(Address.AddressUse.HOME).addLine("Sunny Meadows Care Home").addLine("12 High Street")
                .addLine("Chapel Allerton").setCity("Leeds").setDistrict("West Yorkshire").setPostalCode("LS7 4AB")
                .setCountry("GB");
        p.addAddress().setUse(Address.AddressUse.OLD).addLine("3 Old Road").setCity("Leeds");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.HOME)
                .setValue("0113 496 0000");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE)
                .setValue("07700 900123");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("edith@example.org");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.WORK)
                .setValue("0113 496 0999");
        if (practice != null) {
            p.addGeneralPractitioner(MessageBuilder.ref(practice));
        }
        return p;
    }

    static Organization practice() {
        Organization o = new Organization();
        o.getMeta().addProfile(UkCore.ORGANIZATION);
        o.addIdentifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(GP_ODS);
        o.setName("Oakwood Surgery");
        return o;
    }

    static Location ward() {
        Location ward = new Location();
        ward.getMeta().addProfile(UkCore.LOCATION);
        ward.addIdentifier().setSystem(HOSPITAL_NUMBER_SYSTEM).setValue("WARD7");
        ward.setName("Ward 7 Elderly Care");
        ward.setPhysicalType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/location-physical-type", "wa", "Ward")));
        ward.setManagingOrganization(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(TRUST_ODS)));
        return ward;
    }

    static Location bed(Location ward) {
        Location bed = new Location();
        bed.getMeta().addProfile(UkCore.LOCATION);
        bed.setName("Bed 3");
        bed.setPhysicalType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/location-physical-type", "bd", "Bed")));
        bed.setPartOf(MessageBuilder.ref(ward));
        return bed;
    }

    static Encounter encounter(Patient patient, Encounter.EncounterStatus status, String actCode) {
        Encounter e = new Encounter();
        e.getMeta().addProfile(UkCore.ENCOUNTER);
        e.setStatus(status);
        e.setClass_(new Coding(FhirSystems.ACT_CODE, actCode, null));
        e.addIdentifier().setSystem(HOSPITAL_NUMBER_SYSTEM).setValue("V-2026-0042");
        e.setSubject(MessageBuilder.ref(patient));
        return e;
    }

    /** A hospital admission: in-progress inpatient stay in Ward 7, bed 3, from her usual place of residence. */
    static Bundle admission() {
        Organization practice = practice();
        Patient patient = patient(practice);
        Location ward = ward();
        Location bed = bed(ward);
        Encounter stay = encounter(patient, Encounter.EncounterStatus.INPROGRESS, "IMP");
        stay.getPeriod().setStartElement(new DateTimeType("2026-11-23T14:30:00Z"));
        stay.addLocation().setLocation(MessageBuilder.ref(bed)).setStatus(Encounter.EncounterLocationStatus.ACTIVE);
        stay.getHospitalization().setAdmitSource(new CodeableConcept(
                new Coding(UkCore.SOURCE_OF_ADMISSION_SYSTEM, "19", "Usual place of residence")));
        stay.getHospitalization().addExtension(VisitSegment.ADMISSION_METHOD, new CodeableConcept(
                new Coding(VisitSegment.ADMISSION_METHOD_SYSTEM, "21", "Accident and emergency department")));
        return MessageBuilder.event(CareBridgeEvent.ADMISSION, TRUST).focus(stay).add(patient).add(practice)
                .add(bed).add(ward).timestamp(EVENT_TIME).build();
    }

    /** The discharge back to the care home in summer (British Summer Time). */
    static Bundle discharge() {
        Organization practice = practice();
        Patient patient = patient(practice);
        Encounter stay = encounter(patient, Encounter.EncounterStatus.FINISHED, "IMP");
        stay.getPeriod().setStartElement(new DateTimeType("2026-06-30T09:05:00+01:00"))
                .setEndElement(new DateTimeType("2026-07-10T13:40:00Z"));
        Location ward = ward();
        stay.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.COMPLETED);
        stay.getHospitalization().setDischargeDisposition(new CodeableConcept(
                new Coding(UkCore.DISCHARGE_DESTINATION_SYSTEM, "54", "Care home")));
        stay.getHospitalization().setDestination(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(CARE_HOME_ODS)));
        return MessageBuilder.event(CareBridgeEvent.DISCHARGE, TRUST).focus(stay).add(patient).add(practice)
                .add(ward).timestamp(Date.from(Instant.parse("2026-07-10T13:40:00Z"))).build();
    }

    /** What the care-provider plugin sends when a resident goes to hospital (TransferRowMapper's shape). */
    static Bundle careHomeTransfer() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(OTHER_NHS_NUMBER);
        patient.addIdentifier().setSystem(RESIDENT_ID_SYSTEM).setValue("R-1001");
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Okafor").addGiven("Grace");
        patient.setBirthDateElement(new DateType("1940-12-01"));
        patient.addGeneralPractitioner(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(GP_ODS)));
        Encounter stay = new Encounter();
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        stay.setClass_(new Coding(FhirSystems.ACT_CODE, "NONAC", "inpatient non-acute"));
        stay.setSubject(MessageBuilder.ref(patient));
        stay.getPeriod().setEndElement(new DateTimeType("2024-03-05T02:15:00Z"));
        stay.addReasonCode().setText("Fall in bedroom");
        stay.getHospitalization().setDestination(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue("RR8")));
        stay.setServiceProvider(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(CARE_HOME_ODS)));
        return MessageBuilder.event(CareBridgeEvent.TRANSFER, CARE_HOME).focus(stay).add(patient)
                .timestamp(Date.from(Instant.parse("2024-03-05T02:15:00Z"))).build();
    }

    /** A hospital transfer from Ward 7 to the discharge lounge. */
    static Bundle wardTransfer() {
        Patient patient = patient(null);
        Location ward = ward();
        Location lounge = new Location();
        lounge.setName("Discharge Lounge");
        lounge.addIdentifier().setSystem(HOSPITAL_NUMBER_SYSTEM).setValue("DLOUNGE");
        Encounter stay = encounter(patient, Encounter.EncounterStatus.INPROGRESS, "IMP");
        stay.getPeriod().setStartElement(new DateTimeType("2026-11-20T08:00:00Z"));
        stay.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.COMPLETED);
        stay.addLocation().setLocation(MessageBuilder.ref(lounge)).setStatus(Encounter.EncounterLocationStatus.ACTIVE);
        return MessageBuilder.event(CareBridgeEvent.TRANSFER, TRUST).focus(stay).add(patient).add(ward).add(lounge)
                .timestamp(EVENT_TIME).build();
    }

    /** A person-update from a care home (ResidentRowMapper "update"): focus the Patient, no Encounter. */
    static Bundle personUpdate() {
        Organization practice = practice();
        Patient patient = patient(practice);
        return MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, CARE_HOME).focus(patient).add(practice)
                .timestamp(EVENT_TIME).build();
    }

    /** An admission or discharge whose Encounter was entered in error (the inbound reading of A11/A13). */
    static Bundle cancelled(CareBridgeEvent event) {
        Patient patient = patient(null);
        Encounter stay = encounter(patient, Encounter.EncounterStatus.ENTEREDINERROR, "IMP");
        stay.getPeriod().setStartElement(new DateTimeType("2026-11-23T14:30:00Z"));
        return MessageBuilder.event(event, TRUST).focus(stay).add(patient).timestamp(EVENT_TIME).build();
    }

    static Bundle observation() {
        Patient patient = patient(null);
        Observation obs = new Observation();
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.getCode().addCoding(new Coding(FhirSystems.LOINC, "8867-4", "Heart rate"));
        obs.setSubject(MessageBuilder.ref(patient));
        return MessageBuilder.event(CareBridgeEvent.OBSERVATION, CARE_HOME).focus(obs).add(patient).build();
    }

    static Bundle admissionWithoutPatient() {
        Encounter stay = new Encounter();
        stay.setStatus(Encounter.EncounterStatus.INPROGRESS);
        stay.setClass_(new Coding(FhirSystems.ACT_CODE, "IMP", null));
        return MessageBuilder.event(CareBridgeEvent.ADMISSION, TRUST).focus(stay).build();
    }
}
