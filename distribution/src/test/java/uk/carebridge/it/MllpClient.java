package uk.carebridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A trust's engine, as far as MLLP goes: frames each HL7 v2 message (VT ... FS CR) on one TCP connection
 * and reads the ACK frame back. Deliberately independent of Camel and HAPI, so the tests check the
 * server's wire behaviour, not the library's.
 */
final class MllpClient implements AutoCloseable {

    static final int VT = 0x0b;
    static final int FS = 0x1c;
    static final int CR = 0x0d;

    private final Socket socket;

    MllpClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true); // a frame per write: no Nagle wait for the peer's delayed ACK
    }

    /** Sends one message (as given: separators are not touched) and returns the ACK text. */
    String send(String er7) throws IOException {
        return send(er7.getBytes(StandardCharsets.UTF_8));
    }

    String send(byte[] er7) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] frame = new byte[er7.length + 3];
        frame[0] = VT;
        System.arraycopy(er7, 0, frame, 1, er7.length);
        frame[er7.length + 1] = FS;
        frame[er7.length + 2] = CR;
        out.write(frame);
        out.flush();
        return readFrame(socket.getInputStream());
    }

    static String readFrame(InputStream in) throws IOException {
        int b = in.read();
        while (b != VT) {
            if (b == -1) {
                throw new IOException("connection closed before a frame started");
            }
            b = in.read();
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while ((b = in.read()) != FS) {
            if (b == -1) {
                throw new IOException("connection closed inside a frame");
            }
            frame.write(b);
        }
        in.read(); // the CR after FS
        return frame.toString(StandardCharsets.UTF_8);
    }

    static void writeFrame(OutputStream out, String text) throws IOException {
        out.write(VT);
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(FS);
        out.write(CR);
        out.flush();
    }

    /** MSA-1 of an ACK: AA, AE, AR. */
    static String ackCode(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment.split("\\|", -1)[1];
            }
        }
        throw new AssertionError("no MSA segment in the answer: " + ack);
    }

    /** One field of the first segment with this name, e.g. field(ack, "MSA", 2). */
    static String field(String er7, String segmentName, int field) {
        for (String segment : er7.split("\r")) {
            if (segment.startsWith(segmentName + "|")) {
                String[] fields = segment.split("\\|", -1);
                // MSH-1 is the separator itself, so MSH fields are shifted by one.
                int index = segmentName.equals("MSH") ? field - 1 : field;
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
