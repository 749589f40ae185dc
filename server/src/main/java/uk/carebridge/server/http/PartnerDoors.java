package uk.carebridge.server.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which partners' doors are open, and what each partner's listeners publish about themselves. A partner that is
 * configured but whose routes are not up yet (the server is starting, or a reload restarts it), or that could not
 * start, must not look absent: a sender that gets 404 takes it for "no such endpoint" and gives up. So until a
 * partner runs, its paths answer 503 with Retry-After and the reason; only a path of no configured partner is a 404.
 * {@code /health} is UP only once every partner of the start-up had its turn ({@link #ready}), and lists every
 * partner's state and figures ({@link #status}).
 */
public final class PartnerDoors {

    /** What {@code /health} says of a partner. */
    enum State {
        STARTING, RESTARTING, RUNNING, FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Door(State state, String closedBecause, Map<String, Supplier<?>> figures) {
        Door(State state, String closedBecause) {
            this(state, closedBecause, new ConcurrentHashMap<>());
        }
    }

    private final Map<String, Door> doors = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /** The partner is configured; its door stays closed until {@link #open}. */
    public void expect(String partnerId) {
        doors.put(partnerId, new Door(State.STARTING, "partner " + partnerId + " is starting: resend shortly"));
    }

    /** The partner is being restarted with a changed configuration (its listeners' figures go with the old ones). */
    public void restarting(String partnerId) {
        doors.put(partnerId, new Door(State.RESTARTING, "partner " + partnerId
                + " is being restarted with its changed configuration: resend shortly"));
    }

    /** The partner runs; the figures its listeners published while starting are kept. */
    public void open(String partnerId) {
        doors.compute(partnerId, (id, d) -> new Door(State.RUNNING, null,
                d == null ? new ConcurrentHashMap<>() : d.figures()));
    }

    /** The partner could not start: its senders get 503 and why, until its configuration is mended. */
    public void failed(String partnerId, String reason) {
        doors.put(partnerId, new Door(State.FAILED, "partner " + partnerId + " is configured but could not start ("
                + reason + "); the CareBridge administrator has the details: resend later"));
    }

    /** No longer configured: its paths are simply unknown (404). */
    public void removed(String partnerId) {
        doors.remove(partnerId);
    }

    /** A partner's listener publishes live figures ({@code PartnerContext.publishStatus}). */
    public void publish(String partnerId, String name, Supplier<?> figures) {
        Door door = doors.get(partnerId);
        if (door != null) {
            door.figures().put(name, figures);
        }
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
        Door door = doors.get(partnerId);
        return door == null ? null : door.closedBecause();
    }

    /**
     * Each configured partner, by id: its {@code state}, for one not running the {@code reason}, and its published
     * figures by name. A figure that fails is shown as {@code "unavailable"}: one broken plugin must not take
     * {@code /health} down with it.
     */
    Map<String, Map<String, Object>> status() {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        doors.forEach((id, door) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("state", door.state().label());
            if (door.state() == State.FAILED) {
                one.put("reason", door.closedBecause());
            }
            new TreeMap<>(door.figures()).forEach((name, figures) -> {
                Object value;
                try {
                    value = figures.get();
                } catch (RuntimeException e) {
                    value = "unavailable";
                }
                one.put(name, value);
            });
            all.put(id, one);
        });
        return all;
    }
}
