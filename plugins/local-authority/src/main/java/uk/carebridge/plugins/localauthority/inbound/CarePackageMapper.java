package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.ServiceRequest;

import com.fasterxml.jackson.databind.JsonNode;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.fhir.UkCore;

/**
 * A package of care as a CarePlan whose activities are ServiceRequests, one per commissioned service, each
 * naming its provider by ODS code: the provider can then pick out the services it must deliver.
 */
final class CarePackageMapper {
    private CarePackageMapper() {
    }

    static void map(JsonNode pkg, Patient patient, String partnerId, MessageBuilder message) {
        CarePlan plan = new CarePlan();
        plan.getMeta().addProfile(UkCore.profileFor("CarePlan").orElseThrow());
        plan.addIdentifier(new Identifier().setSystem(CouncilTranslator.recordIdSystem(partnerId, "care-package"))
                .setValue(JsonFields.text(pkg, "carePackageId")));
        String status = JsonFields.text(pkg, "status");
        plan.setStatus(planStatus(status));
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(new CodeableConcept().setText("Adult social care package"));
        plan.setSubject(MessageBuilder.ref(patient));
        plan.getPeriod().setStartElement(JsonFields.day(pkg, "startDate"));
        if (pkg.has("endDate")) {
            plan.getPeriod().setEndElement(JsonFields.day(pkg, "endDate"));
        }
        message.focus(plan);
        for (JsonNode service : pkg.get("services")) {
            ServiceRequest request = service(service, pkg, status, patient);
            plan.addActivity().setReference(MessageBuilder.ref(request));
            message.add(request);
        }
        message.add(patient);
    }

    private static ServiceRequest service(JsonNode service, JsonNode pkg, String status, Patient patient) {
        ServiceRequest request = new ServiceRequest();
        request.getMeta().addProfile(UkCore.profileFor("ServiceRequest").orElseThrow());
        request.setStatus(requestStatus(status));
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        String type = JsonFields.text(service, "type");
        request.setCode(CouncilCodes.concept(CouncilCodes.SERVICE, type, display(type, JsonFields.text(service, "placementType"))));
        request.setSubject(MessageBuilder.ref(patient));
        request.addPerformer(OdsReference.organisation(JsonFields.text(service, "providerOdsCode")));
        // A service without its own dates runs for the whole package.
        JsonNode start = service.has("startDate") ? service : pkg;
        request.getOccurrencePeriod().setStartElement(JsonFields.day(start, "startDate"));
        JsonNode end = service.has("endDate") ? service : pkg;
        if (end.has("endDate")) {
            request.getOccurrencePeriod().setEndElement(JsonFields.day(end, "endDate"));
        }
        if (service.has("hoursPerWeek")) {
            request.setQuantity(new Ratio()
                    .setNumerator(new Quantity().setValue(service.get("hoursPerWeek").decimalValue())
                            .setUnit("hours").setSystem(FhirSystems.UCUM).setCode("h"))
                    .setDenominator(new Quantity().setValue(1).setUnit("week").setSystem(FhirSystems.UCUM).setCode("wk")));
        }
        return request;
    }

    private static String display(String type, String placementType) {
        return switch (type) {
            case "home-care" -> "Home care";
            case "reablement" -> "Reablement";
            default -> "nursing".equals(placementType) ? "Residential placement: care home with nursing"
                    : "Residential placement: care home without nursing";
        };
    }

    private static CarePlan.CarePlanStatus planStatus(String status) {
        return switch (status) {
            case "planned" -> CarePlan.CarePlanStatus.DRAFT;
            case "suspended" -> CarePlan.CarePlanStatus.ONHOLD;
            case "ended" -> CarePlan.CarePlanStatus.COMPLETED;
            case "cancelled" -> CarePlan.CarePlanStatus.REVOKED;
            default -> CarePlan.CarePlanStatus.ACTIVE;
        };
    }

    private static ServiceRequest.ServiceRequestStatus requestStatus(String status) {
        return switch (status) {
            case "planned" -> ServiceRequest.ServiceRequestStatus.DRAFT;
            case "suspended" -> ServiceRequest.ServiceRequestStatus.ONHOLD;
            case "ended" -> ServiceRequest.ServiceRequestStatus.COMPLETED;
            case "cancelled" -> ServiceRequest.ServiceRequestStatus.REVOKED;
            default -> ServiceRequest.ServiceRequestStatus.ACTIVE;
        };
    }
}
