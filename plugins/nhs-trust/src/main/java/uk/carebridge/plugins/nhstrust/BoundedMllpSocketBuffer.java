package uk.carebridge.plugins.nhstrust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.util.Arrays;

import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpSocketException;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.plugins.nhstrust.inbound.Acks;
import uk.carebridge.plugins.nhstrust.inbound.AdtReading;

/**
 * camel-mllp's per-connection buffer, reading the socket itself so that a frame is bounded in size and in time
 * while it is read, which camel-mllp's own reading is not (its {@code maxBufferSize} ends a connection with an
 * {@code IllegalStateException} and no ACK; its {@code readTimeout} is between two reads, so a sender trickling a
 * byte now and then holds a connection for ever):
 * <ul>
 *   <li>a frame longer than {@code maxFrameBytes} is answered AR as soon as its length passes the limit, and the
 *       connection closed: no more of it is read, so at most {@code maxFrameBytes} of it is ever held;</li>
 *   <li>a frame not complete {@code frameTimeout} after its first byte closes the connection;</li>
 *   <li>bytes outside a frame (before the start byte; after the end byte, kept for the next frame when they start
 *       one) are never handed to camel-mllp, whose warnings about them would quote them.</li>
 * </ul>
 * Each of these is logged here as a WARN with the partner, the remote address and byte counts, never content. The
 * buffer is then left empty and a content-free exception thrown, so camel-mllp closes the connection quietly.
 * camel-mllp still does everything else: the idle timeout, the route call, the ACK.
 */
