package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;

/**
 * A full disk, on a small real file system (a 96 MiB tmpfs mounted for the test; skipped, saying why, where the
 * machine does not allow a mount): with a destination down and a backlog queued, another program fills the disk.
 * CareBridge refuses new messages as "resend later" before the disk is full, keeps running, takes messages again by
 * itself once space is back, delivers the backlog, and starts the first time after being stopped at the full moment.
 * Nothing acknowledged is lost.
 */
@EnabledOnOs(OS.LINUX)
class DiskFullIT {

    private static final long MIB = 1024L * 1024;
    // The set of acknowledged message ids is shared with the second feed's thread: guarded by itself.

    @TempDir
    Path root;
    Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(root.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes()).trim();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a small file system is needed (mount -t tmpfs as root): " + said);
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskIsRefusedBeforeItIsSurvivedAndForgottenOnceSpaceIsBack() throws Exception {
        int mllpPort = HttpReceiver.freePort();
        try (HttpReceiver gp = HttpReceiver.start(503)) { // the destination is down: a backlog builds up
            TestHome home = new TestHome(disk)
                    .server("broker:\n  port: 0\n  minFreeDiskMb: 12\nhttp:\n  port: 0\n")
                    .trust("st-elsewhere", "RXX01", TestHome.mllpInbound(mllpPort), null)
                    .httpPartner("gp-surgery", "B86010", gp.url(),
                            "  maxAttempts: 1000\n  initialDelayMs: 200\n  maxDelayMs: 500\n")
                    .routes("""
                            routes:
                              - id: admissions-to-gp
                                from: st-elsewhere
                                events: [admission]
                                to:
                                  - partner: gp-surgery
                                    resources: [Patient, Encounter, Organization, Location]
                            """);
            Set<String> acknowledged = new HashSet<>();
            int sent = 0;
            CareBridgeServer server = home.start();
            java.util.concurrent.atomic.AtomicBoolean storeFailed = new java.util.concurrent.atomic.AtomicBoolean();
            server.broker().onStoreFailure(() -> storeFailed.set(true)); // what 'carebridge run' exits on
            MllpClient pas = new MllpClient(mllpPort);
            try {
                sent = send(pas, sent, 20, acknowledged);
                assertThat(acknowledged).hasSize(20);

                // Another program fills the disk to the last byte, while a second feed keeps sending: some of its
                // messages meet the full disk inside the broker's store.
                Path filler = disk.resolve("filler.bin");
                int[] feed = {100_000};
                Thread second = new Thread(() -> {
                    try (MllpClient other = new MllpClient(mllpPort)) {
                        while (!Thread.currentThread().isInterrupted()) {
                            synchronized (acknowledged) {
                                ackOf(other, feed[0]++, acknowledged);
                            }
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, "second-feed");
                second.start();
                fill(filler);
                second.interrupt();
                second.join(10_000);
                assertThat(disk.toFile().getUsableSpace()).isLessThan(MIB);

                // Refused as "resend later" (AR), never accepted and lost; the server stays up.
                int before = acknowledged.size();
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    codes.add(ackOf(pas, sent++, acknowledged));
                }
                assertThat(codes).containsOnly("AR");
                assertThat(acknowledged).hasSize(before);
                System.out.printf("DiskFullIT: %d messages acknowledged before and while the disk filled%n", before);

                // Space back. When a write inside the broker's store met the full disk, KahaDB's journal writer is
                // gone for good and the broker stopped: the server said so (the run command exits 75) and is started
                // again, as a supervisor does. Otherwise it takes messages again by itself.
                Files.delete(filler);
                if (storeFailed.get()) {
                    System.out.println("DiskFullIT: the store met the full disk; restarting as a supervisor would");
                    assertThat(server.broker().isReachable()).as("a stopped broker is not reported as up").isFalse();
                    pas.close();
                    server.close();
                    server = home.start();
                    pas = new MllpClient(mllpPort);
                }
                long freedAt = System.nanoTime();
                String[] code = {""};
                int[] next = {sent};
                MllpClient sender = pas;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    code[0] = ackOf(sender, next[0]++, acknowledged);
                    return code[0].equals("AA");
                });
                sent = next[0];
                System.out.printf("DiskFullIT: taking messages again %d ms after space came back%n",
                        (System.nanoTime() - freedAt) / 1_000_000);
                sent = send(pas, sent, 10, acknowledged);

                // Stopped at the full moment, with the backlog waiting: the next start is the first that works.
                fill(filler);
            } finally {
                pas.close();
            }
            server.close();
            Files.delete(disk.resolve("filler.bin"));
            server = home.start();
            try (CareBridgeServer restarted = server; MllpClient again = new MllpClient(mllpPort)) {
                send(again, sent, 5, acknowledged);
                gp.status(200); // the destination is back: everything acknowledged arrives, once
                await().atMost(Duration.ofSeconds(60)).until(() -> delivered(restarted).containsAll(acknowledged));
                Thread.sleep(500);
                assertThat(delivered(restarted)).isEqualTo(acknowledged);
                // Each delivered once (the receiver also saw the attempts it answered 503 while it was down).
                assertThat(restarted.journal().entries(Hop.DELIVERED)).extracting(e -> e.messageId())
                        .doesNotHaveDuplicates();
            }
        }
    }

    /** Sends {@code count} admissions that must all be AA. */
    private static int send(MllpClient pas, int from, int count, Set<String> acknowledged) throws IOException {
        for (int i = 0; i < count; i++) {
            assertThat(ackOf(pas, from + i, acknowledged)).as("ACK of message %d", from + i).isEqualTo("AA");
        }
        return from + count;
    }

    /** Sends admission n; on AA remembers its CareBridge message id (as the journal gives it). */
    private static String ackOf(MllpClient pas, int n, Set<String> acknowledged) throws IOException {
        String ack = pas.send(Fixtures.adt("A01", "DF" + n, Fixtures.NHS[n % Fixtures.NHS.length], "20261123093000",
                null));
        String code = MllpClient.ackCode(ack);
        if (code.equals("AA")) {
            acknowledged.add(uk.carebridge.server.inbound.PartnerInboundGateway.messageId("st-elsewhere", "DF" + n));
        }
        return code;
    }

    private static Set<String> delivered(CareBridgeServer server) {
        Set<String> ids = new HashSet<>();
        server.journal().entries(Hop.DELIVERED).forEach(e -> ids.add(e.messageId()));
        return ids;
    }

    /** Writes zeros until the file system says it is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full
        }
        byte[] small = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(small);
                out.flush();
            }
        } catch (IOException full) {
            // to the last page
        }
    }
}
