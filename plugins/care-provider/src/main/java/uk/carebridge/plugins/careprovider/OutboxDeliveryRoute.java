package uk.carebridge.plugins.careprovider;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.delivery.DeliveredMessage;
import uk.carebridge.plugin.delivery.PreservedMessage;

/**
 * Writes each delivered FHIR message to {@code <outbox>/<messageId>.json}. Atomic: Camel writes
 * {@code .writing-<messageId>.json} first and renames it when complete, so the partner (who should ignore
 * dot-files) never reads half a message. A redelivery overwrites the same file: idempotent.
 */
final class OutboxDeliveryRoute extends RouteBuilder {

    static final String TEMP_PREFIX = ".writing-";

    private final PartnerContext context;
    private final Path outbox;

    OutboxDeliveryRoute(PartnerContext context, Path outbox) {
        this.context = context;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        // Failures go back to the server's outbound route, which owns retries and the dead-letter queue.
        errorHandler(noErrorHandler());

        String uri = "file:" + outbox.toString().replace('\\', '/')
                + "?tempPrefix=" + TEMP_PREFIX
                + "&fileExist=Override"
                // Keep the previous copy until the new one is complete.
                + "&eagerDeleteTargetFile=false"
                + "&charset=UTF-8";

        from(context.deliveryEndpoint())
                .routeId(context.routeId("deliver"))
                .process(PreservedMessage::save)
                .doTry()
                    .process(this::checkCarePackage)
                    .choice()
                        .when(exchangeProperty(DeliveredMessage.WITHHELD_PROPERTY).isNull())
                            .process(this::nameFile)
                            .to(uri)
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .process(exchange -> DeliveredMessage.failTransiently(exchange,
                            "could not write the message to the outbox " + outbox))
                .doFinally()
                    .process(PreservedMessage::restore)
                .end();
    }

    /**
     * A council's care package names its providers by ODS code: a care provider receives the packages that name
     * it, not every package the council routes to its providers.
     */
    private void checkCarePackage(Exchange exchange) {
        String odsCode = context.partner().odsCode();
        if (odsCode == null || !CareBridgeEvent.CARE_PACKAGE.code().equals(
                exchange.getMessage().getHeader(MessageHeaders.EVENT, String.class))) {
            return;
        }
        Bundle message = context.fhir().newJsonParser().parseResource(Bundle.class, DeliveredMessage.json(exchange));
        boolean named = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
                .flatMap(request -> request.getPerformer().stream())
                .anyMatch(performer -> FhirSystems.ODS_ORGANISATION.equals(performer.getIdentifier().getSystem())
                        && odsCode.equalsIgnoreCase(performer.getIdentifier().getValue()));
        if (!named) {
            DeliveredMessage.withhold(exchange, "the care package does not name this provider (ODS code "
                    + odsCode + ")");
        }
    }

    private void nameFile(Exchange exchange) {
        String messageId = DeliveredMessage.messageId(exchange);
        // No stray Camel header (CamelOverruleFileName, CamelFileName) may choose another name or folder.
        exchange.getMessage().removeHeaders("Camel*");
        exchange.getMessage().setHeader(Exchange.FILE_NAME, messageId + ".json");
    }
}
