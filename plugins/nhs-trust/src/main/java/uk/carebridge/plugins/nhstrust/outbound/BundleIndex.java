package uk.carebridge.plugins.nhstrust.outbound;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Resolves references inside one message Bundle: by fullUrl ({@code urn:uuid:...}, what
 * {@link uk.carebridge.fhir.MessageBuilder} writes) or by {@code Type/id}. A reference that does not
 * resolve (a logical reference by identifier, a server URL) gives empty.
 */
final class BundleIndex {

    private final Map<String, Resource> byUrl = new HashMap<>();

    BundleIndex(Bundle message) {
        for (Bundle.BundleEntryComponent e : message.getEntry()) {
            Resource r = e.getResource();
            if (r == null) {
                continue;
            }
            if (e.hasFullUrl()) {
                byUrl.putIfAbsent(e.getFullUrl(), r);
            }
            if (r.getIdElement().hasIdPart()) {
                byUrl.putIfAbsent(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
            }
        }
    }

    <T extends Resource> Optional<T> resolve(Reference reference, Class<T> type) {
        if (reference == null) {
            return Optional.empty();
        }
        if (reference.getResource() instanceof Resource contained && type.isInstance(contained)) {
            return Optional.of(type.cast(contained));
        }
        if (!reference.hasReference()) {
            return Optional.empty();
        }
        String ref = reference.getReference();
        Resource found = byUrl.get(ref);
        if (found == null) {
            // An absolute URL ending in Type/id, e.g. https://server/fhir/Organization/1.
            String[] parts = ref.split("/");
            if (parts.length >= 2) {
                found = byUrl.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
            }
        }
        return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
    }
}
