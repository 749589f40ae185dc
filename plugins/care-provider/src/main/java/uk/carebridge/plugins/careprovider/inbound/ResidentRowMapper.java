package uk.carebridge.plugins.careprovider.inbound;

import java.time.LocalDate;
import java.util.Date;
import java.util.Locale;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * residents*.csv: a resident moves in (admit), their details change (update) or they leave (leave).
 * admit: ADMISSION, focus an in-progress Encounter (the stay); leave: DISCHARGE, focus the finished
 * Encounter; update: PERSON_UPDATE, focus the Patient.
 */
final class ResidentRowMapper implements RowMapper {

    static final String ACTION = "action";
    static final String CARE_HOME_ODS = "care_home_ods";
    static final String START_DATE = "start_date";
    static final String END_DATE = "end_date";
    static final String EVENT_TIME = "event_time";

    private final SourcePartner partner;
    private final PatientReader patients;

    ResidentRowMapper(SourcePartner partner) {
        this.partner = partner;
        this.patients = new PatientReader(partner.id());
    }

    private enum Action { ADMIT, UPDATE, LEAVE }

    @Override
    public Bundle map(RowFields row) {
        Action action = readAction(row);
        Patient patient = patients.identity(row);
        boolean admission = action == Action.ADMIT;
        patients.readName(row, patient, admission);
        patients.readBirthDate(row, patient, admission);
        patients.readSex(row, patient);
        patients.readAddress(row, patient);
        patients.readGeneralPractitioner(row, patient);
        String careHome = row.odsCode(CARE_HOME_ODS, false, "");
        if (careHome == null && partner.hasOdsCode()) {
            careHome = partner.odsCode();
        }
        DateTimeType eventTime = row.dateTime(EVENT_TIME, false, "");
        LocalDate start = row.date(START_DATE, admission, "admit needs the date the resident moved in (YYYY-MM-DD)");
        LocalDate end = row.date(END_DATE, action == Action.LEAVE, "leave needs the date the resident left (YYYY-MM-DD)");
        if (action == Action.LEAVE && start != null && end != null && end.isBefore(start)) {
            row.error(END_DATE, "end_date is before start_date: check both dates");
        }
        if (row.hasErrors() || action == null) {
            return null;
        }

        MessageBuilder message;
        if (action == Action.UPDATE) {
            message = MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, partner.id()).focus(patient);
        } else {
            Encounter stay = stay(patient, careHome);
            if (admission) {
                stay.setStatus(Encounter.EncounterStatus.INPROGRESS);
                stay.getPeriod().setStartElement(RowFields.fhirDay(start));
                message = MessageBuilder.event(CareBridgeEvent.ADMISSION, partner.id());
            } else {
                stay.setStatus(Encounter.EncounterStatus.FINISHED);
                if (start != null) {
                    stay.getPeriod().setStartElement(RowFields.fhirDay(start));
                }
                stay.getPeriod().setEndElement(RowFields.fhirDay(end));
                message = MessageBuilder.event(CareBridgeEvent.DISCHARGE, partner.id());
            }
            message.focus(stay).add(patient);
        }
        return message.timestamp(eventTime == null ? new Date() : eventTime.getValue()).build();
    }

    private Encounter stay(Patient patient, String careHomeOds) {
        Encounter stay = new Encounter();
        stay.getMeta().addProfile(UkCore.ENCOUNTER);
        stay.setClass_(partner.setting().encounterClass());
        stay.setSubject(MessageBuilder.ref(patient));
        if (careHomeOds != null) {
            stay.setServiceProvider(OdsReference.organisation(careHomeOds));
        }
        return stay;
    }

    private static Action readAction(RowFields row) {
        String value = row.required(ACTION, "say admit, update or leave");
        if (value == null) {
            return null;
        }
        try {
            return Action.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            row.error(ACTION, "action must be admit, update or leave");
            return null;
        }
    }
}
