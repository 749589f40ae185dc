package uk.carebridge.plugins.localauthority.outbound;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.UkCore;

/**
 * Notices from an Encounter: admission, discharge, a care home resident going to hospital, and an expected
 * discharge date (on a ward transfer or a person update). The sender is the Encounter's serviceProvider.
 */
final class EncounterNotices {
    private EncounterNotices() {
    }

    static final String ADMISSION_METHOD = UkCore.BASE + "/StructureDefinition/Extension-UKCore-AdmissionMethod";
    private static final Set<String> ADMISSION_METHOD_SYSTEMS = Set.of(
            UkCore.BASE + "/CodeSystem/UKCore-AdmissionMethodEngland",
            UkCore.BASE + "/CodeSystem/NHSDataModelAndDictionary-AdmissionMethod");
    private static final Set<String> DISCHARGE_DESTINATION_SYSTEMS = Set.of(
            UkCore.DISCHARGE_DESTINATION_SYSTEM,
            UkCore.BASE + "/CodeSystem/NHSDataModelAndDictionary-DischargeDestination");

    static NoticeDraft draft(CareBridgeEvent event, MessageView message) {
        if (event == CareBridgeEvent.PERSON_UPDATE) {
            // An ADT A08 carries the visit beside the Patient (the focus); only a new expected date is news.
            for (Encounter e : message.all(Encounter.class)) {
                String date = expectedDischargeDate(e);
                if (date != null) {
                    return expected(e, date);
                }
            }
            return NoticeDraft.none("a person-update without an expected discharge date is not a council notice");
        }
        Encounter encounter = message.focusOrFirst(Encounter.class);
        if (encounter == null) {
            return NoticeDraft.none("a " + event.code() + " message without an Encounter is not a council notice");
        }
        if (encounter.getStatus() == Encounter.EncounterStatus.ENTEREDINERROR
                || encounter.getStatus() == Encounter.EncounterStatus.CANCELLED) {
            // ADT A11/A13 cancel an admission or a discharge: the notice schema has no "cancelled", and sending
            // the cancelled event as if it happened would mislead the council.
            return NoticeDraft.none("a cancelled " + event.code() + " (Encounter entered-in-error or cancelled) "
                    + "is not a council notice");
        }
        return switch (event) {
            case ADMISSION -> admission(encounter, message);
            case DISCHARGE -> discharge(encounter, message);
            case TRANSFER -> transfer(encounter, message);
            default -> throw new IllegalArgumentException("not an encounter event");
        };
    }

    private static NoticeDraft admission(Encounter encounter, MessageView message) {
        String admittedAt = timeOr(encounter.getPeriod().getStartElement(), message);
        if (admittedAt == null) {
            return NoticeDraft.none("the admission message does not say when the admission happened");
        }
        return NoticeDraft.of(NoticeType.ADMISSION, encounter, senders(encounter), from -> {
            ObjectNode admission = object().put("admittedAt", admittedAt);
            putIfPresent(admission, "method", admissionMethod(encounter));
            Location ward = ward(encounter, message);
            if (ward != null) {
                putIfPresent(admission, "ward", ward.hasName() ? ward.getName() : null);
                // The site only when it is not the sender itself (a trust's Locations name the trust).
                message.ods(ward.getManagingOrganization()).map(MessageView.Ods::code)
                        .filter(site -> !site.equals(from.code())).ifPresent(site -> admission.put("siteOdsCode", site));
            }
            return admission;
        });
    }

    private static NoticeDraft discharge(Encounter encounter, MessageView message) {
        String dischargedAt = timeOr(encounter.getPeriod().getEndElement(), message);
        if (dischargedAt == null) {
            return NoticeDraft.none("the discharge message does not say when the discharge happened");
        }
        return NoticeDraft.of(NoticeType.DISCHARGE_COMPLETED, encounter, senders(encounter), from -> {
            ObjectNode discharge = object().put("dischargedAt", dischargedAt);
            putIfPresent(discharge, "destination", destination(encounter.getHospitalization().getDischargeDisposition()));
            message.ods(encounter.getHospitalization().getDestination())
                    .ifPresent(d -> discharge.put("destinationOdsCode", d.code()));
            return discharge;
        });
    }

