package uk.carebridge.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external ActiveMQ Classic broker in its own JVM ({@link StandaloneBroker}), started from the jars of the
 * assembled distribution's lib folder (the same activemq-broker and KahaDB the embedded broker uses) plus the test
 * classes. Persistent: its data folder survives {@link #kill()}, so {@link #start} on the same folder and port
 * brings the same messages back.
 */
final class ExternalBroker implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int port;

    private ExternalBroker(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static ExternalBroker start(Path dataDir, int port, Path log) throws IOException {
        Files.createDirectories(dataDir);
        String testClasses;
        try {
            testClasses = Path.of(StandaloneBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = TestHome.distribution().resolve("lib") + "/*" + java.io.File.pathSeparator + testClasses;
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-cp", classpath,
                StandaloneBroker.class.getName(), dataDir.toString(), Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        ExternalBroker broker = new ExternalBroker(pb.start(), log, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.output().contains(StandaloneBroker.READY)
                || !broker.process.isAlive());
        if (!broker.process.isAlive()) {
            throw new AssertionError("broker exited at start:\n" + broker.output());
        }
        return broker;
    }

    /** The URL a CareBridge instance puts in {@code broker.url}. */
    String failoverUrl() {
        return "failover:(tcp://127.0.0.1:" + port + ")?initialReconnectDelay=100&maxReconnectDelay=2000"
                + "&maxReconnectAttempts=60";
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: the broker's JVM dies at once; KahaDB recovers from its journal on the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("broker did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
