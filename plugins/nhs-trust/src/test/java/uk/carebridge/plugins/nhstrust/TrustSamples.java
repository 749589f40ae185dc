package uk.carebridge.plugins.nhstrust;

import java.time.Instant;
import java.util.Date;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/** Synthetic trust traffic (999 NHS numbers, made-up people) for the route tests. */
final class TrustSamples {
    private TrustSamples() {
    }

    /** Modulus 11 valid, in the 999 test range. */
    static final String NHS_NUMBER = "9990000034";
    /** The same with a wrong check digit. */
    static final String BAD_NHS_NUMBER = "9990000035";
    static final String CARE_HOME = "sunny-meadows-care-home";

    /** An ADT^A01 admission from the trust's PAS, v2.4, segments ended by CR. */
    static String adtA01(String controlId) {
        return adtA01(controlId, NHS_NUMBER, "LOVELACE^ADA^^^MRS", "\r");
    }

    static String adtA01(String controlId, String nhsNumber, String name, String segmentEnd) {
        return String.join(segmentEnd,
                "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20261120103000||ADT^A01^ADT_A01|" + controlId
                        + "|P|2.4|||AL|NE",
                "EVN|A01|20261120103000",
                "PID|1||" + nhsNumber + "^^^NHS^NH~H400172^^^RXX01^MR||" + name + "||19351210|F|||"
                        + "SUNNY MEADOWS CARE HOME^12 HIGH STREET^LEEDS^WEST YORKSHIRE^LS7 4AB^GBR^H",
                "PV1|1|I|WARD 7^BAY 2^BED 4^RXX01|21||||||||||19|||||V20261120-0042|||||||||||||||||||||||||"
                        + "20261120103000")
                + segmentEnd;
    }

    /** An admission in CareBridge's form, as the care-provider plugin or a trust would send it. */
    static Bundle admission() {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(NHS_NUMBER);
        patient.addIdentifier().setSystem(FhirSystems.localIdSystem(CARE_HOME)).setValue("R-1042");
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Crawley").addGiven("Zoë");
        patient.setBirthDateElement(new DateType("1931-02-14"));
        patient.setGender(AdministrativeGender.FEMALE);
        Location ward = new Location();
        ward.getMeta().addProfile(UkCore.LOCATION);
        ward.addIdentifier().setSystem(FhirSystems.localIdSystem(TrustPartner.PARTNER_ID)).setValue("WARD7");
        ward.setName("Ward 7 Elderly Care");
        ward.setPhysicalType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/location-physical-type", "wa", "Ward")));
        Encounter stay = new Encounter();
        stay.getMeta().addProfile(UkCore.ENCOUNTER);
        stay.setStatus(Encounter.EncounterStatus.INPROGRESS);
        stay.setClass_(new Coding(FhirSystems.ACT_CODE, "IMP", null));
        stay.addIdentifier().setSystem(FhirSystems.localIdSystem(TrustPartner.PARTNER_ID))
                .setValue("V-2026-0042");
        stay.setSubject(MessageBuilder.ref(patient));
        stay.getPeriod().setStartElement(new DateTimeType("2026-11-23T14:30:00Z"));
        stay.addLocation().setLocation(MessageBuilder.ref(ward)).setStatus(Encounter.EncounterLocationStatus.ACTIVE);
        return MessageBuilder.event(CareBridgeEvent.ADMISSION, CARE_HOME).focus(stay).add(patient).add(ward)
                .timestamp(Date.from(Instant.parse("2026-11-23T14:30:00Z"))).build();
    }

    /** An observation: there is no ADT event for it. */
    static Bundle observation() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(NHS_NUMBER);
        Observation pulse = new Observation();
        pulse.setStatus(Observation.ObservationStatus.FINAL);
        pulse.getCode().addCoding(new Coding(FhirSystems.LOINC, "8867-4", "Heart rate"));
        pulse.setSubject(MessageBuilder.ref(patient));
        return MessageBuilder.event(CareBridgeEvent.OBSERVATION, CARE_HOME).focus(pulse).add(patient).build();
    }

    static Identifier nhsNumber(Patient patient) {
        return patient.getIdentifier().stream().filter(i -> FhirSystems.NHS_NUMBER.equals(i.getSystem()))
                .findFirst().orElseThrow();
    }
}
