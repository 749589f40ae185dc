package uk.carebridge.bench;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import picocli.CommandLine;
import uk.carebridge.bench.e2e.EndToEndStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./carebridge bench}: generates the benchmark messages, runs each stage (warm-up, then --runs timed
 * runs per configuration), prints the table and writes bench-result.json. See BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "CareBridge benchmark: raw limits (HAPI FHIR JSON, persistent ActiveMQ two hops, HAPI validation) and end to end (the real server between real partners over MLLP, HTTP and CSV drops). See BENCHMARKS.md.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--messages", description = "Messages per timed run (default ${DEFAULT-VALUE}).")
    public int messages = 10_000;

    @Option(names = "--runs", description = "Timed runs per configuration; the median is reported (default ${DEFAULT-VALUE}).")
    public int runs = 3;

    @Option(names = "--threads", description = "Threads for the CPU-bound stages, measured on 1 and on this many (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--out", defaultValue = "${sys:carebridge.bench.out:-bench/target/bench}",
            description = "Folder for bench-result.json (default ${DEFAULT-VALUE}).")
    public Path out;

    @Option(names = "--stages", split = ",", description = "Stages to run, of: fhir, broker, validation, e2e (default: all).")
    List<String> stages = List.of("fhir", "broker", "validation", "e2e");

    @Option(names = "--people", description = "Distinct people (NHS numbers) among the messages (default ${DEFAULT-VALUE}).")
    int people = 10_000;

    @Option(names = "--seed", description = "Seed of the message generator (default ${DEFAULT-VALUE}).")
    long seed = 20261123L;

    @Option(names = "--warmup", description = "Warm-up messages before each timed configuration (default: half of --messages, at least 3,000, at most 20,000).")
    int warmup = -1;

    @Option(names = "--validation-messages", description = "Messages per timed run of HAPI profile validation (slow; default ${DEFAULT-VALUE}).")
    int validationMessages = 200;

    @Option(names = "--validation-warmup", description = "Messages validated before timing profile validation (default ${DEFAULT-VALUE}).")
    int validationWarmup = 100;

    @Option(names = "--producers", description = "Broker stage: concurrent producers to queue A (default ${DEFAULT-VALUE}).")
    int producers = 4;

    @Option(names = "--forwarders", description = "Broker stage: concurrent consumers A -> B (default ${DEFAULT-VALUE}).")
    int forwarders = 4;

    @Option(names = "--consumers", description = "Broker stage: concurrent final consumers of B (default ${DEFAULT-VALUE}).")
    int consumers = 4;

    @Option(names = "--batch", description = "Broker stage: messages per transaction at most (default ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--sync-send", negatable = true, description = "Broker stage: every send waits for the broker, through the server's pooled factory (default ${DEFAULT-VALUE}, as the server; --no-sync-send: transacted sends one-way, only the commit synchronous).")
    boolean syncSend = true;

    @Option(names = "--groups", negatable = true, description = "Broker stage: set JMSXGroupID = NHS number, as the server does (default ${DEFAULT-VALUE}).")
    boolean groups = true;

    @Option(names = "--offered-rate", description = "Broker stage: also measure latency at this fixed offered load, msg/s; 0 = skip (default ${DEFAULT-VALUE}).")
    int offeredRate = 1000;

    @Option(names = "--paced-seconds", description = "Broker stage: length of a fixed-load run, seconds (default ${DEFAULT-VALUE}).")
    int pacedSeconds = 5;

    @Option(names = "--e2e-mix", split = ",", description = "End to end: shares of MLLP HL7 v2, HTTP FHIR and CSV rows, percent (default 40,30,30).")
    List<Integer> e2eMix = List.of(40, 30, 30);

    @Option(names = "--mllp-connections", description = "End to end: MLLP connections of the trust's PAS (default ${DEFAULT-VALUE}).")
    public int mllpConnections = 4;

    @Option(names = "--http-clients", description = "End to end: concurrent HTTP clients POSTing FHIR messages (default ${DEFAULT-VALUE}).")
    public int httpClients = 8;

    @Option(names = "--csv-rows", description = "End to end: rows per CSV file at saturation (default ${DEFAULT-VALUE}).")
    public int csvRows = 100;

    @Option(names = "--csv-files-in-inbox", description = "End to end: at saturation, CSV files waiting in the inbox at most (default ${DEFAULT-VALUE}).")
    public int csvFilesInInbox = 2;

    @Option(names = "--csv-poll-ms", description = "End to end: the care homes' inbox poll delay, ms (demo: 500; default ${DEFAULT-VALUE}).")
    public int csvPollMs = 100;

    @Option(names = "--e2e-rates", split = ",", description = "End to end: fixed offered loads to measure latency at, msg/s (default 200,1000; 0 = none).")
    List<Integer> e2eRates = List.of(200, 1000);

    @Option(names = "--e2e-paced-seconds", description = "End to end: length of each fixed-load run, seconds (default ${DEFAULT-VALUE}).")
    public int e2ePacedSeconds = 10;

    @Option(names = "--server-heap", description = "End to end: the server JVM's -Xmx (default ${DEFAULT-VALUE}).")
    public String serverHeap = "512m";

    @Option(names = "--server-java-opts", description = "End to end: more JVM options for the server, e.g. -XX:StartFlightRecording=filename=cb.jfr.")
    public String serverJavaOpts = "";

    @Option(names = "--router-consumers", description = "End to end: router consumers (carebridge.yaml router.consumers; demo 2, default ${DEFAULT-VALUE}).")
    public int routerConsumers = 4;

    @Option(names = "--delivery-consumers", description = "End to end: consumers per destination (carebridge.yaml delivery.consumers; demo 1, default ${DEFAULT-VALUE}).")
    public int deliveryConsumers = 4;

    @Option(names = "--journal-url", description = "End to end: the journal's JDBC URL instead of the demo's (H2 in the home, every commit written at once), e.g. to compare H2 settings or PostgreSQL.")
    public String journalUrl;

    @Option(names = "--broker-store-mb", description = "End to end: the embedded broker's store limit, MiB (carebridge.yaml broker.storeLimitMb; default: the demo's, at most 10 GiB). A backlog needs room: see BENCHMARKS.md.")
    public int brokerStoreMb = 0;

    @Option(names = "--mllp-sweep", split = ",", description = "End to end: also one saturation run with each of these "
            + "numbers of concurrent MLLP connections, e.g. 1,4,16,64 (with --e2e-mix 100,0,0: MLLP alone; BENCHMARKS.md).")
    List<Integer> mllpSweep = List.of();

    @Option(names = "--curve", split = ",", description = "End to end: also one saturation run at each of these sizes, e.g. 10000,100000 (the cost curve).")
    List<Integer> curve = List.of();

    @Option(names = "--long", description = "End to end: add 1,000,000 messages to the cost curve (takes long; see BENCHMARKS.md).")
    boolean longMode;

    @Option(names = "--backlog", description = "End to end: also build a backlog of this many messages with the council down, then drain it; 0 = skip (default ${DEFAULT-VALUE}).")
    public int backlog = 0;

    /** MLLP, HTTP, CSV shares. */
    public int[] mix() {
        if (e2eMix.size() != 3 || e2eMix.stream().anyMatch(v -> v < 0) || e2eMix.stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--e2e-mix takes three percentages, e.g. 40,30,30");
        }
        return e2eMix.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The fixed loads of the end-to-end stage. */
    public List<Integer> e2eRates() {
        return e2eRates.stream().filter(r -> r > 0).toList();
    }

    /** The MLLP connection counts of the connection sweep (none unless --mllp-sweep). */
    public List<Integer> mllpSweep() {
        return mllpSweep.stream().filter(n -> n > 0).toList();
    }

    /** The most MLLP connections any run opens: the trust's maxConnections must let them all in. */
    public int mostMllpConnections() {
        return Math.max(mllpConnections, mllpSweep().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /** The cost-curve sizes, with 1,000,000 in --long mode. */
    public List<Integer> curve() {
        List<Integer> sizes = new ArrayList<>(curve);
        if (longMode && !sizes.contains(1_000_000)) {
            sizes.add(1_000_000);
        }
        return sizes;
    }

    @Option(names = "--note", description = "Recorded with the results, e.g. 'machine busy: provisional'.")
    String note;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    public int warmupMessages(int n) {
        return warmup >= 0 ? warmup : Math.max(3_000, Math.min(n / 2, 20_000));
    }

    /** Every stage the benchmark knows, in the order they run (validation last: its validator keeps ~0.7 GB of this JVM). */
    static List<BenchStage> stages() {
        return List.of(new FhirJsonStage(), new BrokerStage(), new EndToEndStage(), new ValidationStage());
    }

    @Override
    public Integer call() throws Exception {
        long startWall = System.nanoTime();
        long startCpu = ResourceMonitor.processCpuNanos();
        try (ResourceMonitor monitor = new ResourceMonitor()) {
            System.err.printf("[bench] generating %,d messages for %,d people...%n", messages, people);
            FhirContext fhir = FhirContext.forR4();
            BenchMessages.Generated generated = BenchMessages.generate(messages, Math.min(people, Math.max(1, messages)), seed);
            IParser parser = fhir.newJsonParser();
            List<String> json = new ArrayList<>(messages);
            for (Bundle b : generated.messages()) {
                json.add(parser.encodeResourceToString(b));
            }
            IntSummaryStatistics sizes = json.stream().mapToInt(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .summaryStatistics();
            BenchContext ctx = new BenchContext(fhir, generated.messages(), json, generated.nhsNumbers(), this, monitor);

            Map<String, Object> header = new LinkedHashMap<>();
            header.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            header.put("machine", machine());
            Map<String, Object> msgs = new LinkedHashMap<>();
            msgs.put("count", messages);
            msgs.put("distinctPeople", generated.nhsNumbers().stream().distinct().count());
            msgs.put("jsonBytesMin", sizes.getMin());
            msgs.put("jsonBytesAvg", Math.round(sizes.getAverage()));
            msgs.put("jsonBytesMax", sizes.getMax());
            header.put("messages", msgs);
            header.put("options", Map.of("messages", messages, "runs", runs, "threads", threads, "stages", stages));
            if (note != null) {
                header.put("note", note);
            }

            List<Measurement> results = new ArrayList<>();
            for (BenchStage stage : stages()) {
                if (stages.contains(stage.id())) {
                    System.err.printf("[bench] stage %s...%n", stage.id());
                    results.addAll(stage.run(ctx));
                }
            }

            Map<String, Object> process = new LinkedHashMap<>();
            process.put("wallSeconds", Math.round((System.nanoTime() - startWall) / 1e8) / 10.0);
            process.put("cpuSeconds", Math.round((ResourceMonitor.processCpuNanos() - startCpu) / 1e8) / 10.0);
            process.put("heapPeakMiB", monitor.heapPeakMiB());
            process.put("liveHeapPeakMiB", monitor.liveHeapPeakMiB());
            process.put("rssHighWaterMiB", monitor.rssHighWaterMiB());
            process.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            Map<String, Object> report = Report.json(header, results, process);
            Report.write(out, report);
            System.out.print(Report.table(header, results, process));
            System.out.println("written: " + out.resolve("bench-result.json"));
        }
        return 0;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        try {
            m.put("host", InetAddress.getLocalHost().getHostName());
        } catch (Exception e) {
            m.put("host", "?");
        }
        return m;
    }
}
