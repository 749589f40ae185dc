package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * Crash test: the server in its own JVM ({@code bin/carebridge run}) on its embedded persistent broker, three
 * partners sending at once through the real sockets and folders (a trust: HL7 ADT over MLLP; a care home: CSV
 * observation files; a council: JSON people events over HTTP), three destinations (an HTTP receiver, an outbox
 * folder, a trust's MLLP listener), two consumers on the router and on each destination. The JVM is killed with
 * SIGKILL at random moments (seeded, printed) and started again on the same home while the senders keep going;
 * senders resend with the same id on a missing or negative answer, as real ones do.
 *
 * <p>Checked at the receivers after quiescence: every message acknowledged to its sender (HTTP 202, MLLP AA, CSV
 * file moved to done/) is delivered to each of its destinations; a duplicate carries the same CareBridge message id;
 * nothing is delivered that was not sent; each person's messages arrive in the order the sender sent them (after
 * dropping duplicates by message id; message groups with competing consumers).
 *
 * <p>Soak: {@code -Dcarebridge.crash.messages=100000 -Dcarebridge.crash.kills=20} (total messages, split over the three
 * senders; kills), {@code -Dcarebridge.crash.seed=...} repeats a run's kill offsets.
 */
class CrashIT {

    private static final String COUNCIL_KEY = System.getenv("CAREBRIDGE_IT_COUNCIL_KEY");
    private static final String COUNCIL = "northshire-asc";
    private static final int PEOPLE = 24;
    private static final int ROWS_PER_FILE = 20;

    /** Kept after the run (the journal and broker data are the evidence when something is lost). */
    private final Path root = Path.of("target/crash-it/home").toAbsolutePath();

    @Test
    void acknowledgedMessagesSurviveKillsInPerPersonOrder() throws Exception {
        assertThat(COUNCIL_KEY).as("CAREBRIDGE_IT_COUNCIL_KEY (set by failsafe)").isNotBlank();
        int total = Integer.getInteger("carebridge.crash.messages", 1500);
        int kills = Integer.getInteger("carebridge.crash.kills", 3);
        long seed = Long.getLong("carebridge.crash.seed", System.nanoTime());
        int perSender = Math.max(ROWS_PER_FILE, total / 3 / ROWS_PER_FILE * ROWS_PER_FILE);
        Random random = new Random(seed);
        System.out.printf("CrashIT: %d messages per sender (3 senders), %d kills, seed %d (-Dcarebridge.crash.seed=%d repeats the offsets)%n",
                perSender, kills, seed, seed);

        List<String> people = TwoInstancesIT.nhsNumbers(PEOPLE);
        if (Files.exists(root.getParent())) {
            PathUtils.deleteDirectory(root.getParent());
        }
        int httpPort = HttpReceiver.freePort();
        int mllpPort = HttpReceiver.freePort();
        String retry = "delivery:\n  consumers: 2\n  maxAttempts: 100000\n  initialDelayMs: 200\n  maxDelayMs: 1000\n";
        try (Deliveries.HttpRecorder gp = new Deliveries.HttpRecorder(0); Deliveries.MllpRecorder ward = new Deliveries.MllpRecorder()) {
            TestHome home = new TestHome(root)
                    .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\nrouter:\n  consumers: 2\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort), null)
                    .careHome("sunny-meadows", "VNE01", false)
                    .partner(COUNCIL, "odsCode: NSC01\nplugin: local-authority\nsettings:\n  apiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n")
                    .httpPartner("gp-surgery", "B86010", gp.url(), retry.substring("delivery:\n".length()))
                    .partner("care-records", "odsCode: RNX09\nplugin: care-provider\nsettings:\n  outbox: data/partners/care-records/outbox\n" + retry)
                    .trust("ward-system", "RXX02", "  format: hl7v2\n  deliveryAddress: 127.0.0.1:" + ward.port() + "\n", retry.substring("delivery:\n".length()))
                    .routes("""
                            routes:
                              - id: admissions
                                from: st-elsewhere
                                events: [admission]
                                to:
                                  - partner: gp-surgery
                                    resources: [Patient, Encounter, Organization, Location]
                                  - partner: care-records
                                    resources: [Patient, Encounter, Organization, Location]
                                  - partner: ward-system
                                    resources: [Patient, Encounter, Organization, Location]
                              - id: observations
                                from: sunny-meadows
                                events: [observation]
                                to:
                                  - partner: gp-surgery
                                    resources: [Patient, Observation, Organization]
                                  - partner: care-records
                                    resources: [Patient, Observation, Organization]
                              - id: council-people
                                from: northshire-asc
                                events: [person-update]
                                to:
                                  - partner: gp-surgery
                                    resources: [Patient]
                                  - partner: care-records
                                    resources: [Patient]
                            """);

