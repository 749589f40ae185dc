package uk.carebridge.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.ContentFingerprint;

/** Reads the parts of a CareBridge message the server routes on. */
public final class Messages {
    private Messages() {
    }

    public static Optional<MessageHeader> header(Bundle message) {
        if (!message.hasEntry() || !(message.getEntryFirstRep().getResource() instanceof MessageHeader h)) {
            return Optional.empty();
        }
        return Optional.of(h);
    }

    /** The CareBridge event code, if the header carries one of ours. */
    public static Optional<CareBridgeEvent> event(Bundle message) {
        return header(message)
                .filter(h -> h.hasEventCoding() && CareBridgeEvent.SYSTEM.equals(h.getEventCoding().getSystem()))
                .flatMap(h -> CareBridgeEvent.fromCode(h.getEventCoding().getCode()));
    }

    /** The resource types after the header, in order of first appearance: "Patient,Encounter". */
    public static String resourceTypes(Bundle message) {
        Set<String> types = new LinkedHashSet<>();
        for (Bundle.BundleEntryComponent e : message.getEntry()) {
            Resource r = e.getResource();
            if (r != null && !(r instanceof MessageHeader)) {
                types.add(r.fhirType());
            }
        }
        return String.join(",", types);
    }

    /** The first Patient in the message. */
    public static Optional<Patient> patient(Bundle message) {
        return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast).findFirst();
    }

    public static Optional<String> nhsNumber(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(i -> FhirSystems.NHS_NUMBER.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).findFirst();
    }

    /**
     * The key that keeps one person's messages in order (JMSXGroupID): the NHS number, else the first
     * local identifier (system|value), else empty.
     */
    public static Optional<String> personKey(Bundle message) {
        return patient(message).flatMap(p -> nhsNumber(p).or(() -> p.getIdentifier().stream()
                .filter(i -> i.hasValue()).findFirst().map(i -> i.getSystem() + "|" + i.getValue())));
    }

    /**
     * The message's content fingerprint: the Bundle without what a sender may change when it sends the same
     * message again (Bundle.id, identifier, timestamp, and every meta), in HAPI's JSON encoding. Entries named
     * {@code urn:uuid:<uuid>} count by position, not by their uuid: those names mean nothing outside the Bundle,
     * and an engine that rebuilds a message to resend it draws new ones.
     */
    public static String fingerprint(FhirContext fhir, Bundle message) {
        Bundle content = message.copy();
        content.setIdElement(null);
        content.setMeta(null);
        content.setIdentifier(null);
        content.setTimestampElement(null);
        List<String> localNames = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : content.getEntry()) {
            if (e.getResource() != null) {
                e.getResource().setMeta(null);
            }
            if (e.hasFullUrl() && e.getFullUrl().startsWith(URN_UUID) && e.getFullUrl().length() > URN_UUID.length()) {
                localNames.add(e.getFullUrl().substring(URN_UUID.length()));
            }
        }
        String json = fhir.newJsonParser().encodeResourceToString(content);
        for (int i = 0; i < localNames.size(); i++) {
            json = json.replace(localNames.get(i), "#" + i);
        }
        return ContentFingerprint.of(json);
    }

    private static final String URN_UUID = "urn:uuid:";
}
