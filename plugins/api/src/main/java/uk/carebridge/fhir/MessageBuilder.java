package uk.carebridge.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds a CareBridge message: a Bundle of type {@code message}, the MessageHeader first, then the
 * resources, each with a {@code urn:uuid:} fullUrl so references resolve inside the bundle. The Bundle and
 * the MessageHeader declare their UK Core profiles; the resources added should declare theirs
 * ({@link UkCore}).
 *
 * <pre>
 *   Patient patient = ...;
 *   Bundle message = MessageBuilder.event(CareBridgeEvent.TRANSFER, "sunny-meadows-care-home")
 *           .focus(encounter).add(patient).build();
 * </pre>
 */
public final class MessageBuilder {

    private final CareBridgeEvent event;
    private final String sourcePartnerId;
    private final List<Resource> focus = new ArrayList<>();
    private final List<Resource> others = new ArrayList<>();
    private Date timestamp = new Date();

    private MessageBuilder(CareBridgeEvent event, String sourcePartnerId) {
        this.event = event;
        this.sourcePartnerId = sourcePartnerId;
    }

    public static MessageBuilder event(CareBridgeEvent event, String sourcePartnerId) {
        return new MessageBuilder(event, sourcePartnerId);
    }

    /** Gives a resource a fresh id (if it has none) and returns a reference usable inside the bundle. */
    public static Reference ref(Resource resource) {
        ensureId(resource);
        return new Reference("urn:uuid:" + resource.getIdElement().getIdPart());
    }

    private static void ensureId(Resource resource) {
        if (!resource.hasIdElement() || resource.getIdElement().getIdPart() == null) {
            resource.setId(UUID.randomUUID().toString());
        }
    }

    /** A resource the event is about (MessageHeader.focus), e.g. the Encounter of an admission. */
    public MessageBuilder focus(Resource resource) {
        focus.add(resource);
        return this;
    }

    /** A resource the focus refers to, e.g. the Patient, the Organization. */
    public MessageBuilder add(Resource resource) {
        others.add(resource);
        return this;
    }

    /** When the event happened at the partner; defaults to now. */
    public MessageBuilder timestamp(Date when) {
        this.timestamp = when;
        return this;
    }

    public Bundle build() {
        if (focus.isEmpty()) {
            throw new IllegalStateException("a message needs at least one focus resource");
        }
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.getMeta().addProfile(UkCore.MESSAGE_HEADER);
        header.setEvent(event.coding());
        header.getSource().setName(sourcePartnerId).setEndpoint(FhirSystems.PARTNER_ENDPOINT_BASE + sourcePartnerId);
        for (Resource r : focus) {
            header.addFocus(ref(r));
        }

        Bundle bundle = new Bundle();
        bundle.getMeta().addProfile(UkCore.BUNDLE);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestamp(timestamp);
        addEntry(bundle, header);
        focus.forEach(r -> addEntry(bundle, r));
        others.forEach(r -> addEntry(bundle, r));
        return bundle;
    }

    private static void addEntry(Bundle bundle, Resource resource) {
        ensureId(resource);
        bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart()).setResource(resource);
    }
}
