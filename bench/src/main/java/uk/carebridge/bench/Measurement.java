package uk.carebridge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one configuration of one stage (e.g. "fhir / encode / 2 threads"): the throughput of every
 * timed run and their median, the CPU time the whole process spent per message, latencies where the stage
 * measures them, and the settings it ran with.
 */
public record Measurement(
        String stage,
        String name,
        Kind kind,
        int threads,
        int messagesPerRun,
        List<Double> runsPerSecond,
        double medianPerSecond,
        double cpuMicrosPerMessage,
        Latency latencyMs,
        Map<String, Object> settings,
        Memory memory) {

    public enum Kind { RAW_LIMIT, END_TO_END }

    /**
     * Peaks while this configuration ran: heap in use (sampled every 20 ms and the heap pools' own peaks; garbage
     * included, so it grows with -Xmx and GC laziness), live heap (heap in use right after collections: the data
     * really held) and resident set size (VmRSS, sampled).
     */
    public record Memory(double heapPeakMiB, double liveHeapPeakMiB, double rssPeakMiB) {
    }

    public record Latency(double p50, double p95, double p99, double max, int samples) {
        /** Percentiles of latencies in nanoseconds (sorted here), in milliseconds. */
        public static Latency ofNanos(long[] nanos) {
            if (nanos.length == 0) {
                return null;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latency(ms(pct(sorted, 50)), ms(pct(sorted, 95)), ms(pct(sorted, 99)),
                    ms(sorted[sorted.length - 1]), sorted.length);
        }

        private static long pct(long[] sorted, double p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }

    /** Builder-ish helper for stages: collect runs, then {@link #done}. */
    public static final class Collector {
        private final String stage;
        private final String name;
        private final int threads;
        private final int messages;
        private final List<Double> rates = new ArrayList<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private long cpuNanos;
        private long processed;
        private Latency latency;
        private Memory memory;
        private Kind kind = Kind.RAW_LIMIT;

        public Collector(String stage, String name, int threads, int messages) {
            this.stage = stage;
            this.name = name;
            this.threads = threads;
            this.messages = messages;
        }

        public String name() {
            return name;
        }

        public Collector run(long messagesDone, long wallNanos, long cpuNanosSpent) {
            rates.add(messagesDone / (wallNanos / 1e9));
            processed += messagesDone;
            cpuNanos += cpuNanosSpent;
            return this;
        }

        public Collector setting(String key, Object value) {
            settings.put(key, value);
            return this;
        }

        public Collector latency(Latency l) {
            this.latency = l;
            return this;
        }

        public Collector memory(Memory m) {
            this.memory = m;
            return this;
        }

        public Collector kind(Kind k) {
            this.kind = k;
            return this;
        }

        public Measurement done() {
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            List<Double> rounded = rates.stream().map(r -> Math.round(r * 10) / 10.0).toList();
            double cpu = processed == 0 ? 0 : Math.round(cpuNanos / 1_000.0 / processed * 10) / 10.0;
            return new Measurement(stage, name, kind, threads, messages, rounded, Math.round(median * 10) / 10.0, cpu,
                    latency, settings, memory);
        }
    }
}
