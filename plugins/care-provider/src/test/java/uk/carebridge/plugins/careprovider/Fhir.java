package uk.carebridge.plugins.careprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.validation.MessageValidator;

/** The one FHIR context and validator all tests share (each costs time to build and warm). */
final class Fhir {
    private Fhir() {
    }

    static final FhirContext R4 = FhirContext.forR4();
    static final MessageValidator VALIDATOR = new MessageValidator(R4);

    /**
     * CareBridge's basic checks and HAPI's instance validation against base R4 and UK Core, both without a
     * single error; and every resource of a type UK Core profiles declares a UK Core profile.
     */
    static void assertValidMessage(Bundle bundle) {
        assertThat(VALIDATOR.checkMessage(bundle)).as("basic message checks").isEmpty();
        assertThat(VALIDATOR.checkProfiles(bundle))
                .as("HAPI R4 + UK Core validation of %s", R4.newJsonParser().encodeResourceToString(bundle))
                .isEmpty();
        for (Resource r : resources(bundle, Resource.class)) {
            if (UkCore.profileFor(r.fhirType()).isPresent()) {
                assertThat(r.getMeta().getProfile()).extracting(CanonicalType::getValue)
                        .as("meta.profile of %s", r.fhirType())
                        .anySatisfy(p -> assertThat(p).startsWith(UkCore.PROFILE_BASE));
            }
        }
    }

    /** The resources of a message after the MessageHeader, of one type. */
    static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = resources(bundle, type);
        assertThat(found).as("%s in the message", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The resource MessageHeader.focus[0] points at. */
    static Resource focus(Bundle bundle) {
        String ref = ((org.hl7.fhir.r4.model.MessageHeader) bundle.getEntryFirstRep().getResource())
                .getFocusFirstRep().getReference();
        return bundle.getEntry().stream().filter(e -> ref.equals(e.getFullUrl())).findFirst().orElseThrow()
                .getResource();
    }
}
