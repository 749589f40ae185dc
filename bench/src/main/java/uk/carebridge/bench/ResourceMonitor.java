package uk.carebridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Heap, RSS and CPU of this JVM. A daemon thread samples used heap (MemoryMXBean) and VmRSS every 20 ms;
 * a window ({@link #open}) also resets the heap pools' peak usage (the GC's own high-water marks, which see
 * peaks between samples). Process-wide peaks: {@link #heapPeakMiB()} and VmHWM ({@link #rssHighWaterMiB()}).
 */
public final class ResourceMonitor implements AutoCloseable {

    private static final double MIB = 1024.0 * 1024.0;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long windowHeapPeak;
    private volatile long windowRssPeak;
    private volatile long heapPeak;
    private volatile long windowLivePeak;
    private volatile long livePeak;

    public ResourceMonitor() {
        sampler = new Thread(this::sample, "bench-resource-sampler");
        sampler.setDaemon(true);
        listenToGc();
        sampler.start();
    }

    private void sample() {
        while (running) {
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = statusKb("VmRSS:") * 1024;
            synchronized (this) {
                windowHeapPeak = Math.max(windowHeapPeak, heap);
                windowRssPeak = Math.max(windowRssPeak, rss);
                heapPeak = Math.max(heapPeak, heap);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts a measurement window: peaks from now on. */
    public synchronized void open() {
        for (MemoryPoolMXBean pool : heapPools()) {
            pool.resetPeakUsage();
        }
        windowHeapPeak = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        windowRssPeak = statusKb("VmRSS:") * 1024;
        windowLivePeak = lastAfterGc;
    }

    /** Heap in use right after the most recent garbage collection (any kind), from the GC notifications. */
    private volatile long lastAfterGc;

    /**
     * After every collection (young ones included) the heap in use across all heap pools: close to the live data,
     * independent of how lazily the GC runs. Its peak is the figure to hold against a heap budget.
     */
    private void listenToGc() {
        java.util.Set<String> heapNames = new java.util.HashSet<>();
        heapPools().forEach(p -> heapNames.add(p.getName()));
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management.GarbageCollectionNotificationInfo
                            .from((javax.management.openmbean.CompositeData) notification.getUserData());
                    long used = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapNames.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    synchronized (ResourceMonitor.this) {
                        lastAfterGc = used;
                        windowLivePeak = Math.max(windowLivePeak, used);
                        livePeak = Math.max(livePeak, used);
                    }
                }, null, null);
            }
        }
    }

    /** The highest live heap (after GC) seen, MiB. */
    public synchronized double liveHeapPeakMiB() {
        return round(livePeak / MIB);
    }

    /** Peaks since {@link #open}: the larger of the sampled heap and the sum of the heap pools' peaks. */
    public synchronized Measurement.Memory closeWindow() {
        long pools = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            pools += pool.getPeakUsage().getUsed();
        }
        long heap = Math.max(windowHeapPeak, pools);
        heapPeak = Math.max(heapPeak, heap);
        long rss = Math.max(windowRssPeak, statusKb("VmRSS:") * 1024);
        long live = windowLivePeak;
        return new Measurement.Memory(round(heap / MIB), round(live / MIB), round(rss / MIB));
    }

    /** The highest heap seen in any window or sample, MiB. */
    public synchronized double heapPeakMiB() {
        return round(heapPeak / MIB);
    }

    /** The process's resident-set high-water mark (VmHWM), MiB; -1 where /proc is not there. */
    public double rssHighWaterMiB() {
        long kb = statusKb("VmHWM:");
        return kb < 0 ? -1 : round(kb / 1024.0);
    }

    /** CPU time of the whole process (every thread, broker and GC included), nanoseconds. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static long statusKb(String field) {
        return statusKb(STATUS, field);
    }

    /** A kB field of a /proc/&lt;pid&gt;/status file (VmRSS:, VmHWM:...); -1 where it cannot be read. */
    public static long statusKb(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
