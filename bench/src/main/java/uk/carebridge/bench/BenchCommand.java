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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./carebridge bench}: generates the benchmark messages, runs each stage (warm-up, then --runs timed
 * runs per configuration), prints the table and writes bench-result.json. See BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "CareBridge benchmark: raw limits (HAPI FHIR JSON, persistent ActiveMQ two hops, HAPI validation).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--messages", description = "Messages per timed run (default ${DEFAULT-VALUE}).")
    int messages = 10_000;

    @Option(names = "--runs", description = "Timed runs per configuration; the median is reported (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--threads", description = "Threads for the CPU-bound stages, measured on 1 and on this many (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--out", defaultValue = "${sys:carebridge.bench.out:-bench/target/bench}",
            description = "Folder for bench-result.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--stages", split = ",", description = "Stages to run, of: fhir, broker, validation (default: all).")
    List<String> stages = List.of("fhir", "broker", "validation");

    @Option(names = "--people", description = "Distinct people (NHS numbers) among the messages (default ${DEFAULT-VALUE}).")
    int people = 10_000;

    @Option(names = "--seed", description = "Seed of the message generator (default ${DEFAULT-VALUE}).")
    long seed = 20261123L;

    @Option(names = "--warmup", description = "Warm-up messages before each timed configuration (default: --messages, at least 3,000, at most 20,000).")
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

    @Option(names = "--note", description = "Recorded with the results, e.g. 'machine busy: provisional'.")
    String note;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    int warmupMessages(int n) {
        return warmup >= 0 ? warmup : Math.max(3_000, Math.min(n, 20_000));
    }

    /** Every stage the benchmark knows, in the order they run (validation last: its validator keeps ~0.7 GB). */
    static List<BenchStage> stages() {
        return List.of(new FhirJsonStage(), new BrokerStage(), new ValidationStage());
        // Next (issue 7, part 2): an EndToEndStage feeding the real server through MLLP, HTTP and CSV drops.
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
