package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * Scale out on an existing broker: two CareBridge instances (each its own JVM, {@code bin/carebridge run}) share one
 * external ActiveMQ Classic broker (its own JVM, {@link ExternalBroker}) and one journal database (H2 in automatic
 * mixed mode, {@code AUTO_SERVER=TRUE}: the first process to open it serves it to the others over TCP;
 * {@code WRITE_DELAY=0}: without it H2 writes commits to the file up to 0.5 s late, and the kill below lost the last
 * ~1 s of both instances' journal entries and resend keys).
 *
 * <p>A trust sends HL7 ADT A01s for 20 people over MLLP, alternating between the two instances' MLLP ports, one at a
 * time and resending on a missing or negative ACK, as a trust engine does. Each instance's copy of the GP partner
 * delivers to its own path on one receiver (/a/..., /b/...), so the receiver can tell who delivered what. Half way
 * the first instance (the one that also serves the journal database) is killed with SIGKILL; the other takes over
 * its MLLP traffic, its message groups and the journal.
 *
 * <p>Checked: both instances delivered; until the kill each person's messages came from one instance (message groups);
 * every message acknowledged AA is delivered at least once; a duplicate always repeats the same message id; each
 * person's messages reach the receiver in the order the trust sent them; the shared journal has every message
 * RECEIVED and DELIVERED.
 */
class TwoInstancesIT {

    private static final int PEOPLE = 20;
    private static final int MESSAGES = 400;
    private static final int KILL_AT = MESSAGES / 2;
    private static final Pattern CONTROL_ID = Pattern.compile("P(\\d{2})-(\\d{4})");

    @TempDir
    Path root;

    @Test
    void twoInstancesShareTheWorkAndOneCanDie() throws Exception {
        int brokerPort = HttpReceiver.freePort();
        int mllpA = HttpReceiver.freePort();
        int mllpB = HttpReceiver.freePort();
        List<String> people = nhsNumbers(PEOPLE);
        Path shared = Files.createDirectories(root.resolve("shared"));
        String journalUrl = "jdbc:h2:file:" + shared.resolve("journal/carebridge") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";

        try (ExternalBroker broker = ExternalBroker.start(shared.resolve("broker"), brokerPort, root.resolve("broker.log"));
             SlowReceiver gp = new SlowReceiver(50)) {
            TestHome a = home(root.resolve("a"), broker.failoverUrl(), journalUrl, mllpA, gp.base() + "/a/fhir");
            TestHome b = home(root.resolve("b"), broker.failoverUrl(), journalUrl, mllpB, gp.base() + "/b/fhir");

            Map<String, String> messageIdOf = new LinkedHashMap<>(); // control id -> CareBridge message id (from the receiver)
            List<String> accepted = new ArrayList<>();
            int sent = 0;
            int resends = 0;
            int deliveriesBeforeKill = -1;
            try (ServerProcess first = ServerProcess.run(a, "a.log"); ServerProcess second = ServerProcess.run(b, "b.log")) {
                long started = System.nanoTime();
                Sender toA = new Sender(mllpA);
                Sender toB = new Sender(mllpB);
                boolean aAlive = true;
                Thread killer = null;
                int[] nextSeq = new int[PEOPLE];
                long[] sendNanos = new long[2];
                int[] sends = new int[2];
                for (int i = 0; i < MESSAGES; i++) {
                    int person = i % PEOPLE;
                    String controlId = "P%02d-%04d".formatted(person, nextSeq[person]++);
                    String adt = Fixtures.adt("A01", controlId, people.get(person), "20261123100000", null);
                    if (i == KILL_AT) {
                        deliveriesBeforeKill = gp.deliveries.size();
                        // SIGKILL from another thread: it may land while a message to A is on the wire.
                        killer = new Thread(() -> {
                            try {
                                first.kill();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        killer.start();
                    }
                    sent++;
                    boolean done = false;
                    for (int attempt = 0; attempt < 40 && !done; attempt++) {
                        Sender to = aAlive && i % 2 == 0 ? toA : toB;
                        if (attempt > 0) {
                            resends++;
                        }
                        try {
                            long t0 = System.nanoTime();
                            String ack = to.send(adt);
                            int who = to == toA ? 0 : 1;
                            sendNanos[who] += System.nanoTime() - t0;
                            sends[who]++;
                            if ("AA".equals(MllpClient.ackCode(ack))) {
                                done = true;
                            } else {
                                Thread.sleep(250); // AE/AR: the server could not take it now (journal failing over)
                            }
                        } catch (IOException e) {
                            to.reset();
                            if (to == toA && i >= KILL_AT) {
                                aAlive = false; // A is gone: a trust engine fails over to the other instance
                            } else {
                                Thread.sleep(250);
                            }
                        }
                    }
                    if (done) {
                        accepted.add(controlId);
                    }
                }
                killer.join();
                toA.close();
                toB.close();
                System.out.printf("TwoInstancesIT: %d sent in %d ms (%d resends); mean ACK time a %.1f ms, b %.1f ms%n",
                        sent, (System.nanoTime() - started) / 1_000_000, resends, sendNanos[0] / 1e6 / Math.max(1, sends[0]),
                        sendNanos[1] / 1e6 / Math.max(1, sends[1]));

                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> gp.controlIds().containsAll(accepted));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    Set<String> missing = new LinkedHashSet<>(accepted);
                    missing.removeAll(gp.controlIds());
                    throw new AssertionError(missing.size() + " acknowledged messages never delivered, e.g. "
                            + missing.stream().limit(10).toList() + "\n--- b.log ---\n" + tail(second.output())
                            + "\n--- a.log ---\n" + tail(TestHome.read(a.root.resolve("a.log"))), e);
                }
                Thread.sleep(2000); // anything delivered twice would show up now
                second.terminate();
                printProblems("b.log", second.output());
                printProblems("a.log", TestHome.read(a.root.resolve("a.log")));
                keepLogs(a.root.resolve("a.log"), b.root.resolve("b.log"), root.resolve("broker.log"));
            }

            // The shared journal, after both instances are gone: it survived the death of the process serving it.
            Map<String, Integer> hops = new java.util.TreeMap<>();
            int receivedIds;
            int deliveredIds;
            Set<String> receivedSet = new java.util.HashSet<>();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(journalUrl);
                 java.sql.Statement st = c.createStatement()) {
                try (java.sql.ResultSet rs = st.executeQuery("select hop, count(*) from journal group by hop")) {
                    while (rs.next()) {
                        hops.put(rs.getString(1), rs.getInt(2));
                    }
                }
                try (java.sql.ResultSet rs = st.executeQuery("select message_id from inbound_message")) {
                    while (rs.next()) {
                        receivedSet.add(rs.getString(1));
                    }
                }
                receivedIds = count(st, "select count(distinct message_id) from journal where hop = 'RECEIVED'");
                deliveredIds = count(st, "select count(distinct message_id) from journal where hop = 'DELIVERED'");
            }
            System.out.printf("TwoInstancesIT journal: %s; %d message ids RECEIVED, %d DELIVERED%n", hops, receivedIds,
                    deliveredIds);

            List<Delivery> deliveries = List.copyOf(gp.deliveries);
            long byA = deliveries.stream().filter(d -> d.instance.equals("a")).count();
            long byB = deliveries.stream().filter(d -> d.instance.equals("b")).count();
            long byBAfterKill = deliveries.subList(deliveriesBeforeKill, deliveries.size()).stream()
                    .filter(d -> d.instance.equals("b")).count();

            // Per message: how often, and always under one message id.
            Map<String, Integer> times = new HashMap<>();
            List<String> idConflicts = new ArrayList<>();
            for (Delivery d : deliveries) {
                times.merge(d.controlId, 1, Integer::sum);
                String before = messageIdOf.putIfAbsent(d.controlId, d.messageId);
                if (before != null && !before.equals(d.messageId)) {
                    idConflicts.add(d.controlId + ": " + before + " then " + d.messageId);
                }
            }
            int duplicates = times.values().stream().mapToInt(n -> n - 1).sum();
            Set<String> lost = new LinkedHashSet<>(accepted);
            lost.removeAll(times.keySet());

            // Per person: first deliveries in the order they were sent.
            Map<Integer, Integer> lastSeq = new HashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            List<String> orderViolations = new ArrayList<>();
            for (Delivery d : deliveries) {
                if (!seen.add(d.controlId)) {
                    continue;
                }
                Integer last = lastSeq.put(d.person, d.seq);
                if (last != null && d.seq <= last) {
                    orderViolations.add(d.controlId + " (by " + d.instance + ") after P%02d-%04d".formatted(d.person, last));
                }
            }

            // Message groups: until the kill, each person's deliveries all come from one instance (the group's consumer).
            Map<Integer, Set<String>> instancesPerPerson = new HashMap<>();
            for (Delivery d : deliveries.subList(0, deliveriesBeforeKill)) {
                instancesPerPerson.computeIfAbsent(d.person, k -> new java.util.TreeSet<>()).add(d.instance);
            }
            long peopleOnA = instancesPerPerson.values().stream().filter(v -> v.equals(Set.of("a"))).count();
            long peopleOnB = instancesPerPerson.values().stream().filter(v -> v.equals(Set.of("b"))).count();
            long peopleOnBoth = instancesPerPerson.values().stream().filter(v -> v.size() > 1).count();
            System.out.printf("TwoInstancesIT groups before the kill: %d people delivered only by a, %d only by b, %d by both%n",
                    peopleOnA, peopleOnB, peopleOnBoth);

            List<Integer> notInJournal = new ArrayList<>();
            for (int k = 0; k < accepted.size(); k++) {
                String id = messageIdOf.get(accepted.get(k));
                if (id != null && !receivedSet.contains(id)) {
                    notInJournal.add(k);
                }
            }
            System.out.printf("TwoInstancesIT journal: %d inbound_message keys; %d acknowledged messages have none "
                    + "(send positions %s; the kill was at %d)%n", receivedSet.size(), notInJournal.size(), notInJournal, KILL_AT);

            System.out.printf("TwoInstancesIT summary: sent=%d accepted=%d delivered=%d (distinct %d; by a=%d, by b=%d, %d of them after the kill) "
                            + "duplicates=%d lost=%d orderViolations=%d idConflicts=%d%n",
                    sent, accepted.size(), deliveries.size(), times.size(), byA, byB, byBAfterKill, duplicates, lost.size(),
                    orderViolations.size(), idConflicts.size());
            if (!orderViolations.isEmpty()) {
                System.out.println("TwoInstancesIT order violations: " + orderViolations.stream().limit(20).toList());
            }

            assertThat(byA).as("deliveries by instance a (killed half way)").isPositive();
            assertThat(byB).as("deliveries by instance b").isPositive();
            assertThat(byBAfterKill).as("deliveries by instance b after a was killed").isPositive();
            assertThat(accepted).as("acknowledged AA (resending on a missing ACK)").hasSize(MESSAGES);
            assertThat(lost).as("acknowledged but never delivered").isEmpty();
            assertThat(idConflicts).as("a duplicate always carries the same message id").isEmpty();
            assertThat(orderViolations).as("per-person order at the receiver").isEmpty();
            assertThat(receivedIds).as("journal: message ids RECEIVED").isEqualTo(MESSAGES);
            assertThat(deliveredIds).as("journal: message ids DELIVERED").isEqualTo(MESSAGES);
            assertThat(peopleOnBoth).as("people whose messages two instances delivered before the kill (groups)").isZero();
        }
    }

    private static TestHome home(Path root, String brokerUrl, String journalUrl, int mllpPort, String deliveryUrl)
            throws IOException {
        return new TestHome(root)
                .server("""
                        broker:
                          url: "%s"
                        http:
                          port: 0
                        journal:
                          url: "%s"
                        security:
                          secretFile: "%s"
                        """.formatted(brokerUrl, journalUrl, root.getParent().resolve("installation.key")))
                .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort), null)
                .httpPartner("gp-surgery", "B86010", deliveryUrl,
                        "  maxAttempts: 1000\n  initialDelayMs: 200\n  maxDelayMs: 1000\n")
                .routes("""
                        routes:
                          - id: admissions-to-gp
                            from: st-elsewhere
                            events: [admission]
                            to:
                              - partner: gp-surgery
                                resources: [Patient, Encounter, Organization, Location]
                        """);
    }

    /** Modulus 11 valid NHS numbers in the NHS's 999 test range. */
    static List<String> nhsNumbers(int count) {
        List<String> numbers = new ArrayList<>();
        for (long base = 999000001L; numbers.size() < count; base++) {
            String nine = Long.toString(base);
            int sum = 0;
            for (int k = 0; k < 9; k++) {
                sum += (nine.charAt(k) - '0') * (10 - k);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                numbers.add(nine + check);
            }
        }
        return numbers;
    }

    /** The warnings and errors an instance logged (journal fail-over, broker reconnects), for the test output. */
    private static void printProblems(String name, String log) {
        List<String> lines = log.lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
        System.out.println("TwoInstancesIT " + name + ": " + lines.size() + " WARN/ERROR lines");
        lines.stream().limit(15).forEach(l -> System.out.println("  " + (l.length() > 300 ? l.substring(0, 300) : l)));
    }

    /** The three logs, kept under target/two-instances-it/ (the temp folder goes with the test). */
    private static void keepLogs(Path... logs) throws IOException {
        Path keep = Files.createDirectories(Path.of("target/two-instances-it"));
        for (Path log : logs) {
            if (Files.exists(log)) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static int count(java.sql.Statement st, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    /**
     * One MLLP connection to an instance, opened on first use and again after a failure. Each frame goes out in one
     * write with TCP_NODELAY: a frame written in pieces waits on Nagle + delayed ACK (~40 ms a message).
     */
    private static final class Sender implements AutoCloseable {
        private final int port;
        private java.net.Socket socket;

        Sender(int port) {
            this.port = port;
        }

        String send(String er7) throws IOException {
            if (socket == null) {
                socket = new java.net.Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(30_000);
            }
            byte[] body = er7.getBytes(StandardCharsets.UTF_8);
            byte[] frame = MllpFrames.frame(body);
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
            return MllpFrames.read(socket.getInputStream(), StandardCharsets.UTF_8);
        }

        void reset() {
            close();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone already
                }
                socket = null;
            }
        }
    }

    record Delivery(String instance, String messageId, String controlId, int person, int seq) {
    }

    /** The GP system: answers 200 after a short pause, so deliveries are in flight when an instance dies. */
    private static final class SlowReceiver implements AutoCloseable {
        private final HttpServer server;
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        private final Set<String> controlIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

        SlowReceiver(int pauseMs) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String path = exchange.getRequestURI().getRawPath();
                Matcher m = CONTROL_ID.matcher(body);
                if (m.find()) {
                    String controlId = m.group();
                    deliveries.add(new Delivery(path.startsWith("/a/") ? "a" : "b",
                            exchange.getRequestHeaders().getFirst("X-CareBridge-Message-Id"), controlId,
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                    controlIds.add(controlId);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Set<String> controlIds() {
            return controlIds;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
