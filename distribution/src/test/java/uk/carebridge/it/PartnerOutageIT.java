package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;

import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * A destination down for a while (nothing listens on its port) while a trust's ADT keeps flowing to it and to a
 * second destination, on the real embedded broker with two consumers per queue: the other destination keeps pace;
 * the down one's queue grows; once it is back on the same port its backlog arrives complete, in per-person order,
 * with nothing dead-lettered.
 */
class PartnerOutageIT {

    private static final int PEOPLE = 20;
    private static final long OUTAGE_MS = 25_000;
    private static final long AFTER_MS = 5_000;
    private static final long SEND_EVERY_MS = 40;
    private static final String RETRY = "  consumers: 2\n  maxAttempts: 100000\n  initialDelayMs: 200\n  maxDelayMs: 2000\n";

    @TempDir
    Path root;

    @Test
    void aDownPartnerOnlyFillsItsOwnQueueAndGetsItsBacklogInOrder() throws Exception {
        List<String> people = TwoInstancesIT.nhsNumbers(PEOPLE);
        int mllpPort = HttpReceiver.freePort();
        int downPort = HttpReceiver.freePort();
        String downUrl = "http://127.0.0.1:" + downPort + "/fhir/process-message";
        try (Deliveries.HttpRecorder up = new Deliveries.HttpRecorder(0)) {
            TestHome home = new TestHome(root)
                    .server("broker:\n  port: 0\nhttp:\n  port: 0\nrouter:\n  consumers: 2\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort), null)
                    .httpPartner("gp-surgery", "B86010", up.url(), RETRY)
                    .httpPartner("community-team", "RNX01", downUrl, RETRY)
                    .routes("""
                            routes:
                              - id: admissions
                                from: st-elsewhere
                                events: [admission]
                                to:
                                  - partner: gp-surgery
                                    resources: [Patient, Encounter, Organization, Location]
                                  - partner: community-team
                                    resources: [Patient, Encounter, Organization, Location]
                            """);
            try (CareBridgeServer server = home.start()) {
                Map<String, Long> ackedAt = new ConcurrentHashMap<>();
                Set<String> sent = ConcurrentHashMap.newKeySet();
                AtomicBoolean stop = new AtomicBoolean();
                Thread trust = new Thread(() -> send(mllpPort, people, sent, ackedAt, stop), "outage-trust");
                long started = System.nanoTime();
                trust.start();

                Thread.sleep(OUTAGE_MS / 2);
                int queuedMid = DeadLetterIT.browse(server, "carebridge.outbound.community-team").size();
                Thread.sleep(OUTAGE_MS / 2);
                int queuedEnd = DeadLetterIT.browse(server, "carebridge.outbound.community-team").size();
                int upQueued = DeadLetterIT.browse(server, "carebridge.outbound.gp-surgery").size();
                int ackedDuringOutage = ackedAt.size();
                Set<String> backlog = Set.copyOf(ackedAt.keySet());
                long upMs = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("PartnerOutageIT: down for %d ms; %d acknowledged; community-team queue %d at half time, %d at the end"
                        + " (a browser may see at most a page of them); gp-surgery queue %d%n",
                        upMs, ackedDuringOutage, queuedMid, queuedEnd, upQueued);

                try (Deliveries.HttpRecorder down = new Deliveries.HttpRecorder(downPort)) {
                    long backAt = System.nanoTime();
                    long backlogMs = -1;
                    while (System.nanoTime() - backAt < AFTER_MS * 1_000_000 || backlogMs < 0
                            && System.nanoTime() - backAt < 120_000_000_000L) {
                        if (backlogMs < 0 && down.keys.containsAll(backlog)) {
                            backlogMs = (System.nanoTime() - backAt) / 1_000_000;
                        }
                        if (System.nanoTime() - backAt >= AFTER_MS * 1_000_000) {
                            stop.set(true);
                        }
                        Thread.sleep(20);
                    }
                    stop.set(true);
                    trust.join(30_000);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (!(down.keys.containsAll(ackedAt.keySet()) && up.keys.containsAll(ackedAt.keySet()))
                            && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    long drainedMs = (System.nanoTime() - backAt) / 1_000_000;
                    Thread.sleep(2000); // a late duplicate would show now

                    // The other destination kept pace: each message there within seconds of its acknowledgement.
                    Map<String, Long> firstAtUp = new ConcurrentHashMap<>();
                    up.deliveries.forEach(d -> firstAtUp.putIfAbsent(d.key(), d.at()));
                    long[] lagMs = ackedAt.entrySet().stream().filter(e -> firstAtUp.containsKey(e.getKey()))
                            .mapToLong(e -> Math.max(0, (firstAtUp.get(e.getKey()) - e.getValue()) / 1_000_000)).sorted().toArray();
                    long p99 = lagMs.length == 0 ? -1 : lagMs[(int) Math.min(lagMs.length - 1, Math.floor(lagMs.length * 0.99))];
                    long max = lagMs.length == 0 ? -1 : lagMs[lagMs.length - 1];

                    Deliveries.Tally upTally = Deliveries.Tally.of("gp-surgery (up)", ackedAt.keySet(), sent,
                            List.copyOf(up.deliveries), true);
                    Deliveries.Tally downTally = Deliveries.Tally.of("community-team (down, then back)", ackedAt.keySet(), sent,
                            List.copyOf(down.deliveries), true);
                    int dlqUp = DeadLetterIT.browse(server, "DLQ.carebridge.outbound.gp-surgery").size();
                    int dlqDown = DeadLetterIT.browse(server, "DLQ.carebridge.outbound.community-team").size();
                    int leftDown = DeadLetterIT.browse(server, "carebridge.outbound.community-team").size();
                    System.out.println("PartnerOutageIT " + upTally);
                    System.out.println("PartnerOutageIT " + downTally);
                    System.out.printf("PartnerOutageIT summary: sent=%d accepted=%d; gp-surgery lag after ACK p99=%d ms max=%d ms; "
                                    + "community-team queue %d -> %d during the outage, its backlog of %d delivered %d ms after it came back "
                                    + "(everything %d ms), delivered=%d duplicates=%d lost=%d orderViolations=%d; DLQ %d/%d; left in queue %d%n",
                            sent.size(), ackedAt.size(), p99, max, queuedMid, queuedEnd, backlog.size(), backlogMs, drainedMs, downTally.delivered(),
                            downTally.duplicates(), downTally.lost().size(), downTally.orderViolations().size(), dlqUp, dlqDown,
                            leftDown);

                    assertThat(ackedAt).as("acknowledged AA").hasSize(sent.size());
                    assertThat(ackedDuringOutage).as("messages acknowledged during the outage").isGreaterThan(200);
                    assertThat(queuedMid).as("community-team's queue half way through its outage").isPositive();
                    assertThat(queuedEnd).as("community-team's queue grows while it is down").isGreaterThan(queuedMid);
                    assertThat(upTally.lost()).as("lost at the destination that stayed up").isEmpty();
                    assertThat(max).as("slowest delivery to the destination that stayed up, ms after the ACK").isLessThan(5000);
                    assertThat(upTally.orderViolations()).as("per-person order at gp-surgery").isEmpty();
                    assertThat(downTally.lost()).as("backlog not delivered after the partner came back").isEmpty();
                    assertThat(downTally.orderViolations()).as("per-person order of the backlog").isEmpty();
                    assertThat(downTally.idConflicts()).as("duplicates with another message id").isEmpty();
                    assertThat(dlqUp + dlqDown).as("dead-lettered").isZero();
                    assertThat(leftDown).as("left on community-team's queue").isZero();
                }
            }
        }
    }

    /** The trust: one ADT A01 every 40 ms, round robin over the people, resending the same control id until AA. */
    private static void send(int port, List<String> people, Set<String> sent, Map<String, Long> ackedAt, AtomicBoolean stop) {
        int[] next = new int[people.size()];
        Socket socket = null;
        try {
            for (int i = 0; !stop.get(); i++) {
                int person = i % people.size();
                String key = Deliveries.key("TRU", person, next[person]++);
                byte[] body = Fixtures.adt("A01", key, people.get(person), "20261123100000", null).getBytes(StandardCharsets.UTF_8);
                byte[] frame = MllpFrames.frame(body);
                sent.add(key);
                for (int attempt = 0; attempt < 100; attempt++) {
                    try {
                        if (socket == null) {
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                            socket.setSoTimeout(30_000);
                        }
                        socket.getOutputStream().write(frame);
                        socket.getOutputStream().flush();
                        String ack = MllpFrames.read(socket.getInputStream(), StandardCharsets.UTF_8);
                        if ("AA".equals(MllpClient.ackCode(ack))) {
                            ackedAt.put(key, System.nanoTime());
                            break;
                        }
                    } catch (IOException e) {
                        if (socket != null) {
                            socket.close();
                        }
                        socket = null;
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(SEND_EVERY_MS);
            }
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }
}
