package uk.carebridge.server.rules;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;

/** The FHIR R4 context and FHIRPath engine route rules are checked and evaluated with (one per JVM). */
public final class Fhir {
    private Fhir() {
    }

    public static final FhirContext R4 = FhirContext.forR4Cached();
    public static final IFhirPath PATHS = R4.newFhirPath();
}
