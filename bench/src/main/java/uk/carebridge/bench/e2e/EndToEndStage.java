package uk.carebridge.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.io.file.PathUtils;

import uk.carebridge.bench.BenchCommand;
import uk.carebridge.bench.BenchContext;
import uk.carebridge.bench.BenchStage;
import uk.carebridge.bench.Measurement;
import uk.carebridge.bench.ResourceMonitor;
import uk.carebridge.bench.e2e.LoadGenerator.Fed;
import uk.carebridge.bench.e2e.Receivers.Deliveries;
import uk.carebridge.bench.e2e.Workload.Item;
import uk.carebridge.bench.e2e.Workload.Run;
import uk.carebridge.bench.e2e.Workload.Transport;

/**
 * End to end: the real server ({@link ServerUnderTest}: demo config, embedded persistent broker, its own JVM)
 * between real partners: the {@link LoadGenerator} sends through MLLP, HTTP and CSV drops; {@link Receivers}
 * take deliveries over HTTP, MLLP and outbox files. Every message goes through the server's whole path: the
 * plugin translates it to FHIR and checks it, the gateway persists it (broker hop 1) and acknowledges, the router
 * applies each route's sharing rules and sends a copy per destination (hop 2), the destination's plugin turns
 * the copy into what the partner takes and delivers it; every hop is journaled.
 *
 * <p>Measured: at saturation (messages/s from the first offer to the last delivery, median of the runs), at a
 * fixed offered load (latency from the offer to each delivery), optionally a cost curve over run sizes and a
 * backlog drain (the council down while a backlog builds, then up). Each run checks every accepted message
 * reached exactly its destinations.
 */
public final class EndToEndStage implements BenchStage {

    @Override
    public String id() {
        return "e2e";
    }

    @Override
    public List<Measurement> run(BenchContext ctx) throws Exception {
        BenchCommand o = ctx.options();
        List<Measurement> results = new ArrayList<>();
        Deliveries deliveries = new Deliveries();
        int councilPort = BenchHome.freePort();
        try (Receivers.HttpDestination council = new Receivers.HttpDestination(Workload.COUNCIL, councilPort, deliveries).up();
             Receivers.MllpDestination ward = new Receivers.MllpDestination(Workload.WARD, deliveries)) {
            BenchHome home = BenchHome.create(o.out.resolve("e2e-home"), new BenchHome.Settings(o.routerConsumers,
                    o.deliveryConsumers, o.csvPollMs, councilPort, ward.port(), o.backlog > 0 ? 1_000_000 : 0, o.journalUrl, o.brokerStoreMb,
                    o.mostMllpConnections()));
            try (Receivers.OutboxCollector outboxes = new Receivers.OutboxCollector(Map.of(
                         home.outbox(BenchHome.CARE_HOME), Workload.CARE_HOME_OUTBOX,
                         home.outbox(BenchHome.NURSES), Workload.NURSES_OUTBOX), deliveries);
                 ServerUnderTest server = ServerUnderTest.start(home, o.serverHeap, o.serverJavaOpts)) {
                ctx.log("e2e: server pid %d (-Xmx%s), home %s, HTTP %d, MLLP %d; log %s", server.pid(), o.serverHeap,
                        home.root, home.httpPort, home.mllpPort, server.log());
                Runner runner = new Runner(ctx, home, server, deliveries,
                        new LoadGenerator(home, o.mllpConnections, o.httpClients, o.csvFilesInInbox), o.mllpConnections,
                        "");

                runner.once("w", o.warmupMessages(o.messages), 0, o.csvRows); // JIT, broker and journal warm
                results.add(runner.saturation(o.messages, o.runs));
                for (int rate : o.e2eRates()) {
                    results.add(runner.fixedLoad(rate, o.e2ePacedSeconds));
                }
                for (int connections : o.mllpSweep()) {
                    // The same server and warm JVM; only the number of MLLP connections the PAS holds changes.
                    // Its own run tags: the same tag would mean the same control ids, which the server rightly takes
                    // for resends of the runs before (answered AA, routed nowhere).
                    Runner pool = new Runner(ctx, home, server, deliveries,
                            new LoadGenerator(home, connections, o.httpClients, o.csvFilesInInbox), connections,
                            "c" + connections + "-");
                    results.add(pool.saturation("saturation, " + connections + " MLLP connections", o.messages, o.runs));
                }
                for (int size : o.curve()) {
                    results.add(runner.curvePoint(size));
                }
                if (o.backlog > 0) {
                    results.add(runner.backlog(o.backlog, council));
                }
                if (!server.alive()) {
                    throw new IllegalStateException("the server died during the benchmark: see " + server.log());
                }
            }
        }
        return results;
    }

