package uk.carebridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The assembled server run as an admin runs it ({@code bin/carebridge run}), in its own JVM. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServerProcess run(TestHome home, String logName) throws IOException {
        Path log = home.root.resolve(logName);
        ProcessBuilder pb = new ProcessBuilder(List.of(TestHome.distribution().resolve("bin/carebridge").toString(), "run"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CAREBRIDGE_HOME", home.root.toString());
        pb.environment().put("CAREBRIDGE_JAVA_OPTS", "-Xmx512m");
        ServerProcess server = new ServerProcess(pb.start(), log);
        await().atMost(Duration.ofSeconds(90)).until(() -> server.output().contains("CareBridge is running")
                || !server.process.isAlive());
        if (!server.process.isAlive()) {
            throw new AssertionError("server exited at start:\n" + server.output());
        }
        return server;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM, as systemd or docker stop sends; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the JVM dies at once, no shutdown hook runs (a power cut, an OOM killer). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("server did not die within 30 s of SIGKILL");
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
