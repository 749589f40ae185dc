package uk.carebridge.plugins.careprovider;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.delivery.CamelTransport;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.DeliveryResult;
import uk.carebridge.plugin.delivery.OutboundMessage;

/**
 * Writes each delivered FHIR message to {@code <outbox>/<messageId>.json}. Atomic: Camel writes
 * {@code .writing-<messageId>.json} first and renames it when complete, so the partner (who should ignore
 * dot-files) never reads half a message. A redelivery overwrites the same file: idempotent.
 */
final class OutboxDelivery implements Deliverer {

    static final String TEMP_PREFIX = ".writing-";

    private final PartnerContext context;
    private final CamelTransport files;

    OutboxDelivery(PartnerContext context, Path outbox) {
        this.context = context;
        this.files = new CamelTransport(context.camel(), "file:" + outbox.toString().replace('\\', '/')
                + "?tempPrefix=" + TEMP_PREFIX
                + "&fileExist=Override"
                // Keep the previous copy until the new one is complete.
                + "&eagerDeleteTargetFile=false"
                + "&charset=UTF-8",
                "could not write the message to the outbox " + outbox);
    }

    @Override
    public DeliveryResult deliver(OutboundMessage message) {
        if (!namesThisProvider(message)) {
            return DeliveryResult.withheld("the care package does not name this provider (ODS code "
                    + context.partner().odsCode() + ")");
        }
        files.send(file -> {
            file.setHeader(Exchange.FILE_NAME, message.messageId() + ".json");
            file.setBody(message.json());
        });
        return DeliveryResult.delivered();
    }

    /**
     * A council's care package names its providers by ODS code: a care provider receives the packages that name
     * it, not every package the council routes to its providers. Every other message is for it.
     */
    private boolean namesThisProvider(OutboundMessage message) {
        String odsCode = context.partner().odsCode();
        if (odsCode == null || !CareBridgeEvent.CARE_PACKAGE.code().equals(message.event())) {
            return true;
        }
        Bundle bundle = message.bundle(context.fhir());
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
                .flatMap(request -> request.getPerformer().stream())
                .anyMatch(performer -> FhirSystems.ODS_ORGANISATION.equals(performer.getIdentifier().getSystem())
                        && odsCode.equalsIgnoreCase(performer.getIdentifier().getValue()));
    }

    @Override
    public void close() throws Exception {
        files.close();
    }
}
