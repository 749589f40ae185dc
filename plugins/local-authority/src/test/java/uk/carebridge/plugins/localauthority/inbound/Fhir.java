package uk.carebridge.plugins.localauthority.inbound;

import uk.carebridge.testkit.FhirAssertions;

/** This plugin's tests name the shared FHIR context, validator and message assertions as {@code Fhir}. */
public final class Fhir extends FhirAssertions {
    private Fhir() {
    }
}
