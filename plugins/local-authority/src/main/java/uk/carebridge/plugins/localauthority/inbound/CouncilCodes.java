package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;

/**
 * The code systems for the API's own code lists (assessment types, outcomes, Care Act eligibility outcomes,
 * services). Neither SNOMED CT nor UK Core has a settled coding for these, so CareBridge names its own and
 * always adds the text, which is what a receiving social care or NHS system displays.
 */
final class CouncilCodes {
    private CouncilCodes() {
    }

    static final String BASE = FhirSystems.CAREBRIDGE_BASE + "/CodeSystem/";
    static final String ASSESSMENT_TYPE = BASE + "social-care-assessment-type";
    static final String ASSESSMENT_OUTCOME = BASE + "social-care-assessment-outcome";
    static final String ELIGIBLE_NEED = BASE + "care-act-eligibility-outcome";
    static final String SERVICE = BASE + "social-care-service";

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display)).setText(display);
    }

    static String eligibleNeedDisplay(String code) {
        return switch (code) {
            case "nutrition" -> "Managing and maintaining nutrition";
            case "personal-hygiene" -> "Maintaining personal hygiene";
            case "toilet-needs" -> "Managing toilet needs";
            case "being-clothed" -> "Being appropriately clothed";
            case "using-home-safely" -> "Being able to make use of the home safely";
            case "habitable-home" -> "Maintaining a habitable home environment";
            case "relationships" -> "Developing and maintaining family or other personal relationships";
            case "work-training-education-volunteering" -> "Accessing and engaging in work, training, education or volunteering";
            case "community-facilities" -> "Making use of necessary facilities or services in the local community";
            case "caring-for-a-child" -> "Carrying out any caring responsibilities for a child";
            default -> throw new IllegalArgumentException("not a Care Act eligibility outcome code");
        };
    }

    static String assessmentTypeDisplay(String code) {
        return switch (code) {
            case "care-act-needs-assessment" -> "Care Act needs assessment";
            case "carers-assessment" -> "Carer's assessment";
            case "review" -> "Review of care and support plan";
            default -> throw new IllegalArgumentException("not an assessment type code");
        };
    }

    static String outcomeDisplay(String code) {
        return switch (code) {
            case "eligible-needs" -> "Eligible needs identified";
            case "no-eligible-needs" -> "No eligible needs";
            case "information-and-advice" -> "Information and advice given";
            case "referred-elsewhere" -> "Referred to another service";
            default -> throw new IllegalArgumentException("not an assessment outcome code");
        };
    }
}
