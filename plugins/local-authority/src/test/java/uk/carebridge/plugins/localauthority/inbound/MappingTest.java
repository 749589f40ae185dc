package uk.carebridge.plugins.localauthority.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.carebridge.plugins.localauthority.inbound.Fhir.assertValidMessage;
import static uk.carebridge.plugins.localauthority.inbound.Translate.body;

import java.math.BigDecimal;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;

class MappingTest {

    private static final String COUNCIL_IDS = FhirSystems.localIdSystem(Translate.PARTNER);

    @Test
    void personBecomesAUkCorePatientWithNhsNumberAndCouncilId() {
        CouncilMessage out = body(CouncilResource.PEOPLE, Bodies.PERSON);
        Bundle message = out.message();
        assertValidMessage(message);
        assertThat(out.eventId()).isEqualTo("evt-person-0001");
        assertThat(message.getIdentifier().getSystem()).isEqualTo(COUNCIL_IDS + "/event");
        assertThat(message.getIdentifier().getValue()).isEqualTo("evt-person-0001");
        assertThat(Messages.event(message)).contains(CareBridgeEvent.PERSON_UPDATE);
        assertThat(Fhir.header(message).getSource().getName()).isEqualTo(Translate.PARTNER);

        Patient patient = (Patient) Fhir.focus(message);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FhirSystems.NHS_NUMBER, "9990000018"),
                        org.assertj.core.groups.Tuple.tuple(COUNCIL_IDS, "P100234"));
        HumanName official = patient.getNameFirstRep();
        assertThat(official.getUse()).isEqualTo(HumanName.NameUse.OFFICIAL);
        assertThat(official.getFamily()).isEqualTo("Testperson");
        assertThat(official.getGivenAsSingleString()).isEqualTo("Ada Mary");
        assertThat(official.getPrefixAsSingleString()).isEqualTo("Mrs");
        assertThat(patient.getName().get(1).getUse()).isEqualTo(HumanName.NameUse.USUAL);
        assertThat(patient.getName().get(1).getGivenAsSingleString()).isEqualTo("Molly");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1941-03-07");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("EX1 2AB");
        assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("Exampletown");
        assertThat(patient.getTelecom()).hasSize(2);
        assertThat(patient.getTelecom().get(0).getSystem().toCode()).isEqualTo("phone");
        assertThat(patient.getTelecom().get(1).getSystem().toCode()).isEqualTo("email");
        assertThat(message.getTimestampElement().getValueAsString()).startsWith("2026-11-20T10:15:00");
    }

    @Test
    void personWithOnlyACouncilIdKeepsItAsTheOnlyIdentifier() {
        String body = Bodies.PERSON.replace("\"nhsNumber\": \"9990000018\",", "");
        Patient patient = (Patient) Fhir.focus(body(CouncilResource.PEOPLE, body).message());
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem).containsExactly(COUNCIL_IDS);
        assertValidMessage(body(CouncilResource.PEOPLE, body).message());
    }

    @Test
    void referralBecomesAServiceRequestFromTheReferrer() {
        CouncilMessage out = body(CouncilResource.REFERRALS, Bodies.REFERRAL);
        Bundle message = out.message();
        assertValidMessage(message);
        assertThat(out.eventId()).isEqualTo("evt-ref-0001");
        assertThat(Messages.event(message)).contains(CareBridgeEvent.REFERRAL);
        ServiceRequest referral = (ServiceRequest) Fhir.focus(message);
        assertThat(referral.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(referral.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.URGENT);
        assertThat(referral.getAuthoredOnElement().getValueAsString()).isEqualTo("2026-11-19");
        assertThat(referral.getReasonCodeFirstRep().getText()).startsWith("Needs support with personal care");
        assertThat(referral.getRequester().getIdentifier().getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(referral.getRequester().getIdentifier().getValue()).isEqualTo("RXX01");
        assertThat(referral.getRequester().getDisplay()).isEqualTo("Ward 7 discharge team");
        assertThat(referral.getIdentifierFirstRep().getValue()).isEqualTo("R-5567");
        Patient patient = (Patient) Fhir.resolve(message, referral.getSubject());
        assertThat(patient.getIdentifier()).hasSize(2);
    }

    @Test
    void selfReferralIsRequestedByThePersonAndImmediateIsAsap() {
        String body = Bodies.REFERRAL.replace("{ \"type\": \"hospital\", \"name\": \"Ward 7 discharge team\", \"odsCode\": \"RXX01\" }",
                "{ \"type\": \"self\" }").replace("\"urgent\"", "\"immediate\"").replace("\"urgency\"", "\"status\": \"withdrawn\", \"urgency\"");
        Bundle message = body(CouncilResource.REFERRALS, body).message();
        assertValidMessage(message);
        ServiceRequest referral = (ServiceRequest) Fhir.focus(message);
        assertThat(Fhir.resolve(message, referral.getRequester())).isInstanceOf(Patient.class);
        assertThat(referral.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.ASAP);
        assertThat(referral.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
    }

    @Test
    void completedAssessmentBecomesATaskWithOutcomeAndEligibleNeedsAsConditions() {
        CouncilMessage out = body(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT);
        Bundle message = out.message();
        assertValidMessage(message);
        assertThat(Messages.event(message)).contains(CareBridgeEvent.ASSESSMENT);
        Task task = (Task) Fhir.focus(message);
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("care-act-needs-assessment");
        assertThat(task.getCode().getText()).isEqualTo("Care Act needs assessment");
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("eligible-needs");
        assertThat(task.getExecutionPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-20");
        assertThat(task.getExecutionPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-22");
        assertThat(task.getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo("R-5567");
        assertThat(Fhir.resolve(message, task.getFor())).isInstanceOf(Patient.class);
        assertThat(task.getOutput()).hasSize(2);
        Condition first = (Condition) Fhir.resolve(message, (Reference) task.getOutput().get(0).getValue());
        assertThat(first.getCode().getCodingFirstRep().getCode()).isEqualTo("personal-hygiene");
        assertThat(first.getCode().getText()).isEqualTo("Maintaining personal hygiene");
        assertThat(Fhir.resources(message, Condition.class)).hasSize(2);
        Patient patient = Fhir.only(message, Patient.class);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem).containsExactly(COUNCIL_IDS);
    }

    @Test
    void requestedCarersAssessmentHasNoOutcomeYet() {
        String body = """
                { "eventId": "evt-asm-0002", "occurredAt": "2026-11-22T16:00:00Z",
                  "person": { "nhsNumber": "9990000018" },
                  "assessment": { "assessmentId": "A-779", "type": "carers-assessment", "status": "requested" } }
                """;
        Bundle message = body(CouncilResource.ASSESSMENTS, body).message();
        assertValidMessage(message);
        Task task = (Task) Fhir.focus(message);
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(task.hasBusinessStatus()).isFalse();
        assertThat(task.getOutput()).isEmpty();
        assertThat(task.getCode().getText()).isEqualTo("Carer's assessment");
    }

    @Test
    void carePackageBecomesACarePlanWithOneServiceRequestPerServiceNamingTheProvider() {
        CouncilMessage out = body(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE);
        Bundle message = out.message();
        assertValidMessage(message);
        assertThat(out.eventId()).isEqualTo("evt-pkg-0001");
        assertThat(Messages.event(message)).contains(CareBridgeEvent.CARE_PACKAGE);
        CarePlan plan = (CarePlan) Fhir.focus(message);
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(plan.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PLAN);
        assertThat(plan.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-24");
        assertThat(plan.getActivity()).hasSize(2);
        ServiceRequest reablement = (ServiceRequest) Fhir.resolve(message, plan.getActivity().get(0).getReference());
        assertThat(reablement.getCode().getCodingFirstRep().getCode()).isEqualTo("reablement");
        assertThat(reablement.getPerformerFirstRep().getIdentifier().getValue()).isEqualTo("AB123");
        assertThat(reablement.getPerformerFirstRep().getIdentifier().getSystem()).isEqualTo(FhirSystems.ODS_ORGANISATION);
        assertThat(reablement.getOccurrencePeriod().getEndElement().getValueAsString()).isEqualTo("2026-12-29");
        ServiceRequest homeCare = (ServiceRequest) Fhir.resolve(message, plan.getActivity().get(1).getReference());
        Ratio hours = homeCare.getQuantityRatio();
        assertThat(hours.getNumerator().getValue()).isEqualByComparingTo(new BigDecimal("14.5"));
        assertThat(hours.getNumerator().getCode()).isEqualTo("h");
        assertThat(hours.getDenominator().getCode()).isEqualTo("wk");
        assertThat(homeCare.getOccurrencePeriod().getStartElement().getValueAsString()).isEqualTo("2026-12-30");
        assertThat(homeCare.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    }

    @Test
    void endedResidentialPlacementIsACompletedCarePlanRunningThePackagePeriod() {
        Bundle message = body(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE).message();
        assertValidMessage(message);
        CarePlan plan = (CarePlan) Fhir.focus(message);
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        ServiceRequest placement = Fhir.only(message, ServiceRequest.class);
        assertThat(placement.getCode().getText()).isEqualTo("Residential placement: care home with nursing");
        assertThat(placement.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);
        assertThat(placement.getOccurrencePeriod().getStartElement().getValueAsString()).isEqualTo("2026-01-05");
        assertThat(placement.getOccurrencePeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-01");
        assertThat(placement.hasQuantity()).isFalse();
    }
}
