package uk.carebridge.fhir;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

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
}
