package uk.carebridge.plugins.nhstrust.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;

/** Reads a message and asserts which way it went: translated (and UK Core valid) or refused (and discreet). */
final class Readings {
    private Readings() {
    }

    /** The CareBridge message the text translates to; it must pass the basic checks and UK Core validation. */
    static Bundle translated(String er7) {
        AdtReading reading = Adt.READER.read(er7);
        assertThat(reading).as("reading of %s", er7).isInstanceOf(AdtReading.Translated.class);
        Bundle bundle = ((AdtReading.Translated) reading).message();
        Fhir.assertValidMessage(bundle);
        return bundle;
    }

    static Bundle translated(Adt adt) {
        return translated(adt.er7());
    }

    /** The refusal of the text; its reason must not quote any of the synthetic patient's values. */
    static AdtReading.Refused refused(String er7) {
        return refused(er7, Adt.PATIENT_VALUES);
    }

    static AdtReading.Refused refused(Adt adt) {
        return refused(adt.er7());
    }

    /** The refusal of the text; its reason must not contain any of {@code patientValues}. */
    static AdtReading.Refused refused(String er7, List<String> patientValues) {
        AdtReading reading = Adt.READER.read(er7);
        assertThat(reading).as("reading of %s", er7).isInstanceOf(AdtReading.Refused.class);
        AdtReading.Refused refused = (AdtReading.Refused) reading;
        assertDiscreet(refused, patientValues);
        return refused;
    }

    /** No patient value in the reason (it goes into ACKs and logs); a reason is always given. */
    static void assertDiscreet(AdtReading.Refused refused, List<String> patientValues) {
        assertThat(refused.reason()).as("reason").isNotBlank();
        for (String value : patientValues) {
            assertThat(refused.reason()).as("reason must not quote patient data").doesNotContainIgnoringCase(value);
        }
        assertThat(refused.code()).isIn("AE", "AR");
        assertThat(refused.hl7ErrorCode()).as("HL7 table 0357 code").matches("\\d{3}");
    }
}
