package uk.carebridge.plugins.nhstrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static uk.carebridge.plugins.nhstrust.Er7Fields.field;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;

import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.testkit.Hl7Corpus;
import uk.carebridge.testkit.Ports;
import uk.carebridge.testkit.RecordingGateway;

/**
 * The trust's MLLP door at its limits, over real sockets to the listener in a real Camel context: many connections at
 * once, refusals at each limit (and that a refused sender handed over nothing), idle connections freed, frames bounded
 * in time and size, and no message content in any log line. Timeouts are short so the suite stays quick.
 */
class MllpConnectionLimitsTest {

    private static final String PARTNER = TrustPartner.PARTNER_ID;

    private final RecordingGateway gateway = new RecordingGateway();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<Socket> sockets = new ArrayList<>();
    private CamelContext camel;
    private uk.carebridge.testkit.TestPartnerContext partner;
    private int port;

    @BeforeEach
    void captureLog() {
        log.start();
        root.addAppender(log);
        // The WARNs this test looks for, and anything camel-mllp says at INFO or above.
        ((Logger) LoggerFactory.getLogger("org.apache.camel.component.mllp")).setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        ((Logger) LoggerFactory.getLogger("org.apache.camel.component.mllp")).setLevel(null);
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        if (camel != null) {
            camel.stop();
        }
    }

