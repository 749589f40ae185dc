package uk.carebridge.plugins.localauthority.outbound;

import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ServiceRequest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.FhirSystems;

/**
 * A hospital's request that social care assess a person: a ServiceRequest whose category is a discharge pathway
 * code (before-discharge, pathway-1|2|3). Other referrals (e.g. a council's own) are not notices.
 */
final class ReferralNotice {
    private ReferralNotice() {
    }

    static final String NOT_AN_ASSESSMENT_REQUEST = "a referral that is not a request for a social care assessment "
            + "(discharge pathway) is not a council notice";

    static NoticeDraft draft(MessageView message) {
        ServiceRequest request = message.focusOrFirst(ServiceRequest.class);
        String pathway = request == null ? null : pathway(request);
        if (pathway == null) {
            return NoticeDraft.none(NOT_AN_ASSESSMENT_REQUEST);
        }
        return NoticeDraft.of(NoticeType.ASSESSMENT_REQUEST, request, List.of(request.getRequester()), from -> {
            ObjectNode member = JsonNodeFactory.instance.objectNode();
            if (pathway.equals("before-discharge")) {
                member.put("when", "before-discharge");
            } else {
                member.put("when", "discharge-to-assess").put("pathway", Integer.parseInt(pathway.substring(8)));
            }
            if (request.hasReasonCode() && request.getReasonCodeFirstRep().hasText()) {
                member.put("reason", request.getReasonCodeFirstRep().getText());
            }
            if (request.hasOccurrenceDateTimeType()) {
                DateTimeType expected = request.getOccurrenceDateTimeType();
                String date = NoticeTimes.date(expected);
                if (date != null) {
                    member.put("expectedDischargeDate", date);
                }
            }
            return member;
        });
    }

    /** The discharge pathway code of the request's category, or null. */
    private static String pathway(ServiceRequest request) {
        for (CodeableConcept category : request.getCategory()) {
            for (Coding c : category.getCoding()) {
                if (FhirSystems.DISCHARGE_PATHWAY.equals(c.getSystem()) && c.hasCode()
                        && c.getCode().matches("before-discharge|pathway-[123]")) {
                    return c.getCode();
                }
            }
        }
        return null;
    }
}
