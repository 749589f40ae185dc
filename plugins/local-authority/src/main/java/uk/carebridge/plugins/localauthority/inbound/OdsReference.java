package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import uk.carebridge.fhir.FhirSystems;

/**
 * A logical reference to an organisation by its ODS code: the receiver resolves it in its own directory, so
 * the council need not send (and we need not invent) the provider's name and address.
 */
public final class OdsReference {
    private OdsReference() {
    }

    /** The logical reference to the organisation with this ODS code (the outbound tests build their messages with it). */
    public static Reference organisation(String odsCode) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(FhirSystems.ODS_ORGANISATION).setValue(odsCode));
    }
}
