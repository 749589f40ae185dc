package uk.carebridge.plugins.careprovider.inbound;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * transfers*.csv: a resident goes from the home to hospital. TRANSFER, focus the Encounter of the stay
 * at the home that ends with the transfer (finished at transfer_time, destination the hospital by its
 * ODS code, reason as text).
 */
final class TransferRowMapper implements RowMapper {

    static final String TRANSFER_TIME = "transfer_time";
    static final String REASON = "reason";
    static final String DESTINATION_ODS = "destination_ods";

    private final SourcePartner partner;
    private final PatientReader patients;

    TransferRowMapper(SourcePartner partner) {
        this.partner = partner;
        this.patients = new PatientReader(partner.id());
    }

    @Override
    public Bundle map(RowFields row) {
        Patient patient = patients.identity(row);
        patients.readName(row, patient, false);
        patients.readBirthDate(row, patient, false);
        DateTimeType transferTime = row.dateTime(TRANSFER_TIME, true,
                "give the date and time the resident left for hospital, e.g. 2024-03-31T14:05");
        String reason = row.required(REASON, "say briefly why the resident went to hospital");
        String hospital = row.odsCode(DESTINATION_ODS, true,
                "give the ODS code of the hospital trust or site, e.g. RR8");
        if (row.hasErrors()) {
            return null;
        }

        Encounter stay = new Encounter();
        stay.getMeta().addProfile(UkCore.ENCOUNTER);
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        stay.setClass_(partner.setting().encounterClass());
        stay.setSubject(MessageBuilder.ref(patient));
        stay.getPeriod().setEndElement(transferTime);
        stay.addReasonCode().setText(reason);
        stay.getHospitalization().setDestination(OdsReference.organisation(hospital));
        if (partner.hasOdsCode()) {
            stay.setServiceProvider(OdsReference.organisation(partner.odsCode()));
        }
        return MessageBuilder.event(CareBridgeEvent.TRANSFER, partner.id())
                .focus(stay).add(patient)
                .timestamp(transferTime.getValue())
                .build();
    }
}
