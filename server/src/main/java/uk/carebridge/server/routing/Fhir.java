package uk.carebridge.server.routing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;

/** The FHIR R4 context and FHIRPath engine route rules are checked and evaluated with (one per JVM). */
final class Fhir {
    private Fhir() {
    }

    static final FhirContext R4 = FhirContext.forR4Cached();
    static final IFhirPath PATHS = R4.newFhirPath();
}
