package uk.carebridge.server.broker;

/** The queue names of DESIGN.md, in one place. */
public final class Queues {
    private Queues() {
    }

    public static final String INBOUND = "carebridge.inbound";

    /** Where the router puts what was on {@link #INBOUND} without CareBridge's stamp. */
    public static final String INBOUND_DEAD_LETTER = "DLQ." + INBOUND;

    /**
     * The JMS property holding CareBridge's stamp ({@code InstallationKey#stamp}) on every message it puts on its
     * queues: the gateway's on {@link #INBOUND}, the router's on each outbound queue.
     */
    public static final String STAMP = "CareBridgeStamp";

    public static String outbound(String partnerId) {
        return "carebridge.outbound." + partnerId;
    }

    public static String deadLetter(String partnerId) {
        return "DLQ." + outbound(partnerId);
    }
}
