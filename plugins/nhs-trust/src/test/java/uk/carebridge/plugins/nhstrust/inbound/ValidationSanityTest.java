package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.FhirSystems;

/** The validation every other test relies on does catch broken output, so "0 errors" means something. */
class ValidationSanityTest {

    private static Bundle admission() {
        return ((AdtReading.Translated) Adt.event("A01").read()).message();
    }

    @Test
    void anEncounterWithoutItsClassFailsR4() {
        Bundle message = admission();
        ((Encounter) Fhir.focus(message)).setClass_(null);

        assertThat(Fhir.VALIDATOR.checkProfiles(message)).isNotEmpty();
    }

    @Test
    void aPeriodEndingBeforeItStartsFailsR4() {
        Bundle message = admission();
        ((Encounter) Fhir.focus(message)).getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2020-01-01"));

        assertThat(Fhir.VALIDATOR.checkProfiles(message)).anySatisfy(i -> assertThat(i.toString()).contains("per-1"));
    }

    @Test
    void aPatientWithTwoNhsNumbersFailsUkCore() {
        Bundle message = admission();
        Fhir.resources(message, Patient.class).get(0).addIdentifier().setSystem(FhirSystems.NHS_NUMBER)
                .setValue(Adt.OTHER_NHS_NUMBER);

        assertThat(Fhir.VALIDATOR.checkProfiles(message)).isNotEmpty();
    }

    @Test
    void aWrongVerificationStatusCodeFailsUkCore() {
        Bundle message = admission();
        Patient patient = Fhir.resources(message, Patient.class).get(0);
        ((org.hl7.fhir.r4.model.CodeableConcept) patient.getIdentifierFirstRep().getExtensionFirstRep().getValue())
                .getCodingFirstRep().setCode("99");

        assertThat(Fhir.VALIDATOR.checkProfiles(message)).isNotEmpty();
    }

    @Test
    void anInvalidNhsNumberFailsTheBasicChecks() {
        Bundle message = admission();
        Fhir.resources(message, Patient.class).get(0).getIdentifierFirstRep().setValue(Adt.BAD_NHS_NUMBER);

        assertThat(Fhir.VALIDATOR.checkMessage(message)).isNotEmpty();
    }

    @Test
    void canonicalJsonTellsDifferentMessagesApart() {
        Bundle female = admission();
        Bundle male = ((AdtReading.Translated) Adt.event("A01").set("PID", 8, "M").read()).message();

        assertThat(Fhir.canonicalJson(admission())).isEqualTo(Fhir.canonicalJson(female));
        assertThat(Fhir.canonicalJson(male)).isNotEqualTo(Fhir.canonicalJson(female));
    }
}