            AtomicBoolean stop = new AtomicBoolean();
            Senders senders = new Senders(home, people, perSender, mllpPort, httpPort, stop);
            List<String> logs = new ArrayList<>();
            AtomicReference<ServerProcess> server = new AtomicReference<>(ServerProcess.run(home, "run-0.log"));
            logs.add("run-0.log");
            long started = System.nanoTime();
            List<Long> killedAt = new ArrayList<>();
            List<Thread> threads = senders.start();
            try {
                // The kills: at random points of the run (a random share of all messages acknowledged, plus a random
                // 0-1 s), seeded so a run can be repeated; each at least 2 s after the server came up.
                int all = perSender * 3;
                int[] killPoints = random.ints(kills, all / 20, all * 9 / 10).sorted().toArray();
                long upSince = System.nanoTime();
                for (int k = 1; k <= kills; k++) {
                    while (senders.accepted() < killPoints[k - 1] && threads.stream().anyMatch(Thread::isAlive)) {
                        Thread.sleep(20);
                    }
                    long extra = random.nextInt(1000);
                    Thread.sleep(Math.max(extra, 2000 - (System.nanoTime() - upSince) / 1_000_000));
                    long offset = (System.nanoTime() - upSince) / 1_000_000;
                    long t = (System.nanoTime() - started) / 1_000_000;
                    int acceptedNow = senders.accepted();
                    killedAt.add(System.nanoTime());
                    server.get().kill();
                    System.out.printf("CrashIT: kill %d at +%d ms (%d ms after start), %d accepted so far, %d delivered to gp-surgery%n",
                            k, t, offset, acceptedNow, gp.deliveries.size());
                    String log = "run-" + k + ".log";
                    logs.add(log);
                    long t0 = System.nanoTime();
                    server.set(ServerProcess.run(home, log));
                    upSince = System.nanoTime();
                    System.out.printf("CrashIT: restart %d took %d ms%n", k, (System.nanoTime() - t0) / 1_000_000);
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(5 + total / 2000).toNanos();
                for (Thread t : threads) {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
                stop.set(true);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                long sendingMs = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("CrashIT: senders done in %d ms: %s%n", sendingMs, senders);

                // Quiescence: every accepted message at every destination, or nothing new for 30 s.
                Set<String> acceptedKeys = senders.acceptedKeys;
                Path outbox = home.partnerFolder("care-records", "outbox");
                long lastProgress = System.nanoTime();
                int lastCount = -1;
                while (true) {
                    int outboxFiles = TestHome.files(outbox).size();
                    long hl7 = acceptedKeys.stream().filter(k -> k.startsWith("TRU")).count();
                    boolean complete = gp.keys.containsAll(acceptedKeys) && ward.keys.size() >= hl7
                            && outboxFiles >= acceptedKeys.size();
                    if (complete) {
                        break;
                    }
                    int count = gp.deliveries.size() + ward.deliveries.size() + outboxFiles;
                    if (count != lastCount) {
                        lastCount = count;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos()) {
                        System.out.println("CrashIT: no progress for 30 s, checking what arrived");
                        break;
                    }
                    Thread.sleep(250);
                }
                Thread.sleep(2000); // a late duplicate would show now
                long quietMs = (System.nanoTime() - started) / 1_000_000;
                int exit = server.get().terminate();
                System.out.printf("CrashIT: quiescent at +%d ms; server exit code after SIGTERM %d%n", quietMs, exit);

                // The tally, per destination.
                Set<String> sent = senders.sentKeys;
                Set<String> hl7Keys = new java.util.HashSet<>();
                acceptedKeys.stream().filter(k -> k.startsWith("TRU")).forEach(hl7Keys::add);
                List<Deliveries.Delivery> outboxDeliveries = Deliveries.outbox(outbox);
                List<Deliveries.Tally> tallies = List.of(
                        Deliveries.Tally.of("gp-surgery (HTTP)", acceptedKeys, sent, List.copyOf(gp.deliveries), true),
                        Deliveries.Tally.of("ward-system (MLLP)", hl7Keys, sent, List.copyOf(ward.deliveries), true),
                        Deliveries.Tally.of("care-records (outbox, order by mtime)", acceptedKeys, sent, outboxDeliveries, false));
                tallies.forEach(t -> System.out.println("CrashIT " + t));
                int delivered = tallies.stream().mapToInt(Deliveries.Tally::delivered).sum();
                int duplicates = tallies.stream().mapToInt(Deliveries.Tally::duplicates).sum();
                int lost = tallies.stream().mapToInt(t -> t.lost().size()).sum();
                int order = tallies.stream().mapToInt(t -> t.orderViolations().size()).sum();
                int unexpected = tallies.stream().mapToInt(t -> t.unexpected().size()).sum();
                int idConflicts = tallies.stream().mapToInt(t -> t.idConflicts().size()).sum();
                int unrecognised = gp.unrecognised.size() + ward.unrecognised.size()
                        + (int) outboxDeliveries.stream().filter(d -> d.key().equals("?")).count();
                System.out.printf("CrashIT summary: sent=%d accepted=%d delivered=%d duplicates=%d lost=%d orderViolations=%d "
                                + "(unexpected=%d idConflicts=%d unrecognised=%d resends=%d kills=%d seed=%d, %d ms)%n",
                        sent.size(), acceptedKeys.size(), delivered, duplicates, lost, order, unexpected, idConflicts,
                        unrecognised, senders.resends.get(), kills, seed, quietMs);
                if (lost > 0 || order > 0 || unexpected > 0 || idConflicts > 0) {
                    evidence(home, tallies, senders, killedAt, started);
                }
                assertThat(acceptedKeys).as("every message sent was acknowledged in the end (senders resend)").hasSize(sent.size());
                assertThat(lost).as("acknowledged but never delivered (see the tallies above)").isZero();
                assertThat(order).as("per-person order violations (see the tallies above)").isZero();
                assertThat(idConflicts).as("a duplicate with another message id").isZero();
                assertThat(unexpected).as("delivered but never sent").isZero();
                assertThat(unrecognised).as("deliveries without a sender key").isZero();
            } finally {
                stop.set(true);
                server.get().close();
            }
        }
    }

