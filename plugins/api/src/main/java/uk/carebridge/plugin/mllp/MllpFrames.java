package uk.carebridge.plugin.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * MLLP framing (VT message FS CR) and reading a field of an ER7 message, for the simple clients around the server
 * (the {@code send-hl7} command), the nhs-trust listener's own frame bounds, and the test kit's partner engines. The server's own MLLP endpoints use camel-mllp; this is deliberately independent of it, so tests check
 * the wire and not the library.
 */
public final class MllpFrames {

    public static final int VT = 0x0b;
    public static final int FS = 0x1c;
    public static final int CR = 0x0d;


    private MllpFrames() {
    }

    /**
     * The whole frame in one array: written with one {@code write} on a TCP_NODELAY socket it goes in one
     * segment (several small writes make Nagle's algorithm wait for the peer's delayed ACK, ~40 ms).
     */
    public static byte[] frame(byte[] message) {
        byte[] frame = new byte[message.length + 3];
        frame[0] = VT;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[message.length + 1] = FS;
        frame[message.length + 2] = CR;
        return frame;
    }

    /** Reads up to the end of the next frame (bytes before VT are skipped); the message without the framing. */
    public static String read(InputStream in, Charset charset) throws IOException {
        return new String(readBytes(in), charset);
    }

    /** As {@link #read}, the message's bytes as sent (for a peer that must see the encoding on the wire). */
    public static byte[] readBytes(InputStream in) throws IOException {
        int b = in.read();
        while (b != VT) {
            if (b == -1) {
                throw new IOException("the connection closed before a frame started");
            }
            b = in.read();
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(512);
        while ((b = in.read()) != FS) {
            if (b == -1) {
                throw new IOException("the connection closed inside a frame");
            }
            frame.write(b);
        }
        in.read(); // the CR after FS
        return frame.toByteArray();
    }

    /**
     * One field of the first segment with this name, e.g. {@code field(ack, "MSA", 2)}; "" when the segment is
     * shorter, null when there is no such segment. MSH fields are numbered as in the standard (MSH-1 is the
     * field separator itself).
     */
    public static String field(String er7, String segmentName, int field) {
        for (String segment : er7.split("[\r\n]+")) {
            if (segment.startsWith(segmentName + "|")) {
                String[] fields = segment.split("\\|", -1);
                int index = segmentName.equals("MSH") ? field - 1 : field;
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }
}
