package uk.carebridge.plugins.nhstrust;

import org.apache.camel.Exchange;

import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.SettingReader.HostAndPort;
import uk.carebridge.plugin.delivery.CamelTransport;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.DeliveryResult;
import uk.carebridge.plugin.delivery.OutboundMessage;
import uk.carebridge.plugins.nhstrust.outbound.AckCheck;
import uk.carebridge.plugins.nhstrust.outbound.AdtWriter;

/**
 * Delivers to a trust that takes HL7 v2: the FHIR message becomes an ADT message (MSH-10 = the CareBridge
 * message id, so the trust can drop a resend), sent over MLLP; delivered only when the trust answers AA.
 * AE, AR, no answer within the timeout or no connection: a failed delivery the server retries, then
 * dead-letters. A message that cannot be written as ADT (an observation, say) fails permanently.
 */
final class MllpDelivery implements Deliverer {

    /** camel-mllp puts the trust's ACK in this header. */
    private static final String MLLP_ACKNOWLEDGEMENT = "CamelMllpAcknowledgementString";

    private final PartnerContext context;
    private final AdtWriter writer;
    private final CamelTransport mllp;

    MllpDelivery(PartnerContext context, HostAndPort address, long timeoutMs, String charset, AdtWriter writer) {
        this.context = context;
        this.writer = writer;
        // logPhi=false: camel-mllp would otherwise put the message into its exceptions and log lines.
        TrustMllpEndpoint.component(context.camel());
        this.mllp = new CamelTransport(context.camel(), "mllp://" + address.host() + ":" + address.port()
                + "?connectTimeout=" + timeoutMs + "&receiveTimeout=" + timeoutMs + "&readTimeout=" + timeoutMs
                + "&validatePayload=false&hl7Headers=false&charsetName=" + charset,
                "HL7 v2 to " + address + " failed");
    }

    @Override
    public DeliveryResult deliver(OutboundMessage message) {
        String er7 = writer.write(message.bundle(context.fhir()), message.messageId());
        Exchange sent = mllp.call(request -> request.setBody(er7));
        String ack = sent.getMessage().getHeader(MLLP_ACKNOWLEDGEMENT, String.class);
        if (sent.getException() != null) {
            // camel-mllp throws on AE/AR itself; the ACK is still in the header, and AckCheck says why best.
            if (!(sent.getException() instanceof DeliveryException) && ack != null && !ack.isBlank()) {
                AckCheck.verify(ack, message.messageId());
            }
            throw mllp.transientFailure(sent.getException());
        }
        AckCheck.verify(ack, message.messageId());
        return DeliveryResult.delivered();
    }

    @Override
    public void close() throws Exception {
        mllp.close();
    }
}
