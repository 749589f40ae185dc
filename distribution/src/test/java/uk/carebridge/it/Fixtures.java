package uk.carebridge.it;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.testkit.Hl7Corpus;

/**
 * What the tests' partner systems send: CSV drops, HL7 v2 ADT and FHIR messages. NHS numbers are the NHS's own
 * 999 test range (Modulus 11 valid); the people are synthetic.
 */
final class Fixtures {
    private Fixtures() {
    }

    static final String[] NHS = {"9990000018", "9990000026", "9990000034", "9990000042", "9990000050"};
    /** Fails Modulus 11. */
    static final String BAD_NHS = "9990000019";

    /** 3 good rows (rows 2, 4, 6) and 2 bad ones: row 3 invalid NHS number, row 5 unknown observation type. */
    static String observations() {
        return """
                nhs_number,resident_id,observed_at,type,value,unit
                %s,R001,2026-11-20T09:15:00Z,pulse,88,/min
                %s,R002,2026-11-20T09:16:00Z,pulse,91,/min
                %s,R003,2026-11-20T09:17:00Z,oxygen-saturation,94,%%
                %s,R004,2026-11-20T09:18:00Z,blood-sugar,6.1,mmol/L
                %s,R005,2026-11-20T09:19:00Z,temperature,38.4,Cel
                """.formatted(NHS[0], BAD_NHS, NHS[1], NHS[2], NHS[3]);
    }

    /** 1 good row (row 2) and 1 bad: row 3 has no transfer_time. */
    static String transfers() {
        return """
                nhs_number,resident_id,given_name,family_name,date_of_birth,transfer_time,reason,destination_ods
                %s,R005,Ada,Lovelace,1935-12-10,2026-11-20T10:30:00Z,Fall with suspected hip fracture,RX101
                %s,R001,,,,,Chest pain,RX101
                """.formatted(NHS[3], NHS[0]);
    }

    /** {@code count} good pulse observations, one person per row, round-robin over {@code people}. */
    static String manyObservations(int count, int people) {
        StringBuilder sb = new StringBuilder("nhs_number,resident_id,observed_at,type,value,unit\n");
        for (int i = 0; i < count; i++) {
            sb.append("%s,R%03d,2026-11-20T09:%02d:%02dZ,pulse,%d,/min\n".formatted(NHS[i % people], i % people,
                    (i / 60) % 60, i % 60, 60 + i % 40));
        }
        return sb.toString();
    }

    /**
     * An HL7 v2.4 ADT message as an NHS trust's PAS sends it (NHS ITK style: NHS number in PID-3 with
     * authority NHS and type NH, GP practice ODS code in PD1-3, CR between segments). Synthetic data.
     */
    static String adt(String trigger, String controlId, String nhsNumber, String admitted, String discharged) {
        String structure = switch (trigger) {
            case "A03" -> "ADT_A03";
            case "A02" -> "ADT_A02";
            case "A28", "A31" -> "ADT_A05";
            default -> "ADT_A01";
        };
        String[] pv1 = new String[46];
        java.util.Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = "WARD 7^BAY 2^BED 4^RXX01";
        pv1[19] = "V" + controlId;
        pv1[44] = admitted == null ? "" : admitted;
        pv1[45] = discharged == null ? "" : discharged;
        return "MSH|^~\\&|PAS|RXX01|CAREBRIDGE|CAREBRIDGE|20261123101500||ADT^" + trigger + "^" + structure + "|"
                + controlId + "|P|2.4|||AL|NE\r"
                + "EVN|" + trigger + "|20261123101500\r"
                + "PID|1||" + nhsNumber + "^^^NHS^NH~H" + controlId + "^^^RXX01^MR||LOVELACE^ADA^AUGUSTA^^MRS||19351210|F"
                + "|||12 PARK ROAD^FLAT 2^LEEDS^WEST YORKSHIRE^LS6 2AB^GBR^H||0113 496 0000^PRN^PH\r"
                + "PD1|||HYDE PARK SURGERY^^^^^^^^^B86010\r"
                + String.join("|", pv1) + "\r";
    }

    /** NHS numbers for people 0 to 999 (Modulus 11 valid, the NHS's 999 test range). */
    private static final java.util.List<String> TEST_NHS_NUMBERS = Hl7Corpus.testNhsNumbers(1000);

    /** Person {@code person}'s NHS number (0 to 999): distinct people for a pool of senders. */
    static String testNhsNumber(int person) {
        return TEST_NHS_NUMBERS.get(person);
    }

    /** Person {@code person}'s {@code m}th admission: control id P<person>-<m>, which PV1-19 (the visit) carries. */
    static String admission(int person, int m) {
        return adt("A01", String.format("P%03d-%02d", person, m), testNhsNumber(person),
                String.format("20261123%02d%02d00", 9 + m / 60, m % 60), null);
    }

    /**
     * A discharge from the partner {@code fhir-trust}, as the FHIR message Bundle it POSTs (JSON); {@code narrative},
     * when given, goes into the Patient's text (to make a message of a given size).
     */
    static String fhirDischarge(String bundleId, String nhsNumber, String narrative) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(FhirSystems.NHS_NUMBER).setValue(nhsNumber);
        patient.addName().setFamily("Lovelace").addGiven("Ada");
        patient.setGender(AdministrativeGender.FEMALE);
        if (narrative != null) {
            patient.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                    .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + narrative + "</div>");
        }
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.getClass_().setSystem(FhirSystems.ACT_CODE).setCode("IMP");
        encounter.setSubject(MessageBuilder.ref(patient));
        Bundle message = MessageBuilder.event(CareBridgeEvent.DISCHARGE, "fhir-trust").focus(encounter).add(patient).build();
        message.setId(bundleId);
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(message);
    }
}
