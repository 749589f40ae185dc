package uk.carebridge.server.routing;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;

/** Small FHIR messages for the routing tests: an admission with a NEWS2 score, a Patient with contact details. */
final class Messages {
    private Messages() {
    }

    static final String NEWS2 = "1104051000000101";

    static Patient patient() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue("9990000018");
        patient.addName().setFamily("Testperson").addGiven("Ada");
        patient.addAddress().addLine("1 Synthetic Street").setPostalCode("EX1 2AB");
        patient.addTelecom().setValue("01000 000000");
        return patient;
    }

    static Observation news2(Patient patient, int score) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem(FhirSystems.SNOMED).setCode(NEWS2);
        o.setValue(new org.hl7.fhir.r4.model.IntegerType(score));
        o.setSubject(MessageBuilder.ref(patient));
        o.addNote().setText("resident drowsy after lunch");
        return o;
    }

    /** An observation message: the NEWS2 score is the focus. */
    static Bundle observation(int score) {
        Patient patient = patient();
        return MessageBuilder.event(CareBridgeEvent.OBSERVATION, "sunny-meadows").focus(news2(patient, score))
                .add(patient).build();
    }

    /** An admission: Encounter (focus), Patient, and an Observation taken on arrival. */
    static Bundle admission() {
        Patient patient = patient();
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.setSubject(MessageBuilder.ref(patient));
        return MessageBuilder.event(CareBridgeEvent.ADMISSION, "st-elsewhere").focus(encounter).add(patient)
                .add(news2(patient, 6)).build();
    }
}