    /** One run's outcome. */
    record Outcome(int offered, int accepted, long wallNanos, long serverCpuNanos, long benchCpuNanos,
                   long[] latencies, Map<Transport, long[]> latencyByTransport, Map<Transport, long[]> acceptByTransport,
                   Map<String, Object> destinations, int missing, int duplicates, int unexpected, List<String> errors) {

        boolean complete() {
            return missing == 0 && errors.isEmpty() && accepted == offered;
        }

        double perSecond() {
            return accepted / (wallNanos / 1e9);
        }
    }

    private static final class Runner {
        private final BenchContext ctx;
        private final BenchHome home;
        private final ServerUnderTest server;
        private final Deliveries deliveries;
        private final LoadGenerator generator;
        private final BenchCommand o;
        /** The MLLP connections the generator holds. */
        private final int connections;
        /** Put before each run's tag, so that runs of two runners never share message ids. */
        private final String tagPrefix;

        Runner(BenchContext ctx, BenchHome home, ServerUnderTest server, Deliveries deliveries, LoadGenerator generator,
               int connections, String tagPrefix) {
            this.connections = connections;
            this.tagPrefix = tagPrefix;
            this.ctx = ctx;
            this.home = home;
            this.server = server;
            this.deliveries = deliveries;
            this.generator = generator;
            this.o = ctx.options();
        }

        Measurement saturation(int messages, int runs) throws Exception {
            return saturation("saturation", messages, runs);
        }

        Measurement saturation(String name, int messages, int runs) throws Exception {
            Measurement.Collector c = collector(name, messages);
            server.open();
            List<Outcome> outcomes = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                Outcome out = once("s" + r, messages, 0, o.csvRows);
                c.run(out.accepted(), out.wallNanos(), out.serverCpuNanos());
                outcomes.add(out);
            }
            return describe(c, outcomes, server.closeWindow());
        }

        Measurement fixedLoad(int rate, int seconds) throws Exception {
            int messages = rate * seconds;
            Measurement.Collector c = collector("offered " + rate + " msg/s", messages);
            c.setting("offeredPerSecond", rate);
            server.open();
            int csvRowsPerFile = Math.max(1, (int) Math.round(rate * share(Transport.CSV) / 10.0)); // a file per 100 ms
            Outcome out = once("f" + rate, messages, rate, csvRowsPerFile);
            c.run(out.accepted(), out.wallNanos(), out.serverCpuNanos());
            c.setting("csvRowsPerFile", csvRowsPerFile);
            return describe(c, List.of(out), server.closeWindow());
        }

        Measurement curvePoint(int size) throws Exception {
            Measurement.Collector c = collector("saturation, " + String.format("%,d", size) + " msgs", size);
            server.open();
            Outcome out = once("c" + size, size, 0, o.csvRows);
            c.run(out.accepted(), out.wallNanos(), out.serverCpuNanos());
            return describe(c, List.of(out), server.closeWindow());
        }

        /**
         * The council is down while {@code size} messages are sent (everything else keeps flowing); then it comes
         * back and its backlog drains. Reported: the drain rate (backlog / time from "up" to its last delivery)
         * and the server's memory over the whole episode.
         */
        Measurement backlog(int size, Receivers.HttpDestination council) throws Exception {
            Measurement.Collector c = collector("backlog " + String.format("%,d", size) + " drain", size);
            server.open();
            council.down();
            ctx.log("e2e backlog: council down; sending %,d messages", size);
            Run run = Workload.make(ctx, "k", size, o.mix(), o.csvRows);
            deliveries.clear();
            long cpu0 = server.cpuNanos();
            long bench0 = ResourceMonitor.processCpuNanos();
            Fed fed = generator.feed(run, 0);
            Map<String, Integer> expected = expected(run, fed);
            int backlog = expected.getOrDefault(Workload.COUNCIL, 0);
            Map<String, Integer> others = new LinkedHashMap<>(expected);
            others.remove(Workload.COUNCIL);
            awaitDeliveries(others, 120);
            long sentNanos = Receivers.now() - fed.firstOffered();
            ctx.log("e2e backlog: %,d accepted in %.1f s, other destinations done; council backlog %,d; council up",
                    count(fed, run), sentNanos / 1e9, backlog);
            long up = Receivers.now();
            council.up();
            awaitDeliveries(Map.of(Workload.COUNCIL, backlog), 300);
            long drain = Math.max(1, deliveries.lastArrival() - up);
            long cpu = server.cpuNanos() - cpu0;
            Outcome out = outcome(run, fed, drain, cpu, ResourceMonitor.processCpuNanos() - bench0);
            c.run(backlog, drain, cpu);
            c.setting("acceptedWhileDown", count(fed, run)).setting("acceptSeconds", Math.round(sentNanos / 1e8) / 10.0)
                    .setting("councilBacklog", backlog).setting("drainSeconds", Math.round(drain / 1e8) / 10.0);
            ctx.log("e2e backlog: %,d drained in %.1f s; the broker store peaked at %,.0f MiB on disk", backlog, drain / 1e9,
                    server.brokerStorePeakMiB());
            return describe(c, List.of(out), server.closeWindow());
        }

