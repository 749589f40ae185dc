package uk.carebridge.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which partners' HTTP doors are open. A partner that is configured but whose routes are not up yet (the server is
 * starting, or a reload restarts it), or that could not start, must not look absent: a sender that gets 404 takes it
 * for "no such endpoint" and gives up. So until a partner runs, its paths answer 503 with Retry-After and the
 * reason; only a path of no configured partner is a 404. {@code /health} is UP only once every partner of the
 * start-up had its turn ({@link #ready}).
 */
public final class PartnerDoors {

    private final Map<String, String> closed = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /** The partner is configured; its door stays closed until {@link #open}. */
    public void expect(String partnerId) {
        closed.put(partnerId, "partner " + partnerId + " is starting: resend shortly");
    }

    /** The partner is being restarted with a changed configuration. */
    public void restarting(String partnerId) {
        closed.put(partnerId, "partner " + partnerId + " is being restarted with its changed configuration: resend shortly");
    }

    public void open(String partnerId) {
        closed.remove(partnerId);
    }

    /** The partner could not start: its senders get 503 and why, until its configuration is mended. */
    public void failed(String partnerId, String reason) {
        closed.put(partnerId, "partner " + partnerId + " is configured but could not start (" + reason + "); the "
                + "CareBridge administrator has the details: resend later");
    }

    /** No longer configured: its paths are simply unknown (404). */
    public void removed(String partnerId) {
        closed.remove(partnerId);
    }

    /** Every partner configured at start-up has been started (or failed). */
    public void startUpDone() {
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    /** Why requests to this partner are not served now, or null when its door is open (or it is not configured). */
    public String closedBecause(String partnerId) {
        return closed.get(partnerId);
    }
}
