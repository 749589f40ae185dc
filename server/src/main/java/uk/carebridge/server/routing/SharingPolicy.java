package uk.carebridge.server.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.util.FhirTerser;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.server.config.RouteConfig;
import uk.carebridge.server.rules.ElementPath;
import uk.carebridge.server.rules.Fhir;

/**
 * What one destination of a route may receive: only the listed resource types (the MessageHeader always), with
 * the listed elements removed, under a named data-sharing agreement written into the MessageHeader. Nothing
 * that is not listed is shared: the minimum necessary.
 */
public final class SharingPolicy {

    /** Extension on MessageHeader: the data-sharing agreement this copy was shared under (valueIdentifier). */
    public static final String AGREEMENT_EXTENSION = FhirSystems.CAREBRIDGE_BASE
            + "/StructureDefinition/data-sharing-agreement";
    public static final String AGREEMENT_SYSTEM = FhirSystems.CAREBRIDGE_BASE + "/Id/data-sharing-agreement";

    private final Set<String> resourceTypes;
    private final List<ElementPath> removals;
    private final String agreement;

    /** The policy a route file's destination declares (already checked by the config loader). */
    static SharingPolicy of(RouteConfig.Destination d) {
        return new SharingPolicy(new LinkedHashSet<>(d.resources()),
                d.remove().stream().map(ElementPath::parse).toList(), d.agreement());
    }

    SharingPolicy(Set<String> resourceTypes, List<ElementPath> removals, String agreement) {
        this.resourceTypes = Set.copyOf(resourceTypes);
        this.removals = List.copyOf(removals);
        this.agreement = agreement;
    }

    /** What the destination receives: a copy of the message with this policy applied; the original is untouched. */
    public Shared apply(Bundle message) {
        Bundle copy = message.copy();
        MessageHeader header = (MessageHeader) copy.getEntryFirstRep().getResource();
        boolean hadFocus = header.hasFocus();
        Set<String> kept = new LinkedHashSet<>();
        Set<String> dropped = new LinkedHashSet<>();
        Set<String> droppedUrls = new HashSet<>();
        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        entries.add(copy.getEntryFirstRep());
        for (Bundle.BundleEntryComponent entry : copy.getEntry().subList(1, copy.getEntry().size())) {
            Resource resource = entry.getResource();
            if (resource != null && resourceTypes.contains(resource.fhirType())) {
                removals.forEach(path -> path.removeFrom(resource));
                entries.add(entry);
                kept.add(resource.fhirType());
            } else {
                droppedUrls.add(entry.getFullUrl());
                dropped.add(resource == null ? "(empty entry)" : resource.fhirType());
            }
        }
        copy.setEntry(entries);
        // A focus the destination may not see would point nowhere.
        List<Reference> focus = new ArrayList<>(header.getFocus());
        focus.removeIf(r -> droppedUrls.contains(r.getReference()));
        header.setFocus(focus);
        if (!droppedUrls.isEmpty()) {
            withoutReferencesTo(droppedUrls, entries.subList(1, entries.size()));
        }
        if (agreement != null) {
            header.addExtension(AGREEMENT_EXTENSION, new Identifier().setSystem(AGREEMENT_SYSTEM).setValue(agreement));
        }
        return new Shared(copy, List.copyOf(kept), List.copyOf(dropped), !focus.isEmpty() || !hadFocus);
    }

    /**
     * A kept resource pointing at one the destination does not receive (a Patient's generalPractitioner when
     * Practitioner is not shared) would point nowhere, and the receiver's validation would refuse the message: the
     * whole reference goes (its identifier and display too, which would tell what the policy withheld).
     */
    private static void withoutReferencesTo(Set<String> droppedUrls, List<Bundle.BundleEntryComponent> kept) {
        FhirTerser terser = Fhir.R4.newTerser();
        for (Bundle.BundleEntryComponent entry : kept) {
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                if (reference.hasReference() && droppedUrls.contains(reference.getReference())) {
                    reference.setReference(null).setIdentifier(null).setDisplay(null).setType(null);
                }
            }
        }
    }

    /**
     * @param kept       resource types sent; @param dropped resource types withheld by the policy
     * @param hasFocus   false when the policy withheld everything the message is about: it is not sent
     */
    public record Shared(Bundle message, List<String> kept, List<String> dropped, boolean hasFocus) {
    }

    public Set<String> resourceTypes() {
        return resourceTypes;
    }

    public List<String> removals() {
        return removals.stream().map(ElementPath::toString).toList();
    }

    /** The data-sharing agreement's name, or null. */
    public String agreement() {
        return agreement;
    }

    /** One line for the journal and {@code carebridge routes}. */
    public String describe() {
        return "shares " + String.join(",", new java.util.TreeSet<>(resourceTypes))
                + (removals.isEmpty() ? "" : " without " + String.join(",", removals()))
                + (agreement == null ? "" : " under agreement " + agreement);
    }
}
