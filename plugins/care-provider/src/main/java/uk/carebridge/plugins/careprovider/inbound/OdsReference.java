package uk.carebridge.plugins.careprovider.inbound;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * A logical reference to an organisation by its NHS ODS code: the receiver resolves it against its own
 * directory, so the message need not carry an Organization resource for every practice or hospital.
 */
final class OdsReference {
    private OdsReference() {
    }

    static Reference organisation(String odsCode) {
        return new Reference()
                .setType("Organization")
                .setIdentifier(new Identifier().setSystem(uk.carebridge.fhir.FhirSystems.ODS_ORGANISATION)
                        .setValue(odsCode));
    }
}
