package uk.carebridge.plugins.nhstrust;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.Bundle;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.SettingReader.HostAndPort;
import uk.carebridge.plugin.delivery.DeliveredMessage;
import uk.carebridge.plugin.delivery.PreservedMessage;
import uk.carebridge.plugins.nhstrust.outbound.AckCheck;
import uk.carebridge.plugins.nhstrust.outbound.AdtWriter;

/**
 * Delivers to a trust that takes HL7 v2: the FHIR message becomes an ADT message (MSH-10 = the CareBridge
 * message id, so the trust can drop a resend), sent over MLLP; delivered only when the trust answers AA.
 * AE, AR, no answer within the timeout or no connection: a failed delivery the server retries, then
 * dead-letters. A message that cannot be written as ADT (an observation, say) fails permanently.
 */
final class MllpDeliveryRoute extends RouteBuilder {

    private static final String CONTROL_ID = "CareBridgeHl7ControlId";
    /** camel-mllp puts the trust's ACK in this header. */
    private static final String MLLP_ACKNOWLEDGEMENT = "CamelMllpAcknowledgementString";

    private final PartnerContext context;
    private final HostAndPort address;
    private final long timeoutMs;
    private final String charset;
    private final AdtWriter writer;

    MllpDeliveryRoute(PartnerContext context, HostAndPort address, long timeoutMs, String charset, AdtWriter writer) {
        this.context = context;
        this.address = address;
        this.timeoutMs = timeoutMs;
        this.charset = charset;
        this.writer = writer;
    }

    @Override
    public void configure() {
        // Failures go back to the server's outbound route, which owns retries and the dead-letter queue.
        errorHandler(noErrorHandler());
        // logPhi=false: camel-mllp would otherwise put the message into its exceptions and log lines.
        TrustMllpEndpoint.component(getContext());

        String uri = "mllp://" + address.host() + ":" + address.port()
                + "?connectTimeout=" + timeoutMs + "&receiveTimeout=" + timeoutMs + "&readTimeout=" + timeoutMs
                + "&validatePayload=false&hl7Headers=false&charsetName=" + charset;

        from(context.deliveryEndpoint())
                .routeId(context.routeId("deliver"))
                .process(PreservedMessage::save)
                .doTry()
                    .process(this::toAdt)
                    .to(uri)
                    .process(this::checkAck)
                .doCatch(Exception.class)
                    .process(this::failed)
                .doFinally()
                    .process(PreservedMessage::restore)
                .end();
    }

    private void toAdt(Exchange exchange) {
        String messageId = DeliveredMessage.messageId(exchange);
        Bundle message = context.fhir().newJsonParser().parseResource(Bundle.class, DeliveredMessage.json(exchange));
        String er7 = writer.write(message, messageId);
        exchange.setProperty(CONTROL_ID, messageId);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(er7);
    }

    private void checkAck(Exchange exchange) {
        AckCheck.verify(exchange.getMessage().getHeader(MLLP_ACKNOWLEDGEMENT, String.class),
                exchange.getProperty(CONTROL_ID, String.class));
    }

    /** camel-mllp throws on AE/AR itself; the ACK is still in the header, and AckCheck says why best. */
    private void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String ack = exchange.getMessage().getHeader(MLLP_ACKNOWLEDGEMENT, String.class);
        if (!(cause instanceof DeliveryException) && ack != null && !ack.isBlank()) {
            AckCheck.verify(ack, exchange.getProperty(CONTROL_ID, String.class));
        }
        DeliveredMessage.failTransiently(exchange, "HL7 v2 to " + address + " failed");
    }
}
