package uk.carebridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The results: a small JSON file (bench-result.json in --out) and the table printed to stdout. */
final class Report {

    private Report() {
    }

    static Map<String, Object> json(Map<String, Object> header, List<Measurement> measurements,
            Map<String, Object> process) {
        Map<String, Object> root = new LinkedHashMap<>(header);
        root.put("measurements", measurements);
        root.put("process", process);
        root.put("endToEndVsRawLimit", endToEndRatio(measurements));
        return root;
    }

    /**
     * The raw-limit pipeline a validated message travels on the hot path: JSON encode + parse, two broker hops,
     * the basic checks. HAPI profile validation is on per route only (DESIGN.md), so it is not in the minimum;
     * an end-to-end configuration that turns it on should be compared with it separately.
     */
    static final List<String> PIPELINE = List.of("json encode+parse", "2 hops, saturation", "checkMessage (basic)");

    /**
     * End to end (at saturation) / min(raw limits): for each pipeline measure its best configuration (threads), then
     * the lowest of those. Null when the run had no end-to-end stage or no raw-limit stage.
     */
    static Map<String, Object> endToEndRatio(List<Measurement> ms) {
        Measurement e2e = ms.stream().filter(m -> m.kind() == Measurement.Kind.END_TO_END && m.name().equals("saturation"))
                .findFirst().orElse(null);
        if (e2e == null) {
            return null;
        }
        Measurement limit = PIPELINE.stream()
                .map(name -> ms.stream().filter(m -> m.kind() == Measurement.Kind.RAW_LIMIT && m.name().equals(name))
                        .max(java.util.Comparator.comparingDouble(Measurement::medianPerSecond)).orElse(null))
                .filter(java.util.Objects::nonNull)
                .min(java.util.Comparator.comparingDouble(Measurement::medianPerSecond)).orElse(null);
        if (limit == null) {
            return null;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("endToEnd", e2e.stage() + " / " + e2e.name());
        r.put("lowestRawLimit", limit.stage() + " / " + limit.name() + " (" + limit.threads() + " thr)");
        r.put("ratio", Math.round(e2e.medianPerSecond() / limit.medianPerSecond() * 1000) / 1000.0);
        return r;
    }

    static void write(Path out, Map<String, Object> json) throws Exception {
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("bench-result.json").toFile(), json);
    }

    static String table(Map<String, Object> header, List<Measurement> ms, Map<String, Object> process) {
        StringBuilder b = new StringBuilder();
        b.append("CareBridge benchmark  ").append(header.get("date")).append("  ").append(header.get("machine")).append('\n');
        b.append("messages: ").append(header.get("messages")).append('\n');
        if (header.get("note") != null) {
            b.append("note: ").append(header.get("note")).append('\n');
        }
        String fmt = "%-10s %-28s %4s %11s %9s %8s %8s %8s %8s %8s %8s %8s%n";
        String line = "-".repeat(131) + "\n";
        b.append(line);
        b.append(String.format(fmt, "stage", "measure", "thr", "msg/s med", "CPU us/m", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "heap MiB", "live MiB", "RSS MiB"));
        b.append(line);
        for (Measurement m : ms) {
            Measurement.Latency l = m.latencyMs();
            b.append(String.format(fmt, m.stage(), m.name(), m.threads(), String.format("%,.1f", m.medianPerSecond()),
                    String.format("%,.1f", m.cpuMicrosPerMessage()),
                    l == null ? "-" : fmt(l.p50()), l == null ? "-" : fmt(l.p95()),
                    l == null ? "-" : fmt(l.p99()), l == null ? "-" : fmt(l.max()),
                    m.memory() == null ? "-" : fmt(m.memory().heapPeakMiB()),
                    m.memory() == null ? "-" : fmt(m.memory().liveHeapPeakMiB()),
                    m.memory() == null ? "-" : fmt(m.memory().rssPeakMiB())));
        }
        b.append(line);
        b.append("msg/s: median of the runs (each run = 'messages per run' below); CPU us/m: whole-process CPU time per message\n");
        b.append("(all threads: broker, GC, JIT; for e2e the server's JVM only); broker 'thr' = producers + forwarders + consumers, e2e 'thr' =\n");
        b.append("sending connections; latency = send -> final commit (broker), offer -> delivery at the partner (e2e);\n");
        b.append("heap = peak heap in use (garbage included), live = peak heap right after a GC (the data held), RSS = peak resident set (sampled).\n");
        for (Measurement m : ms) {
            b.append(String.format("  %s / %s (%d thr): %d messages per run, runs %s msg/s%s%n", m.stage(), m.name(),
                    m.threads(), m.messagesPerRun(), m.runsPerSecond(),
                    m.settings().isEmpty() ? "" : "\n      settings " + m.settings()));
        }
        b.append("process: ").append(process).append('\n');
        Map<String, Object> ratio = endToEndRatio(ms);
        b.append("end to end / min(raw limits): ").append(ratio == null ? "n/a (needs the e2e stage and the raw-limit stages in the same run)" : ratio).append('\n');
        return b.toString();
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
    }
}
