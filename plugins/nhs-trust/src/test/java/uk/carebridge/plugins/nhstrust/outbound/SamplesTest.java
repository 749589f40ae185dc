package uk.carebridge.plugins.nhstrust.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.testkit.FhirAssertions;
import uk.carebridge.validation.MessageValidator;

/** The hand-built inputs are messages CareBridge would carry: basic checks and UK Core profiles pass. */
class SamplesTest {

    private static final FhirContext R4 = FhirAssertions.R4;
    /** The test JVM's one profile validator: building and warming one takes seconds. */
    private static final MessageValidator VALIDATOR = FhirAssertions.VALIDATOR;

    @Test
    void everySampleIsAValidCareBridgeMessage() {
        List<Bundle> samples = List.of(Samples.admission(), Samples.discharge(), Samples.careHomeTransfer(),
                Samples.wardTransfer(), Samples.personUpdate(), Samples.cancelled(CareBridgeEvent.ADMISSION),
                Samples.cancelled(CareBridgeEvent.DISCHARGE));
        for (Bundle message : samples) {
            assertThat(VALIDATOR.checkMessage(message)).as("basic checks").isEmpty();
            assertThat(VALIDATOR.checkProfiles(message))
                    .as("UK Core validation of %s", R4.newJsonParser().encodeResourceToString(message))
                    .isEmpty();
        }
    }
}
