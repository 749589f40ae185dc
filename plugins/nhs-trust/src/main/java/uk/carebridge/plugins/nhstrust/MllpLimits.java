package uk.carebridge.plugins.nhstrust;

/**
 * What one trust's MLLP listener holds: connections (in all and per sending address), how long a connection may
 * stay silent, how long one frame may take and how long it may be; and the server's bound on MLLP connections across
 * every partner ({@code mllp.maxConnections} in carebridge.yaml).
 */
record MllpLimits(int maxConnections, int maxConnectionsPerAddress, long idleTimeoutMs, long frameTimeoutMs,
                  int maxFrameBytes, int serverMaxConnections) {

    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    static final long DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000L;
    static final long DEFAULT_FRAME_TIMEOUT_MS = 30_000L;
    static final int DEFAULT_MAX_FRAME_BYTES = 10 << 20;
    static final int MAX_MAX_FRAME_BYTES = 1 << 30;

    /** camel-mllp closes an idle connection when a read times out: so often a silent connection is looked at. */
    int idleCheckMs() {
        return (int) Math.max(100, Math.min(15_000, idleTimeoutMs / 4));
    }
}
