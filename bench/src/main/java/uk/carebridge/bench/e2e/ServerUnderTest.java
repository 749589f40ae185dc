package uk.carebridge.bench.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.io.file.PathUtils;

import uk.carebridge.bench.Measurement;
import uk.carebridge.bench.ResourceMonitor;

/**
 * The real server, started as an admin starts it ({@code bin/carebridge run} of the assembled distribution) in
 * its own JVM on the {@link BenchHome}, so its CPU, heap and RSS are its own and not the load generator's.
 * CPU comes from /proc/&lt;pid&gt;/stat, RSS from /proc/&lt;pid&gt;/status (sampled every 20 ms), heap from the JVM's
 * own GC log ({@code -Xlog:gc}): heap in use before each collection (peak) and after it (live data). The broker
 * store's size on disk is sampled every second: its peak is what an admin sizes {@code broker.storeLimitMb} by.
 */
final class ServerUnderTest implements AutoCloseable {

    /** "24M->4M(512M)" in a unified-logging GC line: before, after, committed. */
    private static final Pattern GC_SIZES = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Process process;
    private final Path log;
    private final Path gcLog;
    private final Thread sampler;
    private volatile boolean sampling = true;
    private volatile long windowRssPeakKb;
    private final Path brokerStore;
    private volatile long windowBrokerPeakBytes;
    private long gcLogOffset;

    private ServerUnderTest(Process process, Path log, Path gcLog, Path brokerStore) {
        this.process = process;
        this.brokerStore = brokerStore;
        this.log = log;
        this.gcLog = gcLog;
        this.sampler = new Thread(this::sample, "bench-server-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The assembled distribution: $CAREBRIDGE_HOME/distribution/target/carebridge (built by ./carebridge bench). */
    static Path distribution() {
        String dist = System.getProperty("carebridge.bench.dist");
        Path path = dist != null ? Path.of(dist) : BenchHome.demoHome().resolve("distribution/target/carebridge");
        if (!Files.isRegularFile(path.resolve("bin/carebridge"))) {
            throw new IllegalStateException("no assembled server at " + path
                    + ": build it with mvn -Pbench -DskipTests install (./carebridge bench does)");
        }
        return path;
    }

    static ServerUnderTest start(BenchHome home, String heap, String extraJavaOpts) throws IOException, InterruptedException {
        Path log = home.root.resolve("server.log");
        Path gcLog = home.root.resolve("server-gc.log");
        Files.deleteIfExists(gcLog);
        ProcessBuilder pb = new ProcessBuilder(distribution().resolve("bin/carebridge").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CAREBRIDGE_HOME", home.root.toString());
        pb.environment().put("CAREBRIDGE_JAVA_OPTS", ("-Xmx" + heap + " -Xlog:gc:file=" + gcLog + ":uptime "
                + (extraJavaOpts == null ? "" : extraJavaOpts)).trim());
        ServerUnderTest server = new ServerUnderTest(pb.start(), log, gcLog, home.root.resolve("data/broker"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!server.output().contains("CareBridge is running")) {
            if (!server.process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("the server did not start (see " + log + "):\n" + server.output());
            }
            Thread.sleep(100);
        }
        return server;
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU time (user + system) the server's JVM has used so far, every thread. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long statusKb(String key) {
        return ResourceMonitor.statusKb(Path.of("/proc/" + pid() + "/status"), key);
    }

    /** RSS every 20 ms; the broker store every 50th time (a walk of its folder). */
    private void sample() {
        for (long n = 0; sampling; n++) {
            long rss = statusKb("VmRSS:");
            long store = n % 50 == 0 ? brokerStoreBytes() : -1;
            synchronized (this) {
                windowRssPeakKb = Math.max(windowRssPeakKb, rss);
                if (store >= 0) {
                    windowBrokerPeakBytes = Math.max(windowBrokerPeakBytes, store);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** KahaDB's files now; 0 when a file went away during the walk (the broker frees journal files as it goes). */
    private long brokerStoreBytes() {
        try {
            return PathUtils.sizeOfDirectory(brokerStore);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Starts a measurement window: peaks from now on. */
    synchronized void open() {
        windowRssPeakKb = statusKb("VmRSS:");
        windowBrokerPeakBytes = brokerStoreBytes();
        gcLogOffset = gcLogLength();
    }

    /** Peaks since {@link #open}: heap before GCs, heap after GCs (live), RSS sampled. */
    synchronized Measurement.Memory closeWindow() {
        double heap = 0;
        double live = 0;
        for (String line : gcLinesSince(gcLogOffset)) {
            Matcher m = GC_SIZES.matcher(line);
            if (m.find()) {
                heap = Math.max(heap, mib(m.group(1), m.group(2)));
                live = Math.max(live, mib(m.group(3), m.group(4)));
            }
        }
        return new Measurement.Memory(heap, live, Math.round(windowRssPeakKb / 102.4) / 10.0);
    }

    /** The broker store's largest size on disk since {@link #open} (sampled every second). */
    synchronized double brokerStorePeakMiB() {
        return Math.round(windowBrokerPeakBytes / 1024.0 / 102.4) / 10.0;
    }

    /**
     * The heap the server holds right after a full collection, asked for now ({@code jcmd <pid> GC.run}): the data
     * it retains, garbage excluded. After runs of different sizes it shows whether the server keeps anything per
     * message, which heap peaks near the -Xmx ceiling cannot. -1 when the JDK has no jcmd or the GC log says nothing.
     */
    double retainedMiB() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        long offset = gcLogLength();
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(120, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            return -1;
        }
        for (int wait = 0; wait < 50; wait++) {
            for (String line : gcLinesSince(offset)) {
                Matcher m = GC_SIZES.matcher(line);
                if (line.contains("Pause Full") && m.find()) {
                    return mib(m.group(3), m.group(4));
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** VmHWM: the highest RSS the server's JVM ever had. */
    double rssHighWaterMiB() {
        return Math.round(statusKb("VmHWM:") / 102.4) / 10.0;
    }

    private long gcLogLength() {
        try {
            return Files.exists(gcLog) ? Files.size(gcLog) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private List<String> gcLinesSince(long offset) {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(gcLog.toFile(), "r")) {
            f.seek(Math.min(offset, f.length()));
            byte[] rest = new byte[(int) (f.length() - f.getFilePointer())];
            f.readFully(rest);
            lines.addAll(List.of(new String(rest, StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            // no GC yet
        }
        return lines;
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> Math.round(v / 102.4) / 10.0;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** SIGTERM, as an admin stops it; the log says whether it stopped cleanly. */
    @Override
    public void close() throws InterruptedException {
        sampling = false;
        sampler.interrupt();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
