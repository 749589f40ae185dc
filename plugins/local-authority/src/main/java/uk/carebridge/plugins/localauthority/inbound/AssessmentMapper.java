package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

import com.fasterxml.jackson.databind.JsonNode;

import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * A Care Act assessment as a Task (the work the council does, with its status and outcome); each eligible
 * need found becomes a Condition, linked from Task.output, so a receiver can list them without reading the Task.
 */
final class AssessmentMapper {
    private AssessmentMapper() {
    }

    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    static void map(JsonNode assessment, Patient patient, String partnerId, MessageBuilder message) {
        Task task = new Task();
        task.getMeta().addProfile(UkCore.profileFor("Task").orElseThrow());
        task.addIdentifier(new Identifier().setSystem(CouncilTranslator.recordIdSystem(partnerId, "assessment"))
                .setValue(JsonFields.text(assessment, "assessmentId")));
        task.setStatus(status(JsonFields.text(assessment, "status")));
        task.setIntent(Task.TaskIntent.ORDER);
        String type = JsonFields.text(assessment, "type");
        task.setCode(CouncilCodes.concept(CouncilCodes.ASSESSMENT_TYPE, type, CouncilCodes.assessmentTypeDisplay(type)));
        task.setFor(MessageBuilder.ref(patient));
        if (assessment.has("startedOn")) {
            task.getExecutionPeriod().setStartElement(JsonFields.day(assessment, "startedOn"));
        }
        if (assessment.has("completedOn")) {
            task.getExecutionPeriod().setEndElement(JsonFields.day(assessment, "completedOn"));
        }
        if (assessment.has("referralId")) {
            task.addBasedOn(new Reference().setType("ServiceRequest").setIdentifier(new Identifier()
                    .setSystem(CouncilTranslator.recordIdSystem(partnerId, "referral"))
                    .setValue(assessment.get("referralId").asText())));
        }
        String outcome = JsonFields.text(assessment, "outcome");
        if (outcome != null) {
            task.setBusinessStatus(CouncilCodes.concept(CouncilCodes.ASSESSMENT_OUTCOME, outcome,
                    CouncilCodes.outcomeDisplay(outcome)));
        }
        message.focus(task);
        for (JsonNode need : assessment.path("eligibleNeeds")) {
            Condition condition = eligibleNeed(need.asText(), patient, assessment);
            task.addOutput().setType(new CodeableConcept().setText("Eligible need (Care Act 2014)"))
                    .setValue(MessageBuilder.ref(condition));
            message.add(condition);
        }
        message.add(patient);
    }

    private static Condition eligibleNeed(String code, Patient patient, JsonNode assessment) {
        Condition condition = new Condition();
        condition.getMeta().addProfile(UkCore.profileFor("Condition").orElseThrow());
        condition.setClinicalStatus(new CodeableConcept(new Coding(CONDITION_CLINICAL, "active", "Active")));
        condition.setVerificationStatus(new CodeableConcept(new Coding(CONDITION_VERIFICATION, "confirmed", "Confirmed")));
        condition.addCategory(new CodeableConcept().setText("Care Act eligible need"));
        condition.setCode(CouncilCodes.concept(CouncilCodes.ELIGIBLE_NEED, code, CouncilCodes.eligibleNeedDisplay(code)));
        condition.setSubject(MessageBuilder.ref(patient));
        if (assessment.has("completedOn")) {
            condition.setRecordedDateElement(JsonFields.day(assessment, "completedOn"));
        }
        return condition;
    }

    private static Task.TaskStatus status(String status) {
        return switch (status) {
            case "in-progress" -> Task.TaskStatus.INPROGRESS;
            case "completed" -> Task.TaskStatus.COMPLETED;
            case "cancelled" -> Task.TaskStatus.CANCELLED;
            default -> Task.TaskStatus.REQUESTED;
        };
    }
}
