package uk.carebridge.plugins.nhstrust;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import uk.carebridge.plugin.mllp.MllpFrames;

/** A sending system's side of MLLP: one TCP connection, each message framed as VT message FS CR. */
final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final Charset charset;

    MllpClient(int port) throws IOException {
        this(port, StandardCharsets.UTF_8);
    }

    MllpClient(int port, Charset charset) throws IOException {
        this.charset = charset;
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
    }

    /** Sends one framed message and reads the framed answer. */
    String exchange(String message) throws IOException {
        send(message);
        return receive();
    }

    void send(String message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(MllpFrames.frame(message.getBytes(charset)));
        out.flush();
    }

    /** The next framed reply, without the framing bytes. */
    String receive() throws IOException {
        InputStream in = socket.getInputStream();
        int b = in.read();
        while (b != MllpFrames.VT) {
            if (b < 0) {
                throw new EOFException("connection closed before a reply");
            }
            b = in.read();
        }
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while ((b = in.read()) != MllpFrames.FS) {
            if (b < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            reply.write(b);
        }
        int end = in.read();
        if (end != MllpFrames.CR) {
            throw new IOException("reply frame ends with FS " + end + ", not FS CR");
        }
        return reply.toString(charset);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