    private void start(Map<String, String> limits) throws Exception {
        port = Ports.free();
        Map<String, String> settings = new HashMap<>(Map.of("mllpPort", String.valueOf(port), "mllpHost", "0.0.0.0"));
        settings.putAll(limits);
        camel = new DefaultCamelContext();
        partner = TrustPartner.of(gateway, settings);
        camel.addRoutes(new NhsTrustPlugin().receiver(partner));
        camel.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> MllpConnectionGate.of(PARTNER).isPresent());
    }

    /** The same at 100 connections of 20 messages each, on the real server: MllpConnectionsIT. */
    @Test
    void oneConnectionOverMaxConnectionsIsRefusedAtOnceHavingHandedOverNothingAndTheOthersAreUnaffected()
            throws Exception {
        start(Map.of("maxConnections", "3"));
        for (int i = 0; i < 3; i++) {
            Socket s = connect("127.0.0.1");
            sockets.add(s);
            assertThat(field(exchange(s, message(i, 0)), "MSA", 1)).isEqualTo("AA");
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Socket extra = connect("127.0.0.1")) {
                exchange(extra, TrustSamples.adtA01("REFUSED-4"));
            }
        }).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).as("refused at once (ms)").isLessThan(2000);
        for (int i = 0; i < 3; i++) {
            assertThat(field(exchange(sockets.get(i), message(i, 1)), "MSA", 1)).isEqualTo("AA");
        }
        assertThat(gateway.records()).extracting(InboundRecord::sourceKey).hasSize(6).doesNotContain("REFUSED-4");
        assertThat(warnings("refused")).singleElement().asString()
                .contains("partner " + PARTNER, "127.0.0.1", "maxConnections 3 reached", "3 of 3 open",
                        "1 refused since start")
                .doesNotContain("REFUSED-4", "MSH");
        MllpConnectionGate gate = MllpConnectionGate.of(PARTNER).orElseThrow();
        assertThat(gate.refusedConnections()).isEqualTo(1);
        assertThat(gate.openConnections()).isEqualTo(3);
        // What an on-call analyst sees: the meters, and the partner's figures in /health.
        assertThat(partner.metrics().get(MllpConnectionGate.REFUSED_METER).tag("partner", PARTNER)
                .tag("limit", "partner").counter().count()).isEqualTo(1.0);
        assertThat(partner.metrics().get(MllpConnectionGate.REFUSED_METER).tag("limit", "address").counter().count())
                .isZero();
        assertThat(partner.metrics().get(MllpConnectionGate.OPEN_METER).tag("partner", PARTNER).gauge().value())
                .isEqualTo(3.0);
        assertThat(partner.status("mllp")).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("openConnections", 3).containsEntry("maxConnections", 3)
                .containsEntry("maxConnectionsPerAddress", 3).containsEntry("refusedConnections", 1L);
        // A stopped listener leaves no gauge holding it; its refusals stay counted.
        camel.stop();
        assertThat(partner.metrics().find(MllpConnectionGate.OPEN_METER).gauge()).isNull();
        assertThat(partner.metrics().get(MllpConnectionGate.REFUSED_METER).tag("limit", "partner").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void withTheDefaultsSixtyFourIdleConnectionsAreClosedAfterTheIdleTimeoutAndNewSendersAreServed() throws Exception {
        start(Map.of("idleTimeout", "1s"));
        // 16 from each of four addresses: the default 16 per address, 64 in all.
        for (int i = 0; i < 64; i++) {
            sockets.add(connect("127.0.0." + (1 + i / 16)));
        }
        MllpConnectionGate gate = MllpConnectionGate.of(PARTNER).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.openConnections() == 64);
        assertThatThrownBy(() -> {
            try (Socket extra = connect("127.0.0.5")) {
                exchange(extra, TrustSamples.adtA01("IDLE-REFUSED"));
            }
        }).isInstanceOf(IOException.class);
        long started = System.nanoTime();
        for (Socket idle : sockets) {
            assertThat(closedByServer(idle, 5000)).as("idle connection closed").isTrue();
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).as("closed within the idle timeout plus a check (ms)").isLessThan(4000);
        try (Socket fresh = connect("127.0.0.1")) {
            assertThat(field(exchange(fresh, TrustSamples.adtA01("AFTER-IDLE")), "MSA", 1)).isEqualTo("AA");
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("AFTER-IDLE");
    }

    @Test
    void theSeventeenthConnectionFromOneAddressIsRefusedAndAnotherAddressIsServed() throws Exception {
        start(Map.of());
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                Socket s = connect("127.0.0.1");
                sockets.add(s);
                answers.add(field(exchange(s, TrustSamples.adtA01("ADDR-" + i)), "MSA", 1));
            } catch (IOException e) {
                answers.add("refused");
            }
        }
        assertThat(answers.subList(0, 16)).containsOnly("AA");
        assertThat(answers.subList(16, 20)).containsOnly("refused");
        try (Socket other = connect("127.0.0.2")) {
            assertThat(field(exchange(other, TrustSamples.adtA01("OTHER-ADDRESS")), "MSA", 1)).isEqualTo("AA");
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).hasSize(17).contains("OTHER-ADDRESS")
                .doesNotContain("ADDR-16", "ADDR-17", "ADDR-18", "ADDR-19");
        assertThat(warnings("refused")).hasSize(4).first().asString()
                .contains("maxConnectionsPerAddress 16 reached", "16 from that address");
        assertThat(partner.metrics().get(MllpConnectionGate.REFUSED_METER).tag("limit", "address").counter().count())
                .isEqualTo(4.0);
    }

    @Test
    void aStalledFrameIsClosedAfterTheFrameTimeoutAndOtherSendersAreUnaffected() throws Exception {
        start(Map.of("frameTimeout", "500ms"));
        Socket stalled = connect("127.0.0.1");
        sockets.add(stalled);
        byte[] half = TrustSamples.adtA01("STALLED").substring(0, 60).getBytes(StandardCharsets.UTF_8);
        stalled.getOutputStream().write(MllpFrames.VT);
        stalled.getOutputStream().write(half);
        stalled.getOutputStream().flush();
        try (Socket other = connect("127.0.0.1")) {
            assertThat(field(exchange(other, TrustSamples.adtA01("MEANWHILE")), "MSA", 1)).isEqualTo("AA");
            long started = System.nanoTime();
            assertThat(closedByServer(stalled, 3000)).isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2500);
            assertThat(field(exchange(other, TrustSamples.adtA01("AFTER")), "MSA", 1)).isEqualTo("AA");
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("MEANWHILE", "AFTER");
        assertThat(warnings("frameTimeout")).singleElement().asString().contains("not complete within frameTimeout 500");
    }

    @Test
    void aFrameOverMaxFrameBytesGetsArAndTheConnectionIsClosed() throws Exception {
        start(Map.of("maxFrameBytes", "64KiB"));
        try (Socket big = connect("127.0.0.1")) {
            String header = TrustSamples.adtA01("TOO-BIG");
            Future<?> writing = Executors.newSingleThreadExecutor().submit(() -> send(big, header, 4 << 20));
            String ack = MllpFrames.read(big.getInputStream(), StandardCharsets.UTF_8);
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "MSA", 2)).isEqualTo("TOO-BIG");
            assertThat(field(ack, "MSA", 3)).contains("longer than 65536 bytes (maxFrameBytes)");
            writing.get(10, TimeUnit.SECONDS);
            assertThat(closedByServer(big, 3000)).isTrue();
        }
        assertThat(gateway.records()).isEmpty();
        assertThat(warnings("maxFrameBytes")).singleElement().asString().contains("answered AR");
    }

    /**
     * Five senders stream 100 MB frames at once (the default limit, 10 MiB): each gets its AR, another sender's
     * message is answered meanwhile, and the heap in use stays within 200 MiB of where it was (were the frames held,
     * 500 MB). The figures are printed.
     */
    @Test
    void heapStaysBoundedWhileFiveSendersStreamOversizedFrames() throws Exception {
        start(Map.of());
        int senders = 5;
        long frameBytes = 100L << 20;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long baseline = rt.totalMemory() - rt.freeMemory();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(senders * 2);
        long started = System.nanoTime();
        try {
            List<Future<String>> acks = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                String header = TrustSamples.adtA01("HUGE-" + i);
                acks.add(pool.submit(() -> {
                    try (Socket s = connect("127.0.0.1")) {
                        s.setSoTimeout(60_000);
                        Future<?> writing = pool.submit(() -> send(s, header, frameBytes));
                        String ack = MllpFrames.read(s.getInputStream(), StandardCharsets.UTF_8);
                        writing.get(60, TimeUnit.SECONDS);
                        return ack;
                    }
                }));
            }
            long ackStarted = System.nanoTime();
            try (Socket small = connect("127.0.0.1")) {
                assertThat(field(exchange(small, TrustSamples.adtA01("SMALL")), "MSA", 1)).isEqualTo("AA");
            }
            long smallAckMs = (System.nanoTime() - ackStarted) / 1_000_000;
            for (Future<String> ack : acks) {
                assertThat(field(ack.get(90, TimeUnit.SECONDS), "MSA", 1)).isEqualTo("AR");
            }
            long grownMiB = (peak.get() - baseline) >> 20;
            System.out.printf("five parallel %d MB frames: heap in use grew by at most %d MiB (baseline %d MiB), "
                            + "a small message's ACK took %d ms meanwhile, all refused within %d ms%n", frameBytes >> 20,
                    grownMiB, baseline >> 20, smallAckMs, (System.nanoTime() - started) / 1_000_000);
            assertThat(grownMiB).as("heap growth (MiB)").isLessThan(200);
        } finally {
            sampling.set(false);
            sampler.join();
            pool.shutdownNow();
        }
        assertThat(gateway.messages()).extracting(InboundRecord::sourceKey).containsExactly("SMALL");
    }

    /**
     * camel-mllp's warnings about invalid frames, timeouts and out-of-band data quote the bytes received (logPhi,
     * default true); each is provoked here with a message carrying a name, an NHS number and a postcode, and no byte of
     * it may be in the log: not in a message, not in an exception.
     */
    @Test
    void noByteOfAMessageReachesTheLogWhateverTheSenderDoes() throws Exception {
        start(Map.of("frameTimeout", "400ms", "maxFrameBytes", "4KiB"));
        assertThat(camel.getComponent("mllp", MllpComponent.class).getLogPhi()).isFalse();
        String phi = TrustSamples.adtA01("PHI-1");
        byte[] message = phi.getBytes(StandardCharsets.UTF_8);
        // Out-of-band data before and after a frame.
        try (Socket s = connect("127.0.0.1")) {
            OutputStream out = s.getOutputStream();
            out.write(("LOVELACE 9990000034 " + phi).getBytes(StandardCharsets.UTF_8));
            out.write(MllpFrames.frame(message));
            out.write(("trailing " + phi).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(field(MllpFrames.read(s.getInputStream(), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        }
        // A frame cut off by the sender (an invalid frame), then one that stalls (the timeout).
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream().write(MllpFrames.VT);
            s.getOutputStream().write(message);
            s.getOutputStream().flush();
        }
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream().write(MllpFrames.VT);
            s.getOutputStream().write(message);
            s.getOutputStream().flush();
            assertThat(closedByServer(s, 3000)).isTrue();
        }
        // Only out-of-band bytes, no frame at all; then a frame over the limit.
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream().write(message);
            s.getOutputStream().flush();
            assertThat(closedByServer(s, 3000)).isTrue();
        }
        try (Socket s = connect("127.0.0.1")) {
            send(s, phi, 64 * 1024);
            assertThat(field(MllpFrames.read(s.getInputStream(), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AR");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> warnings("frameTimeout").size() >= 2);

        assertThat(warnings("outside an MLLP frame")).isNotEmpty();
        assertThat(warnings("closed by the sender inside a frame")).isNotEmpty();
        assertThat(warnings("maxFrameBytes")).isNotEmpty();
        List<String> lines = log.list.stream().map(MllpConnectionLimitsTest::everything).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain("LOVELACE", TrustSamples.NHS_NUMBER, "LS7 4AB", "PID|", "MSH|", "H400172"));
    }

    // --- helpers ---

    /** Person {@code person}'s {@code m}th message: control id P-person-m, a valid NHS number of its own. */
    private static String message(int person, int m) {
        return TrustSamples.adtA01(String.format("P-%03d-%02d", person, m), nhsNumber(person), "PERSON^" + person, "\r");
    }

    /** NHS numbers for people 0 to 999 (Modulus 11 valid, the NHS's 999 test range). */
    private static final List<String> NHS_NUMBERS = Hl7Corpus.testNhsNumbers(1000);

    private static String nhsNumber(int n) {
        return NHS_NUMBERS.get(n);
    }

    private Socket connect(String fromAddress) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static String exchange(Socket s, String er7) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(MllpFrames.frame(er7.getBytes(StandardCharsets.UTF_8)));
        out.flush();
        return MllpFrames.read(s.getInputStream(), StandardCharsets.UTF_8);
    }

    /** A frame: the message, then filler up to {@code total} bytes, then the end bytes (unless the server closes). */
    private static Void send(Socket s, String header, long total) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] filler = new byte[64 * 1024];
        java.util.Arrays.fill(filler, (byte) 'A');
        try {
            out.write(MllpFrames.VT);
            out.write(header.getBytes(StandardCharsets.UTF_8));
            out.write("NTE|1||".getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < total; sent += filler.length) {
                out.write(filler);
            }
            out.write(new byte[] {(byte) MllpFrames.FS, (byte) MllpFrames.CR});
            out.flush();
        } catch (IOException e) {
            // The server may close once it has answered: the sender stops writing.
        }
        return null;
    }

    /** True when the server closed (or reset) the connection within {@code ms}. */
    private static boolean closedByServer(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private List<String> warnings(String containing) {
        return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing)).toList();
    }

    /** A log event's text with its exceptions' messages. */
    private static String everything(ILoggingEvent e) {
        StringBuilder text = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

}
