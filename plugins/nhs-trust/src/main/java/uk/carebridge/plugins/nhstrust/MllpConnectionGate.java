package uk.carebridge.plugins.nhstrust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, the moment a connection is accepted and before a byte of it is read, whether a trust's MLLP listener
 * takes it: at most {@code maxConnections} open for the partner, {@code maxConnectionsPerAddress} from one IP
 * address, and the server's {@code mllp.maxConnections} across every partner of this plugin in the JVM. A connection over a
 * limit is closed at once with a reset (so the sender's write or read fails at once, and nothing it sent is kept)
 * and a WARN naming the partner, the remote address and the counts; never content.
 *
 * <p>A connection counts from its acceptance until camel-mllp closes its socket (after the sender closed, at the
 * idle timeout, or on a frame error): closed sockets are dropped from the count at the next look.
 *
 * <p>What an on-call analyst sees: the meters {@value #OPEN_METER} (a gauge) and {@value #REFUSED_METER} (a counter,
 * tagged with the {@code limit} that refused: {@code partner}, {@code address} or {@code server}), both tagged with
 * the partner, and {@link #status()} in {@code /health} under {@code partners.<id>.mllp}.
 */
final class MllpConnectionGate {

    static final String OPEN_METER = "carebridge.mllp.connections.open";
    static final String REFUSED_METER = "carebridge.mllp.connections.refused";

    private static final Logger LOG = LoggerFactory.getLogger(MllpConnectionGate.class);
    /** Every open connection of every partner: the server-wide count (every nhs-trust partner shares one class loader). */
    private static final Set<Socket> ALL = ConcurrentHashMap.newKeySet();
    private static final Map<String, MllpConnectionGate> GATES = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();

    private final String partnerId;
    private final MllpLimits limits;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final MeterRegistry metrics;
    private final Gauge openGauge;
    private final Map<Limit, Counter> refusedBy = new EnumMap<>(Limit.class);

    /** Which bound refused a connection: the meters' {@code limit} tag. */
    enum Limit {
        PARTNER, ADDRESS, SERVER;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    MllpConnectionGate(String partnerId, MllpLimits limits, MeterRegistry metrics) {
        this.partnerId = partnerId;
        this.limits = limits;
        this.metrics = metrics;
        // A counter asked for again (the partner restarted) is the same one, so its count runs on.
        for (Limit limit : Limit.values()) {
            refusedBy.put(limit, Counter.builder(REFUSED_METER)
                    .description("MLLP connections refused at once because a connection limit was reached")
                    .tag("partner", partnerId).tag("limit", limit.tag()).register(metrics));
        }
        this.openGauge = Gauge.builder(OPEN_METER, this, MllpConnectionGate::openConnections)
                .description("MLLP connections open now").tag("partner", partnerId).register(metrics);
        GATES.put(partnerId, this);
    }

    /** The gate of a running partner's listener (tests, status). */
    static Optional<MllpConnectionGate> of(String partnerId) {
        return Optional.ofNullable(GATES.get(partnerId));
    }

    /** True when {@code socket} may be served (it is then counted); false when it was refused and closed. */
    boolean admit(Socket socket) {
        InetAddress address = remote(socket);
        String refusal;
        Limit limit;
        int perAddress;
        int total;
        int partner;
        synchronized (LOCK) {
            ALL.removeIf(Socket::isClosed);
            open.removeIf(Socket::isClosed);
            partner = open.size();
            total = ALL.size();
            perAddress = (int) open.stream().filter(s -> address != null && address.equals(remote(s))).count();
            if (partner >= limits.maxConnections()) {
                limit = Limit.PARTNER;
                refusal = "maxConnections " + limits.maxConnections() + " reached";
            } else if (perAddress >= limits.maxConnectionsPerAddress()) {
                limit = Limit.ADDRESS;
                refusal = "maxConnectionsPerAddress " + limits.maxConnectionsPerAddress() + " reached for that address";
            } else if (total >= limits.serverMaxConnections()) {
                limit = Limit.SERVER;
                refusal = "the server's bound of " + limits.serverMaxConnections() + " MLLP connections reached"
                        + " (mllp.maxConnections)";
            } else {
                open.add(socket);
                ALL.add(socket);
                return true;
            }
        }
        long count = refused.incrementAndGet();
        refusedBy.get(limit).increment();
        LOG.warn("partner {}: MLLP connection from {} refused, {}: {} of {} open ({} from that address, at most {}; "
                        + "{} open on the server); {} refused since start", partnerId, address == null ? "?"
                        : address.getHostAddress(), refusal, partner, limits.maxConnections(), perAddress,
                limits.maxConnectionsPerAddress(), total, count);
        reset(socket);
        return false;
    }

    /** Connections now open for this partner. */
    int openConnections() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    /** Connections refused since this listener started (the meter counts since the server started). */
    long refusedConnections() {
        return refused.get();
    }

    /** What {@code /health} shows under {@code partners.<id>.mllp}: counts only, never an address. */
    Map<String, Object> status() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("openConnections", openConnections());
        figures.put("maxConnections", limits.maxConnections());
        figures.put("maxConnectionsPerAddress", limits.maxConnectionsPerAddress());
        figures.put("refusedConnections", refusedConnections());
        synchronized (LOCK) {
            ALL.removeIf(Socket::isClosed);
            figures.put("serverOpenConnections", ALL.size());
        }
        figures.put("serverMaxConnections", limits.serverMaxConnections());
        return figures;
    }

    MllpLimits limits() {
        return limits;
    }

    /** The listener stopped: its partner no longer counts (its sockets are closed by camel-mllp). */
    void close() {
        GATES.remove(partnerId, this);
        // The gauge holds this gate: the next listener of the partner registers its own.
        metrics.remove(openGauge);
        synchronized (LOCK) {
            ALL.removeAll(open);
        }
    }

    private static InetAddress remote(Socket socket) {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /** Closed with SO_LINGER 0: an RST, so whatever the sender already wrote is dropped, not half-read. */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
