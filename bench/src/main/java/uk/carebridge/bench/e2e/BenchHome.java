package uk.carebridge.bench.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.io.file.PathUtils;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The CareBridge home the end-to-end stage runs the server in: a copy of the checkout's demo config/ and routes/,
 * changed only where a benchmark on one machine must differ (listed in BENCHMARKS.md):
 * <ul>
 *   <li>free ports instead of 8080/2575, no broker TCP port, HTTP on 127.0.0.1 only;</li>
 *   <li>the council's notices go to the benchmark's HTTP receiver, which stands in for every council, so
 *       {@code knownPeopleOnly} is off (the benchmark's people are not registered with a council first);</li>
 *   <li>one partner the demo lacks, {@value #WARD}, receiving HL7 v2 over MLLP (the benchmark's MLLP listener),
 *       with one route: St Elsewhere's admissions to it;</li>
 *   <li>the care homes' inbox poll delay, the router's and deliveries' consumers, (for the backlog run) the
 *       council's delivery attempts and (if given) the journal's JDBC URL and the broker's store limit, from the
 *       command's options.</li>
 * </ul>
 * Everything else (routes, sharing rules, validation, broker limits, journal) is the demo's.
 */
final class BenchHome {

    static final String TRUST = "st-elsewhere-hospital";
    static final String CARE_HOME = "sunny-meadows-care-home";
    static final String NURSES = "northshire-community-nursing";
    static final String COUNCIL = "northshire-adult-social-care";
    static final String WARD = "bench-ward-system";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final Path root;
    final int httpPort;
    final int mllpPort;

    /** What the overlay needs from the command line. */
    record Settings(int routerConsumers, int deliveryConsumers, int csvPollMs, int councilPort, int wardPort,
                    int councilMaxAttempts, String journalUrl, int brokerStoreMb, int mllpConnections) {
    }

    private BenchHome(Path root, int httpPort, int mllpPort) {
        this.root = root;
        this.httpPort = httpPort;
        this.mllpPort = mllpPort;
    }

    /** The checkout (or installation) whose config/ and routes/ are the demo: $CAREBRIDGE_HOME, else the current folder. */
    static Path demoHome() {
        String home = System.getenv("CAREBRIDGE_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    static BenchHome create(Path root, Settings s) throws IOException {
        Path demo = demoHome();
        if (!Files.isRegularFile(demo.resolve("config/carebridge.yaml"))) {
            throw new IllegalStateException("no demo config at " + demo.resolve("config")
                    + ": run ./carebridge bench from the checkout (it sets CAREBRIDGE_HOME)");
        }
        if (Files.exists(root)) {
            PathUtils.deleteDirectory(root);
        }
        Files.createDirectories(root);
        PathUtils.copyDirectory(demo.resolve("config"), root.resolve("config"));
        PathUtils.copyDirectory(demo.resolve("routes"), root.resolve("routes"));
        BenchHome home = new BenchHome(root, freePort(), freePort());

        Map<String, Object> server = home.read("config/carebridge.yaml");
        section(server, "broker").put("port", 0);
        if (s.brokerStoreMb() > 0) {
            section(server, "broker").put("storeLimitMb", s.brokerStoreMb());
        }
        section(server, "http").put("host", "127.0.0.1");
        section(server, "http").put("port", home.httpPort);
        section(server, "router").put("consumers", s.routerConsumers());
        section(server, "delivery").put("consumers", s.deliveryConsumers());
        if (s.journalUrl() != null && !s.journalUrl().isBlank()) {
            section(server, "journal").put("url", s.journalUrl());
        }
        server.put("reload", false); // the benchmark changes nothing while it runs; no 500 ms timer in the profile
        home.write("config/carebridge.yaml", server);

        Map<String, Object> trust = home.read("config/partners/" + TRUST + ".yaml");
        section(trust, "settings").put("mllpPort", home.mllpPort);
        // Every connection of the PAS comes from 127.0.0.1: the limits must let the largest pool in.
        int pool = Math.max(64, s.mllpConnections());
        section(trust, "settings").put("maxConnections", pool);
        section(trust, "settings").put("maxConnectionsPerAddress", pool);
        home.write("config/partners/" + TRUST + ".yaml", trust);

        Map<String, Object> council = home.read("config/partners/" + COUNCIL + ".yaml");
        section(council, "settings").put("deliveryUrl", "http://127.0.0.1:" + s.councilPort() + "/carebridge/notices");
        section(council, "settings").put("knownPeopleOnly", false);
        if (s.councilMaxAttempts() > 0) {
            section(council, "delivery").put("maxAttempts", s.councilMaxAttempts());
            section(council, "delivery").put("maxDelayMs", 2000);
        }
        home.write("config/partners/" + COUNCIL + ".yaml", council);

        for (String careHome : new String[] {CARE_HOME, "oak-lodge-care-home"}) {
            Map<String, Object> partner = home.read("config/partners/" + careHome + ".yaml");
            section(partner, "settings").put("pollDelay", s.csvPollMs());
            home.write("config/partners/" + careHome + ".yaml", partner);
        }

        Files.writeString(root.resolve("config/partners/" + WARD + ".yaml"), """
                id: %s
                name: Benchmark ward system (HL7 v2 over MLLP; the demo has no such destination)
                odsCode: RXX09
                plugin: nhs-trust
                settings:
                  format: hl7v2
                  deliveryAddress: 127.0.0.1:%d
                """.formatted(WARD, s.wardPort()));
        Files.writeString(root.resolve("routes/bench-ward.yaml"), """
                routes:
                  - id: bench-admissions-to-ward
                    description: The benchmark's MLLP destination gets St Elsewhere's admissions.
                    from: %s
                    events: [admission]
                    to:
                      - partner: %s
                        resources: [Patient, Encounter, Organization, Location]
                """.formatted(TRUST, WARD));
        return home;
    }

    Path inbox(String partner) {
        return root.resolve("data/partners/" + partner + "/inbox");
    }

    Path outbox(String partner) {
        return root.resolve("data/partners/" + partner + "/outbox");
    }

    String fhirEndpoint() {
        return "http://127.0.0.1:" + httpPort + "/partners/" + TRUST + "/fhir/$process-message";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> yaml, String key) {
        return (Map<String, Object>) yaml.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String file) throws IOException {
        Map<String, Object> map = YAML.readValue(root.resolve(file).toFile(), LinkedHashMap.class);
        return map == null ? new LinkedHashMap<>() : map;
    }

    private void write(String file, Map<String, Object> yaml) throws IOException {
        YAML.writeValue(root.resolve(file).toFile(), yaml);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
