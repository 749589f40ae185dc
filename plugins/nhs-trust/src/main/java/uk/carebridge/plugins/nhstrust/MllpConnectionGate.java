package uk.carebridge.plugins.nhstrust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, the moment a connection is accepted and before a byte of it is read, whether a trust's MLLP listener
 * takes it: at most {@code maxConnections} open for the partner, {@code maxConnectionsPerAddress} from one IP
 * address, and {@link #SERVER_MAX_CONNECTIONS} across every partner of this plugin in the JVM. A connection over a
 * limit is closed at once with a reset (so the sender's write or read fails at once, and nothing it sent is kept)
 * and a WARN naming the partner, the remote address and the counts; never content.
 *
 * <p>A connection counts from its acceptance until camel-mllp closes its socket (after the sender closed, at the
 * idle timeout, or on a frame error): closed sockets are dropped from the count at the next look.
 */
final class MllpConnectionGate {

    /**
     * The most MLLP connections open at once across every partner in this server. A server setting cannot reach a
     * plugin without a change to the plugin SPI, so the bound is this plugin's (every nhs-trust partner shares one
     * class loader, so one count), and {@code maxConnections} above it is refused as a partner setting.
     */
    static final int SERVER_MAX_CONNECTIONS = 512;

    private static final Logger LOG = LoggerFactory.getLogger(MllpConnectionGate.class);
    /** Every open connection of every partner: the server-wide count. */
    private static final Set<Socket> ALL = ConcurrentHashMap.newKeySet();
    private static final Map<String, MllpConnectionGate> GATES = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();

    private final String partnerId;
    private final MllpLimits limits;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();

    MllpConnectionGate(String partnerId, MllpLimits limits) {
        this.partnerId = partnerId;
        this.limits = limits;
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
                refusal = "maxConnections " + limits.maxConnections() + " reached";
            } else if (perAddress >= limits.maxConnectionsPerAddress()) {
                refusal = "maxConnectionsPerAddress " + limits.maxConnectionsPerAddress() + " reached for that address";
            } else if (total >= SERVER_MAX_CONNECTIONS) {
                refusal = "the server's bound of " + SERVER_MAX_CONNECTIONS + " MLLP connections reached";
            } else {
                open.add(socket);
                ALL.add(socket);
                return true;
            }
        }
        long count = refused.incrementAndGet();
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

    long refusedConnections() {
        return refused.get();
    }

    MllpLimits limits() {
        return limits;
    }

    /** The listener stopped: its partner no longer counts (its sockets are closed by camel-mllp). */
    void close() {
        GATES.remove(partnerId, this);
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
