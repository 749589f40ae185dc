package uk.carebridge.validation;

import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;

/**
 * CareBridge's own code systems as FHIR CodeSystem resources, built from the code that defines them. Held by the
 * profile validator next to UK Core's, so a wrong code of theirs is an error there, as it is for UK Core's
 * systems, instead of a warning that the system is unknown.
 */
final class CareBridgeTerminology {

    private CareBridgeTerminology() {
    }

    /** A validation support module holding them (read-only, so safe to share between threads). */
    static PrePopulatedValidationSupport support(FhirContext fhir) {
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhir);
        codeSystems().forEach(support::addCodeSystem);
        support.lock();
        return support;
    }

    static List<CodeSystem> codeSystems() {
        return List.of(events(), dischargePathways());
    }

    /** MessageHeader.eventCoding: {@link CareBridgeEvent}. */
    static CodeSystem events() {
        CodeSystem events = codeSystem(CareBridgeEvent.SYSTEM, "CareBridgeEvent", "CareBridge events",
                "What happened to a person, as a CareBridge message says it (MessageHeader.eventCoding).");
        for (CareBridgeEvent event : CareBridgeEvent.values()) {
            events.addConcept().setCode(event.code()).setDisplay(event.display());
        }
        return events;
    }

    /** ServiceRequest.category of a hospital's request that social care assess a person. */
    static CodeSystem dischargePathways() {
        CodeSystem pathways = codeSystem(FhirSystems.DISCHARGE_PATHWAY, "CareBridgeDischargePathway",
                "Discharge pathways", "When and where a hospital asks social care to assess a person: before "
                        + "discharge, or after it on one of the discharge to assess pathways.");
        pathways.addConcept().setCode("before-discharge").setDisplay("Assessment before discharge");
        pathways.addConcept().setCode("pathway-1").setDisplay("Discharge to assess, pathway 1: home with support");
        pathways.addConcept().setCode("pathway-2").setDisplay("Discharge to assess, pathway 2: bed-based rehabilitation");
        pathways.addConcept().setCode("pathway-3").setDisplay("Discharge to assess, pathway 3: care home placement");
        return pathways;
    }

    private static CodeSystem codeSystem(String url, String name, String title, String description) {
        CodeSystem cs = new CodeSystem();
        cs.setUrl(url);
        cs.setName(name);
        cs.setTitle(title);
        cs.setDescription(description);
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setCaseSensitive(true);
        cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        return cs;
    }
}