        /** After the run, once its deliveries are in: what a full collection leaves (the report's live counts any GC). */
        private double retained(Measurement.Collector c) throws IOException, InterruptedException {
            double retained = server.retainedMiB();
            ctx.log("e2e %s: the server holds %.1f MiB after a full collection", c.name(), retained);
            return retained;
        }

        private Measurement.Collector collector(String name, int messages) {
            return new Measurement.Collector("e2e", name, connections + o.httpClients + 1, messages)
                    .kind(Measurement.Kind.END_TO_END);
        }

        private double share(Transport t) {
            int[] mix = o.mix();
            return (double) mix[t.ordinal()] / (mix[0] + mix[1] + mix[2]);
        }

        /** Feeds one run, waits for its deliveries and tallies them. */
        Outcome once(String tag, int count, double rate, int csvRowsPerFile) throws Exception {
            Run run = Workload.make(ctx, tagPrefix + tag, count, o.mix(), csvRowsPerFile);
            deliveries.clear();
            long cpu0 = server.cpuNanos();
            long bench0 = ResourceMonitor.processCpuNanos();
            ctx.log("e2e run %s: %,d messages %s...", tagPrefix + tag, count, rate > 0 ? "at " + (int) rate + " msg/s" : "at saturation");
            Fed fed = generator.feed(run, rate);
            awaitDeliveries(expected(run, fed), 60);
            long wall = Math.max(1, deliveries.lastArrival() - fed.firstOffered());
            Outcome out = outcome(run, fed, wall, server.cpuNanos() - cpu0, ResourceMonitor.processCpuNanos() - bench0);
            ctx.log("e2e run %s: %,d accepted, %.0f msg/s, %,d deliveries, server CPU %.0f us/msg%s", tagPrefix + tag, out.accepted(),
                    out.perSecond(), deliveries.total(), out.serverCpuNanos() / 1e3 / Math.max(1, out.accepted()),
                    out.complete() ? "" : "  INCOMPLETE: missing " + out.missing() + ", errors " + out.errors());
            return out;
        }

        private static int count(Fed fed, Run run) {
            int n = 0;
            for (Item i : run.items()) {
                n += fed.accepted(i) ? 1 : 0;
            }
            return n;
        }

        private static Map<String, Integer> expected(Run run, Fed fed) {
            Map<String, Integer> expected = new TreeMap<>();
            for (Item item : run.items()) {
                if (fed.accepted(item)) {
                    item.destinations().forEach(d -> expected.merge(d, 1, Integer::sum));
                }
            }
            return expected;
        }

