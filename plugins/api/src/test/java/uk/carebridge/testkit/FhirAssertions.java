package uk.carebridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.UkCore;
import uk.carebridge.validation.MessageValidator;

/**
 * The one FHIR context and validator every plugin test in a JVM shares: built once (the validator's first use
 * generates UK Core snapshots, seconds), then ~15 ms a message. A plugin's tests may name it through a local
 * {@code final class Fhir extends FhirAssertions} so their calls read {@code Fhir.assertValidMessage(...)}.
 */
public class FhirAssertions {
    protected FhirAssertions() {
    }

    public static final FhirContext R4 = TestPartnerContext.R4;
    public static final MessageValidator VALIDATOR = new MessageValidator(R4);

    /**
     * CareBridge's basic message checks and HAPI's instance validation against base R4 + UK Core, both with
     * no error; and every resource of a type UK Core profiles declares a UK Core profile.
     */
    public static void assertValidMessage(Bundle bundle) {
        assertThat(VALIDATOR.checkMessage(bundle)).as("basic message checks").isEmpty();
        assertThat(VALIDATOR.checkProfiles(bundle))
                .as("HAPI R4 + UK Core validation of %s", R4.newJsonParser().encodeResourceToString(bundle))
                .isEmpty();
        for (Resource r : resources(bundle, Resource.class)) {
            if (UkCore.profileFor(r.fhirType()).isPresent()) {
                // The type's profile or a UK Core profile derived from it (vital signs observations).
                assertThat(r.getMeta().getProfile()).extracting(CanonicalType::getValue)
                        .as("meta.profile of %s", r.fhirType())
                        .anySatisfy(p -> assertThat(p).startsWith(UkCore.PROFILE_BASE));
            }
        }
    }

    public static MessageHeader header(Bundle bundle) {
        return (MessageHeader) bundle.getEntryFirstRep().getResource();
    }

    /** The resources of the message after its MessageHeader, of one type, in bundle order. */
    public static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().skip(1).map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    public static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = resources(bundle, type);
        assertThat(found).as("%s in the message", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The resource MessageHeader.focus[0] points at. */
    public static Resource focus(Bundle bundle) {
        return resolve(bundle, header(bundle).getFocusFirstRep());
    }

    /** The bundle entry a reference (urn:uuid: fullUrl) points at; fails when it does not resolve. */
    public static Resource resolve(Bundle bundle, Reference reference) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(reference.getReference())).findFirst()
                .orElseThrow(() -> new AssertionError("reference " + reference.getReference() + " does not resolve"))
                .getResource();
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The message as JSON with its random ids replaced by their order of appearance (id1, id2...), so two
     * translations of the same content compare equal.
     */
    public static String canonicalJson(Bundle bundle) {
        String json = R4.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = UUID.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, names.computeIfAbsent(m.group(), k -> "id" + (names.size() + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
