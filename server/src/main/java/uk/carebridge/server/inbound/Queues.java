package uk.carebridge.server.inbound;

/** The queue names of DESIGN.md, in one place. */
public final class Queues {
    private Queues() {
    }

    public static final String INBOUND = "carebridge.inbound";

    public static String outbound(String partnerId) {
        return "carebridge.outbound." + partnerId;
    }

    public static String deadLetter(String partnerId) {
        return "DLQ." + outbound(partnerId);
    }
}