    /**
     * For each lost key: when its sender had the acknowledgement (relative to the kills), and what the journal (the
     * server is stopped: its H2 file is ours to open) says about its message id.
     */
    private static void evidence(TestHome home, List<Deliveries.Tally> tallies, Senders senders, List<Long> killedAt,
                                 long started) throws Exception {
        System.out.println("CrashIT: home, logs, journal and broker data kept in " + home.root);
        System.out.println("CrashIT: kills at " + killedAt.stream().map(t -> "+" + (t - started) / 1_000_000 + " ms").toList());
        Set<String> lost = new java.util.TreeSet<>();
        tallies.forEach(t -> lost.addAll(t.lost()));
        for (String key : lost.stream().limit(20).toList()) {
            Long ackAt = senders.acceptedAt.get(key);
            System.out.println("CrashIT lost " + key + ": acknowledged at " + (ackAt == null ? "?" : "+" + (ackAt - started) / 1_000_000
                    + " ms") + "; lost at " + tallies.stream().filter(t -> t.lost().contains(key)).map(Deliveries.Tally::destination).toList());
        }
        // The journal's view: copies routed to a destination and never delivered there (nor failed, nor dead-lettered).
        String url = "jdbc:h2:file:" + home.root.resolve("data/journal/carebridge");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("""
                     select r.message_id, r.source_partner, r.destination_partner, r.at,
                       (select min(x.at) from journal x where x.message_id = r.message_id and x.hop = 'RECEIVED') received,
                       (select count(*) from journal x where x.message_id = r.message_id and x.hop = 'ROUTED'
                          and x.destination_partner = r.destination_partner) routed,
                       (select listagg(x.hop, ',') from journal x where x.message_id = r.message_id
                          and x.destination_partner = r.destination_partner) hops
                     from journal r where r.hop = 'ROUTED' and not exists (select 1 from journal d where
                       d.message_id = r.message_id and d.hop = 'DELIVERED' and d.destination_partner = r.destination_partner)
                     order by r.at""")) {
            while (rs.next()) {
                System.out.printf("CrashIT journal: message %s from %s routed to %s at %s (received %s), routed %d time(s), "
                                + "hops there: %s, never delivered%n", rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7));
            }
        }
        System.out.println("CrashIT: compare with the servers' logs (each run's last line is just before its kill)");
    }

    /** The three partner systems, each in its own thread, each one message (or file) at a time. */
    static final class Senders {
        private final TestHome home;
        private final List<String> people;
        private final int perSender;
        private final int mllpPort;
        private final int httpPort;
        private final AtomicBoolean stop;
        final Set<String> sentKeys = ConcurrentHashMap.newKeySet();
        final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
        final AtomicInteger resends = new AtomicInteger();
        final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> acceptedBySource = new ConcurrentHashMap<>();

        Senders(TestHome home, List<String> people, int perSender, int mllpPort, int httpPort, AtomicBoolean stop) {
            this.home = home;
            this.people = people;
            this.perSender = perSender;
            this.mllpPort = mllpPort;
            this.httpPort = httpPort;
            this.stop = stop;
        }

        int accepted() {
            return acceptedKeys.size();
        }

        List<Thread> start() {
            List<Thread> threads = List.of(new Thread(this::trust, "crash-trust"), new Thread(this::careHome, "crash-care-home"),
                    new Thread(this::council, "crash-council"));
            threads.forEach(Thread::start);
            return threads;
        }

        private void accept(String key) {
            acceptedAt.put(key, System.nanoTime());
            acceptedKeys.add(key);
            acceptedBySource.computeIfAbsent(key.substring(0, 3), k -> new AtomicInteger()).incrementAndGet();
        }

        private void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }

        /** HL7 ADT A01s over one MLLP connection (TCP_NODELAY), reconnecting and resending on no AA. */
        void trust() {
            Socket socket = null;
            int[] next = new int[people.size()];
            for (int i = 0; i < perSender && !stop.get(); i++) {
                int person = i % people.size();
                String key = Deliveries.key("TRU", person, next[person]++);
                String adt = Fixtures.adt("A01", key, people.get(person), "20261123100000", null);
                byte[] body = adt.getBytes(StandardCharsets.UTF_8);
                byte[] frame = MllpFrames.frame(body);
                sentKeys.add(key);
                for (int attempt = 0; !stop.get(); attempt++) {
                    if (attempt > 0) {
                        resends.incrementAndGet();
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress("127.0.0.1", mllpPort), 2000);
                            socket.setSoTimeout(30_000);
                        }
                        socket.getOutputStream().write(frame);
                        socket.getOutputStream().flush();
                        String ack = MllpFrames.read(socket.getInputStream(), StandardCharsets.UTF_8);
                        if ("AA".equals(MllpClient.ackCode(ack)) && key.equals(MllpFrames.field(ack, "MSA", 2))) {
                            accept(key);
                            break;
                        }
                        pause();
                    } catch (IOException e) {
                        close(socket);
                        socket = null;
                        pause();
                    }
                }
            }
            close(socket);
        }

        /** Files of 20 observation rows, written under a dot-name then renamed; the next once this one is in done/. */
        void careHome() {
            int[] next = new int[people.size()];
            Path done = home.partnerFolder("sunny-meadows", "done");
            for (int f = 0; f * ROWS_PER_FILE < perSender && !stop.get(); f++) {
                StringBuilder csv = new StringBuilder("nhs_number,resident_id,observed_at,type,value,unit\n");
                List<String> keys = new ArrayList<>();
                for (int r = 0; r < ROWS_PER_FILE; r++) {
                    int i = f * ROWS_PER_FILE + r;
                    int person = i % people.size();
                    String key = Deliveries.key("CSV", person, next[person]++);
                    keys.add(key);
                    csv.append("%s,%s,2026-11-20T09:%02d:%02dZ,pulse,%d,/min\n".formatted(people.get(person), key,
                            (i / 60) % 60, i % 60, 60 + i % 40));
                }
                String name = "observations-%06d.csv".formatted(f);
                try {
                    sentKeys.addAll(keys);
                    home.drop("sunny-meadows", name, csv.toString());
                    String prefix = name.substring(0, name.length() - 4) + "-"; // done/<base>-<stamp>.csv
                    while (!stop.get() && !inDone(done, prefix)) {
                        Thread.sleep(20);
                    }
                    if (inDone(done, prefix)) {
                        keys.forEach(this::accept);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static boolean inDone(Path done, String prefix) throws IOException {
            return TestHome.files(done).stream().anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        }

        /** People events POSTed as JSON with the API key, resent with the same eventId until 202. */
        void council() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            int[] next = new int[people.size()];
            String url = "http://127.0.0.1:" + httpPort + "/partners/" + COUNCIL + "/v1/people";
            for (int i = 0; i < perSender && !stop.get(); i++) {
                int person = i % people.size();
                String key = Deliveries.key("LAC", person, next[person]++);
                String body = """
                        { "eventId": "%s", "occurredAt": "2026-11-20T10:15:00Z",
                          "person": { "nhsNumber": "%s", "councilPersonId": "P%06d",
                            "name": { "title": "Mrs", "given": ["Ada"], "family": "Testperson" },
                            "birthDate": "1941-03-07", "gender": "female",
                            "address": { "lines": ["%s Synthetic Street"], "town": "Exampletown", "postcode": "EX1 2AB" } } }
                        """.formatted(key, people.get(person), person, key);
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-API-Key", COUNCIL_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                sentKeys.add(key);
                for (int attempt = 0; !stop.get(); attempt++) {
                    if (attempt > 0) {
                        resends.incrementAndGet();
                    }
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 202) {
                            accept(key);
                            break;
                        }
                        if (answer.statusCode() == 400 || answer.statusCode() == 401 || answer.statusCode() == 422) {
                            throw new AssertionError("council event " + key + " refused: " + answer.statusCode() + " " + answer.body());
                        }
                        pause();
                    } catch (IOException e) {
                        pause();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private static void close(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }

        @Override
        public String toString() {
            return "sent " + sentKeys.size() + ", accepted " + acceptedKeys.size() + " " + acceptedBySource + ", resends " + resends.get();
        }
    }
}
