package uk.carebridge.testkit.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.mllp.MllpFrames;

/** The listener over a real socket, with hand-written frames on the client side. */
class MllpListenerTest {

    private static final String ADT = "MSH|^~\\&|PAS|RXX01|CB|CB|20261124090000||ADT^A01|MSG-1|P|2.4\rPID|1||X\r";

    @Test
    void answersEachFrameOnAConnectionInTurn() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        try (MllpListener listener = MllpListener.open(0, "test-engine", MllpListener.Handler.text(er7 -> {
                    received.add(er7);
                    return "MSA|AA|" + MllpFrames.field(er7, "MSH", 10) + "\r";
                }));
                Socket client = connect(listener.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            // Noise before the first VT is skipped, as MLLP says.
            out.write('\n');
            out.write(MllpFrames.frame(ADT.getBytes(StandardCharsets.UTF_8)));
            assertThat(MllpFrames.read(in, StandardCharsets.UTF_8)).isEqualTo("MSA|AA|MSG-1\r");
            out.write(MllpFrames.frame(ADT.replace("MSG-1", "MSG-2").getBytes(StandardCharsets.UTF_8)));
            assertThat(MllpFrames.field(MllpFrames.read(in, StandardCharsets.UTF_8), "MSA", 2)).isEqualTo("MSG-2");
            assertThat(received).containsExactly(ADT, ADT.replace("MSG-1", "MSG-2"));
        }
    }

    @Test
    void handsOverTheBytesAsSent() throws IOException {
        byte[] latin1 = "MSH|^~\\&|PAS|RXX01|CB|CB|20261124||ADT^A01|M|P|2.4|||||GBR|8859/1\rPID|1||X||Brontë\r"
                .getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (MllpListener listener = MllpListener.open(0, "test-engine", message -> {
                    received.add(message);
                    return "OK".getBytes(StandardCharsets.US_ASCII);
                });
                Socket client = connect(listener.port())) {
            client.getOutputStream().write(MllpFrames.frame(latin1));
            assertThat(MllpFrames.read(client.getInputStream(), StandardCharsets.US_ASCII)).isEqualTo("OK");
            assertThat(received).singleElement().isEqualTo(latin1);
        }
    }

    @Test
    void aNullAnswerSaysNothingAsAHungEngine() throws IOException {
        try (MllpListener listener = MllpListener.open(0, "test-engine", message -> null);
                Socket client = connect(listener.port())) {
            client.setSoTimeout(300);
            client.getOutputStream().write(MllpFrames.frame(ADT.getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closingDropsOpenConnectionsAndFreesThePortForAnotherListener() throws IOException {
        MllpListener listener = MllpListener.open(0, "test-engine", MllpListener.Handler.text(er7 -> "MSA|AA|x\r"));
        int port = listener.port();
        try (Socket client = connect(port)) {
            client.getOutputStream().write(MllpFrames.frame(ADT.getBytes(StandardCharsets.UTF_8)));
            MllpFrames.read(client.getInputStream(), StandardCharsets.UTF_8);
            listener.close();
            client.setSoTimeout(5000);
            assertThat(client.getInputStream().read()).as("the connection ends when the engine goes down").isEqualTo(-1);
        }
        try (MllpListener again = MllpListener.open(port, "test-engine", MllpListener.Handler.text(er7 -> "MSA|AA|y\r"));
                Socket client = connect(port)) {
            client.getOutputStream().write(MllpFrames.frame(ADT.getBytes(StandardCharsets.UTF_8)));
            assertThat(MllpFrames.read(client.getInputStream(), StandardCharsets.UTF_8)).isEqualTo("MSA|AA|y\r");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
