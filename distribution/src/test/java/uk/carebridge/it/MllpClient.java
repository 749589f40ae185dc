package uk.carebridge.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * A trust's engine, as far as MLLP goes: frames each HL7 v2 message (VT ... FS CR) on one TCP connection
 * and reads the ACK frame back. Deliberately independent of Camel and HAPI, so the tests check the
 * server's wire behaviour, not the library's.
 */
final class MllpClient implements AutoCloseable {

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
        out.write(MllpFrames.frame(er7));
        out.flush();
        return MllpFrames.read(socket.getInputStream(), StandardCharsets.UTF_8);
    }

    /** MSA-1 of an ACK: AA, AE, AR. */
    static String ackCode(String ack) {
        String code = MllpFrames.field(ack, "MSA", 1);
        if (code == null) {
            throw new AssertionError("no MSA segment in the answer: " + ack);
        }
        return code;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