        /** Until every destination has (at least) what it should, or nothing new arrived for {@code patience} s. */
        private void awaitDeliveries(Map<String, Integer> expected, int patienceSeconds) throws InterruptedException {
            long lastTotal = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                boolean done = expected.entrySet().stream()
                        .allMatch(e -> deliveries.arrivals(e.getKey()).size() >= e.getValue());
                if (done) {
                    return;
                }
                long total = deliveries.total();
                if (total != lastTotal) {
                    lastTotal = total;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > patienceSeconds * 1_000_000_000L) {
                    ctx.log("e2e: no delivery for %d s; counting what arrived", patienceSeconds);
                    return;
                }
                Thread.sleep(10);
            }
        }

        private Outcome outcome(Run run, Fed fed, long wall, long serverCpu, long benchCpu) {
            LongList all = new LongList();
            Map<Transport, LongList> byTransport = new EnumMap<>(Transport.class);
            Map<Transport, LongList> acceptBy = new EnumMap<>(Transport.class);
            Map<String, int[]> perDestination = new TreeMap<>(); // expected, arrived
            int missing = 0;
            int accepted = 0;
            for (Item item : run.items()) {
                if (!fed.accepted(item)) {
                    continue;
                }
                accepted++;
                long offered = fed.offeredAt()[item.index()];
                acceptBy.computeIfAbsent(item.transport(), t -> new LongList()).add(fed.acceptedAt()[item.index()] - offered);
                for (String d : item.destinations()) {
                    int[] tally = perDestination.computeIfAbsent(d, k -> new int[2]);
                    tally[0]++;
                    Long at = deliveries.arrivals(d).get(item.messageId());
                    if (at == null) {
                        missing++;
                        continue;
                    }
                    tally[1]++;
                    long latency = Math.max(0, at - offered);
                    all.add(latency);
                    byTransport.computeIfAbsent(item.transport(), t -> new LongList()).add(latency);
                }
            }
            int duplicates = 0;
            int unexpected = 0;
            Map<String, Object> destinations = new LinkedHashMap<>();
            for (String d : Workload.DESTINATIONS) {
                int[] tally = perDestination.getOrDefault(d, new int[2]);
                int distinct = deliveries.arrivals(d).size();
                duplicates += (int) (deliveries.count(d) - distinct);
                unexpected += distinct - tally[1];
                destinations.put(d, Map.of("expected", tally[0], "delivered", tally[1],
                        "duplicates", deliveries.count(d) - distinct, "unexpected", distinct - tally[1]));
            }
            Map<Transport, long[]> lat = new EnumMap<>(Transport.class);
            byTransport.forEach((t, l) -> lat.put(t, l.toArray()));
            Map<Transport, long[]> acc = new EnumMap<>(Transport.class);
            acceptBy.forEach((t, l) -> acc.put(t, l.toArray()));
            return new Outcome(run.items().size(), accepted, wall, serverCpu, benchCpu, all.toArray(), lat, acc,
                    destinations, missing, duplicates, unexpected, fed.errors().stream().limit(5).toList());
        }

        /**
         * Latency over all the runs, per transport, the tallies of the last run, the settings. Called once the
         * window is closed ({@code memory}): it has the server make a full collection, which must not count in it.
         */
        private Measurement describe(Measurement.Collector c, List<Outcome> outcomes, Measurement.Memory memory)
                throws IOException, InterruptedException {
            Outcome last = outcomes.get(outcomes.size() - 1);
            LongList all = new LongList();
            Map<Transport, LongList> by = new EnumMap<>(Transport.class);
            Map<Transport, LongList> acc = new EnumMap<>(Transport.class);
            long benchCpu = 0;
            long accepted = 0;
            for (Outcome out : outcomes) {
                all.addAll(out.latencies());
                out.latencyByTransport().forEach((t, l) -> by.computeIfAbsent(t, k -> new LongList()).addAll(l));
                out.acceptByTransport().forEach((t, l) -> acc.computeIfAbsent(t, k -> new LongList()).addAll(l));
                benchCpu += out.benchCpuNanos();
                accepted += out.accepted();
            }
            c.latency(Measurement.Latency.ofNanos(all.toArray())).memory(memory);
            Map<String, Object> perTransport = new LinkedHashMap<>();
            by.forEach((t, l) -> {
                Measurement.Latency d = Measurement.Latency.ofNanos(l.toArray());
                Measurement.Latency a = Measurement.Latency.ofNanos(acc.get(t).toArray());
                perTransport.put(t.name(), Map.of("deliveryP50", d.p50(), "deliveryP99", d.p99(), "deliveryMax", d.max(),
                        "acceptP50", a.p50(), "acceptP99", a.p99()));
            });
            c.setting("latencyMsByTransport", perTransport)
                    .setting("mix", "MLLP " + o.mix()[0] + "% / HTTP " + o.mix()[1] + "% / CSV " + o.mix()[2] + "%")
                    .setting("deliveriesPerMessage", Math.round(last.latencies().length * 100.0 / Math.max(1, last.accepted())) / 100.0)
                    .setting("destinationsLastRun", last.destinations())
                    .setting("complete", outcomes.stream().allMatch(Outcome::complete))
                    .setting("missing", outcomes.stream().mapToInt(Outcome::missing).sum())
                    .setting("duplicates", outcomes.stream().mapToInt(Outcome::duplicates).sum())
                    .setting("benchCpuMicrosPerMessage", Math.round(benchCpu / 1e2 / Math.max(1, accepted)) / 10.0)
                    .setting("server", "-Xmx" + o.serverHeap + ", router consumers " + o.routerConsumers
                            + ", delivery consumers " + o.deliveryConsumers + ", CSV poll " + o.csvPollMs + " ms")
                    .setting("senders", connections + " MLLP connections, " + o.httpClients + " HTTP clients, 1 CSV dropper")
                    .setting("serverRssHighWaterMiB", server.rssHighWaterMiB())
                    .setting("retainedAfterRunMiB", retained(c))
                    .setting("diskMiB", Map.of("journal", mib(home.root.resolve("data/journal")),
                            "broker", mib(home.root.resolve("data/broker")), "brokerPeak", server.brokerStorePeakMiB()));
            List<String> errors = outcomes.stream().flatMap(x -> x.errors().stream()).limit(5).toList();
            if (!errors.isEmpty()) {
                c.setting("errors", errors);
            }
            return c.done();
        }
    }

    /** Disk used under a folder now (the journal and the broker store grow with what the server has seen). */
    private static double mib(Path folder) {
        try {
            return Math.round(PathUtils.sizeOfDirectory(folder) / 1024.0 / 102.4) / 10.0;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** A growable long[] (latencies of a million deliveries without boxing). */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(long[] vs) {
            for (long v : vs) {
                add(v);
            }
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
