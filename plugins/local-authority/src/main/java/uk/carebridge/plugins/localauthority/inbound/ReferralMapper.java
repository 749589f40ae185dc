package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

import com.fasterxml.jackson.databind.JsonNode;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/** A referral to adult social care as a ServiceRequest: who referred, why, how urgently. */
final class ReferralMapper {
    private ReferralMapper() {
    }

    static void map(JsonNode referral, Patient patient, String partnerId, MessageBuilder message) {
        ServiceRequest request = new ServiceRequest();
        request.getMeta().addProfile(UkCore.profileFor("ServiceRequest").orElseThrow());
        request.addIdentifier(new Identifier().setSystem(CouncilTranslator.recordIdSystem(partnerId, "referral"))
                .setValue(JsonFields.text(referral, "referralId")));
        request.setStatus(status(JsonFields.text(referral, "status")));
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding(FhirSystems.SNOMED, "3457005", "Patient referral"))
                .setText("Referral"));
        request.setCode(new CodeableConcept(new Coding(FhirSystems.SNOMED, "306206005", "Referral to social services"))
                .setText("Referral to adult social care"));
        request.setPriority(priority(JsonFields.text(referral, "urgency")));
        request.setSubject(MessageBuilder.ref(patient));
        request.setAuthoredOnElement(JsonFields.day(referral, "receivedOn"));
        request.setRequester(from(referral.get("from"), patient));
        request.addReasonCode(new CodeableConcept().setText(JsonFields.text(referral, "reason")));
        message.focus(request).add(patient);
    }

    private static ServiceRequest.ServiceRequestStatus status(String status) {
        if (status == null) {
            return ServiceRequest.ServiceRequestStatus.ACTIVE;
        }
        return switch (status) {
            case "closed" -> ServiceRequest.ServiceRequestStatus.COMPLETED;
            case "withdrawn" -> ServiceRequest.ServiceRequestStatus.REVOKED;
            default -> ServiceRequest.ServiceRequestStatus.ACTIVE;
        };
    }

    /** "immediate" is the council's same-day response (e.g. safeguarding), FHIR's asap; stat is for emergencies. */
    private static ServiceRequest.ServiceRequestPriority priority(String urgency) {
        return switch (urgency) {
            case "urgent" -> ServiceRequest.ServiceRequestPriority.URGENT;
            case "immediate" -> ServiceRequest.ServiceRequestPriority.ASAP;
            default -> ServiceRequest.ServiceRequestPriority.ROUTINE;
        };
    }

    private static Reference from(JsonNode from, Patient patient) {
        String type = JsonFields.text(from, "type");
        if ("self".equals(type)) {
            return MessageBuilder.ref(patient).setDisplay("Self-referral");
        }
        Reference requester = from.has("odsCode") ? OdsReference.organisation(from.get("odsCode").asText()) : new Reference();
        String name = JsonFields.text(from, "name");
        return requester.setDisplay(name != null ? name : describe(type));
    }

    private static String describe(String type) {
        return switch (type) {
            case "family-or-carer" -> "Family member or carer";
            case "gp" -> "GP practice";
            case "hospital" -> "Hospital";
            case "community-health" -> "Community health service";
            case "care-provider" -> "Care provider";
            case "police" -> "Police";
            default -> "Other referrer";
        };
    }
}