final class BoundedMllpSocketBuffer extends MllpSocketBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedMllpSocketBuffer.class);
    private static final int CHUNK = 64 * 1024;
    /** How much of a frame's start is kept to address the AR for an oversized frame (MSH-10 is in the MSH). */
    private static final int HEAD = 8 * 1024;

    private final String partnerId;
    private final MllpLimits limits;
    private final Charset charset;
    private final byte[] chunk = new byte[CHUNK];
    /** The frame being read, from its start byte: staged[0, stagedLength). */
    private byte[] staged;
    private int stagedLength;
    /** Bytes of the frame's message read so far; -1 before its start byte. */
    private int frameLength = -1;
    /** Bytes read past the end of the last frame: chunk[pendingFrom, pendingTo). */
    private int pendingFrom;
    private int pendingTo;

    BoundedMllpSocketBuffer(MllpEndpoint endpoint, String partnerId, MllpLimits limits, Charset charset) {
        super(endpoint);
        this.partnerId = partnerId;
        this.limits = limits;
        this.charset = charset;
    }

    @Override
    public synchronized void readFrom(Socket socket, int receiveTimeout, int readTimeout)
            throws MllpSocketException, SocketTimeoutException {
        if (socket == null || !socket.isConnected() || socket.isClosed()) {
            throw quiet(socket, "the connection is closed");
        }
        String remote = String.valueOf(socket.getRemoteSocketAddress());
        try {
            InputStream in = socket.getInputStream();
            long deadline = 0; // 0: nothing of a frame yet, so waiting is idleness
            long outside = 0;
            frameLength = -1; // -1: no start byte yet
            while (true) {
                if (pendingFrom == pendingTo) {
                    if (deadline == 0) {
                        // A timeout here is camel-mllp's idle check (the buffer is empty).
                        socket.setSoTimeout(receiveTimeout);
                        fill(in, socket, remote, 0);
                    } else {
                        long left = (deadline - System.nanoTime()) / 1_000_000L;
                        if (left <= 0) {
                            throw timedOut(socket, remote, Math.max(frameLength, 0) + outside);
                        }
                        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                        try {
                            fill(in, socket, remote, Math.max(frameLength, 0) + outside);
                        } catch (Closed e) {
                            throw e;
                        } catch (SocketTimeoutException e) {
                            throw timedOut(socket, remote, Math.max(frameLength, 0) + outside);
                        }
                    }
                }
                int from = pendingFrom;
                int to = pendingTo;
                pendingFrom = pendingTo = 0;
                if (frameLength < 0) {
                    int start = indexOf(chunk, from, to, (byte) MllpFrames.VT);
                    int junkEnd = start < 0 ? to : start;
                    outside += junkEnd - from - whitespace(chunk, from, junkEnd);
                    if (start < 0) {
                        if (outside > 0 && deadline == 0) {
                            deadline = System.nanoTime() + limits.frameTimeoutMs() * 1_000_000L;
                        }
                        continue;
                    }
                    if (deadline == 0) {
                        deadline = System.nanoTime() + limits.frameTimeoutMs() * 1_000_000L;
                    }
                    frameLength = 0;
                    stage(new byte[] {(byte) MllpFrames.VT}, 0, 1);
                    from = start + 1;
                }
                int end = indexOf(chunk, from, to, (byte) MllpFrames.FS);
                int payloadEnd = end < 0 ? to : end;
                if (frameLength + (long) (payloadEnd - from) > limits.maxFrameBytes()) {
                    int headRoom = Math.min(HEAD, limits.maxFrameBytes()) + 1 - stagedLength;
                    if (headRoom > 0) {
                        stage(chunk, from, from + Math.min(headRoom, payloadEnd - from));
                    }
                    throw tooLong(socket, in, remote, deadline, end >= 0);
                }
                frameLength += payloadEnd - from;
                if (end < 0) {
                    stage(chunk, from, to);
                    continue;
                }
                int last = end + 1 < to && chunk[end + 1] == MllpFrames.CR ? end + 2 : end + 1;
                stage(chunk, from, last);
                pendingFrom = last;
                pendingTo = to;
                // The whole frame to camel-mllp's buffer in one write: it grows by exactly what is asked each
                // time, so writing it a chunk at a time would copy the frame over and over.
                write(staged, 0, stagedLength);
                unstage();
                if (outside > 0) {
                    LOG.warn("partner {}: {} bytes outside an MLLP frame from {} ignored", partnerId, outside, remote);
                }
                return;
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw quiet(socket, "read failed: " + e.getClass().getSimpleName());
        }
    }

    /** bytes[from, to) onto the frame being read; grows by doubling, never past the frame limit. */
    private void stage(byte[] bytes, int from, int to) {
        int need = stagedLength + to - from;
        if (staged == null || need > staged.length) {
            int capacity = (int) Math.min(Math.max(need, Math.max(CHUNK, 2L * (staged == null ? 0 : staged.length))),
                    limits.maxFrameBytes() + 3L);
            staged = staged == null ? new byte[capacity] : Arrays.copyOf(staged, capacity);
        }
        System.arraycopy(bytes, from, staged, stagedLength, to - from);
        stagedLength = need;
    }

    /** A large frame's array is let go, so an idle connection holds no more than a chunk. */
    private void unstage() {
        stagedLength = 0;
        frameLength = -1;
        if (staged != null && staged.length > CHUNK) {
            staged = null;
        }
    }

    /** Reads the next bytes into the chunk; the end of the stream closes the connection. */
    private void fill(InputStream in, Socket socket, String remote, long frameSoFar) throws IOException {
        int n = in.read(chunk, 0, CHUNK);
        if (n < 0) {
            if (frameSoFar > 0 || !isEmpty()) {
                LOG.warn("partner {}: MLLP connection from {} closed by the sender inside a frame ({} bytes); nothing"
                        + " was taken from it", partnerId, remote, frameSoFar);
            }
            throw quiet(socket, "closed by the sender");
        }
        pendingFrom = 0;
        pendingTo = n;
    }

    private Closed tooLong(Socket socket, InputStream in, String remote, long deadline, boolean ended) {
        // The AR answers the frame's MSH (MSA-2 = its MSH-10), from the frame's first bytes.
        String head = new String(staged, 1, Math.min(HEAD, Math.max(stagedLength - 1, 0)), charset);
        LOG.warn("partner {}: MLLP frame from {} longer than maxFrameBytes {}: answered AR and the connection "
                + "closed, the rest of it not kept", partnerId, remote, limits.maxFrameBytes());
        String text = "message longer than " + limits.maxFrameBytes() + " bytes (maxFrameBytes): not accepted; "
                + "send it in smaller messages or ask the CareBridge administrator to raise the limit";
        String ack = Acks.ack(head, "AR",
                new AdtReading.Refused(null, "AR", null, null, "207", text));
        try {
            OutputStream out = socket.getOutputStream();
            out.write(MllpFrames.frame(ack.getBytes(charset)));
            out.flush();
            socket.shutdownOutput();
            // Closing while the sender still writes would reset the connection and could destroy the AR before the
            // sender reads it: the rest of the frame is read and dropped (nothing kept) until its end byte, the
            // sender's close or frameTimeout, whichever comes first.
            boolean done = ended;
            while (!done) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int n = in.read(chunk, 0, CHUNK);
                done = n < 0 || indexOf(chunk, 0, n, (byte) MllpFrames.FS) >= 0;
            }
            socket.close();
        } catch (IOException e) {
            LOG.debug("partner {}: the AR for an oversized frame could not be sent to {}", partnerId, remote);
        }
        return quiet(socket, "frame over maxFrameBytes");
    }

    private Closed timedOut(Socket socket, String remote, long bytes) {
        LOG.warn("partner {}: MLLP frame from {} not complete within frameTimeout {} ms ({} bytes received): the "
                + "connection is closed, nothing was taken from it", partnerId, remote, limits.frameTimeoutMs(), bytes);
        return quiet(socket, "frame not complete within frameTimeout");
    }

    /**
     * Empties the buffer and closes the connection. camel-mllp takes the timeout with an empty buffer for a quiet
     * connection: it logs nothing (a WARN with the buffer's content is what it logs for anything else), finds the
     * socket closed and ends the connection's thread.
     */
    private Closed quiet(Socket socket, String why) {
        reset();
        unstage();
        staged = null;
        pendingFrom = pendingTo = 0;
        if (socket != null) {
            MllpConnectionGate.reset(socket);
        }
        return new Closed("MLLP connection closed: " + why);
    }

    /** The connection was closed here: not a timeout camel-mllp should treat as idleness. No stack trace. */
    private static final class Closed extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        Closed(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** CR and LF between frames are a sender's habit, not noise worth a warning. */
    private static int whitespace(byte[] bytes, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\r' || bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

}