    /**
     * A care home's transfer names the hospital (hospitalization.destination by ODS code); a hospital's ward
     * transfer does not, and is news to a council only when it carries an expected discharge date.
     */
    private static NoticeDraft transfer(Encounter encounter, MessageView message) {
        Optional<MessageView.Ods> hospital = message.ods(encounter.getHospitalization().getDestination());
        if (hospital.isEmpty()) {
            String date = expectedDischargeDate(encounter);
            return date != null ? expected(encounter, date)
                    : NoticeDraft.none("a transfer within a hospital is not a council notice");
        }
        String transferredAt = timeOr(encounter.getPeriod().getEndElement(), message);
        if (transferredAt == null) {
            return NoticeDraft.none("the transfer message does not say when the transfer happened");
        }
        return NoticeDraft.of(NoticeType.CARE_HOME_RESIDENT_TO_HOSPITAL, encounter, senders(encounter), from -> {
            ObjectNode transfer = object().put("transferredAt", transferredAt)
                    .put("careHomeOdsCode", from.code())
                    .put("hospitalOdsCode", hospital.get().code());
            if (encounter.hasReasonCode()) {
                putIfPresent(transfer, "reason", encounter.getReasonCodeFirstRep().getText());
            }
            return transfer;
        });
    }

    private static NoticeDraft expected(Encounter encounter, String date) {
        return NoticeDraft.of(NoticeType.EXPECTED_DISCHARGE_DATE, encounter, senders(encounter),
                from -> object().put("date", date));
    }

    private static List<Reference> senders(Encounter encounter) {
        return List.of(encounter.getServiceProvider());
    }

    /** The extension FhirSystems.EXPECTED_DISCHARGE_DATE on hospitalization, as YYYY-MM-DD, or null. */
    static String expectedDischargeDate(Encounter encounter) {
        if (!encounter.hasHospitalization()) {
            return null;
        }
        Extension edd = encounter.getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE);
        return edd != null && edd.getValue() instanceof BaseDateTimeType value ? NoticeTimes.date(value) : null;
    }

    /** The event's own time, else the message time (Bundle.timestamp: when it happened at the sender). */
    private static String timeOr(BaseDateTimeType own, MessageView message) {
        String time = NoticeTimes.dateTime(own);
        return time != null ? time : NoticeTimes.dateTime(message.bundle().getTimestampElement());
    }

    /** The Location the person is in now (status active), else the last one listed. */
    private static Location ward(Encounter encounter, MessageView message) {
        Encounter.EncounterLocationComponent chosen = null;
        for (Encounter.EncounterLocationComponent l : encounter.getLocation()) {
            if (l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE) {
                chosen = l;
                break;
            }
            chosen = l;
        }
        return chosen != null && message.resolve(chosen.getLocation()) instanceof Location location ? location : null;
    }

    /**
     * NHS Data Dictionary admission method: 11-13 elective, 21-28 and 2A-2D emergency, 31-32 maternity; any other
     * code (81-83 transfers, 98, 99) or an uncoded value is "other".
     */
    static String admissionMethod(Encounter encounter) {
        Extension ext = encounter.hasHospitalization()
                ? encounter.getHospitalization().getExtensionByUrl(ADMISSION_METHOD) : null;
        if (ext == null || !(ext.getValue() instanceof CodeableConcept concept) || concept.isEmpty()) {
            return null;
        }
        for (Coding c : concept.getCoding()) {
            if (ADMISSION_METHOD_SYSTEMS.contains(c.getSystem()) && c.hasCode()) {
                String code = c.getCode();
                if (code.matches("1[1-3]")) {
                    return "elective";
                }
                if (code.matches("2[1-8A-D]")) {
                    return "emergency";
                }
                if (code.matches("3[12]")) {
                    return "maternity";
                }
            }
        }
        return "other";
    }

    /**
     * NHS Data Dictionary discharge destination -> the notice's destination. The care home codes (54 NHS run,
     * 65 local authority, 85 independent) do not say whether the home provides nursing, so they are all
     * "care-home": "nursing-home" is never guessed. 98 (not discharged) and 99 (not known), and a value that
     * is not one of the codes, give no destination rather than a wrong one.
     */
    static String destination(CodeableConcept disposition) {
        if (disposition == null) {
            return null;
        }
        for (Coding c : disposition.getCoding()) {
            if (!DISCHARGE_DESTINATION_SYSTEMS.contains(c.getSystem()) || !c.hasCode()) {
                continue;
            }
            switch (c.getCode()) {
                case "19":
                    return "usual-residence";
                case "29":
                    return "temporary-residence";
                case "54", "65", "85":
                    return "care-home";
                case "30", "48", "49", "50", "51", "52", "53", "84", "87":
                    return "other-hospital";
                case "79":
                    return "died";
                case "98", "99":
                    return null;
                default:
                    return "other"; // 37 court, 38 penal establishment, 66 foster care, 88 hospice
            }
        }
        return null;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
