package uk.carebridge.plugins.careprovider;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

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
                    .process(this::nameFile)
                    .to(uri)
                .doCatch(Exception.class)
                    .process(exchange -> DeliveredMessage.failTransiently(exchange,
                            "could not write the message to the outbox " + outbox))
                .doFinally()
                    .process(PreservedMessage::restore)
                .end();
    }

    private void nameFile(Exchange exchange) {
        String messageId = DeliveredMessage.messageId(exchange);
        // No stray Camel header (CamelOverruleFileName, CamelFileName) may choose another name or folder.
        exchange.getMessage().removeHeaders("Camel*");
        exchange.getMessage().setHeader(Exchange.FILE_NAME, messageId + ".json");
    }
}
