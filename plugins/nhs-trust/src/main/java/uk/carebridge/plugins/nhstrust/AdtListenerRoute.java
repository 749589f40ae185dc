package uk.carebridge.plugins.nhstrust;

import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugins.nhstrust.inbound.AdtReader;

/**
 * The trust's MLLP listener: each framed HL7 v2 message is read, handed to the gateway and answered
 * with the ACK {@link AdtIntake} decides. Camel's MLLP component does the framing; one connection's
 * messages are handled one after another, so a sender's order is kept. Added to the plugin's receiver
 * builder (beside the FHIR endpoint) rather than being a builder of its own, so the server sees every
 * receiver route in one place.
 */
final class AdtListenerRoute {

    /** camel-mllp sends this exchange property back to the sender as the acknowledgement. */
    static final String MLLP_ACKNOWLEDGEMENT = "CamelMllpAcknowledgementString";

    private final PartnerContext context;
    private final String host;
    private final int port;
    private final String charset;
    private final MllpLimits limits;

    AdtListenerRoute(PartnerContext context, String host, int port, String charset, MllpLimits limits) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.charset = charset;
        this.limits = limits;
    }

    void addTo(RouteBuilder builder) throws Exception {
        AdtIntake intake = new AdtIntake(context.partner().id(), new AdtReader(context.fhir(), context.partner()),
                context.inbound());
        // autoAck=false: the route decides the ACK. reuseAddress: a restart can bind while old sockets linger
        // in TIME_WAIT (STACK-NOTES). requireEndOfData=false: some senders omit the CR after the end byte.
        // TrustMllpEndpoint: the connection and frame limits, and frames under four bytes (an empty frame), on which
        // camel-mllp itself fails.
        builder.from(TrustMllpEndpoint.of(builder.getContext(), "mllp://" + host + ":" + port
                + "?autoAck=false&reuseAddress=true&stringPayload=true&validatePayload=false"
                + "&hl7Headers=false&requireEndOfData=false&charsetName=" + charset, context, limits))
                .routeId(context.routeId("mllp-in"))
                .process(exchange -> exchange.setProperty(MLLP_ACKNOWLEDGEMENT,
                        intake.acknowledge(exchange.getMessage().getBody(String.class))));
    }
}
