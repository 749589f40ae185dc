package uk.carebridge.plugins.careprovider.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import uk.carebridge.plugins.careprovider.Fhir;

/** The validation every other test relies on does catch broken messages (so "valid" means something). */
class ValidatorSanityTest {

    @Test
    void anEncounterWithoutItsRequiredClassFailsProfileValidation() {
        Bundle message = Fixtures.message(Fixtures.translate("residents-good.csv"), 2);
        ((Encounter) Fhir.focus(message)).setClass_(null);

        assertThat(Fhir.VALIDATOR.checkProfiles(message)).isNotEmpty();
    }

    @Test
    void aPulseWithAnotherUnitTextFailsItsUkCoreProfile() {
        Bundle message = Fixtures.message(Fixtures.translate("observations-good.csv"), 5);
        ((Observation) Fhir.focus(message)).getValueQuantity().setUnit("beats/minute");

        // UKCore-Observation-VitalSigns-HeartRate fixes the unit text; base R4 does not care.
        assertThat(Fhir.VALIDATOR.checkProfiles(message))
                .anySatisfy(i -> assertThat(i.toString()).contains(".unit").contains("per minute"));
    }

    @Test
    void aPatientWithTwoNhsNumbersFailsUkCorePatient() {
        Bundle message = Fixtures.message(Fixtures.translate("residents-good.csv"), 2);
        Fhir.only(message, Patient.class).addIdentifier().setSystem(uk.carebridge.fhir.FhirSystems.NHS_NUMBER)
                .setValue("9990000026");

        assertThat(Fhir.VALIDATOR.checkProfiles(message))
                .anySatisfy(i -> assertThat(i.toString()).contains("nhsNumber").contains("UKCore-Patient"));
    }

    @Test
    void anInvalidNhsNumberFailsTheBasicChecks() {
        Bundle message = Fixtures.message(Fixtures.translate("observations-good.csv"), 2);
        Fhir.only(message, Patient.class).getIdentifierFirstRep().setValue("9990000019");

        assertThat(Fhir.VALIDATOR.checkMessage(message)).extracting(i -> i.location())
                .contains("Patient.identifier(nhs-number)");
    }

    @Test
    void anObservationWithoutStatusFailsProfileValidation() {
        Bundle message = Fixtures.message(Fixtures.translate("observations-good.csv"), 3);
        ((Observation) Fhir.focus(message)).setStatus(null);

        var issues = Fhir.VALIDATOR.checkProfiles(message);
        assertThat(issues).anySatisfy(i -> assertThat(i.toString()).contains("status"));
    }
}
