package uk.carebridge.bench.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import uk.carebridge.bench.e2e.Workload.CsvFile;
import uk.carebridge.bench.e2e.Workload.Item;
import uk.carebridge.bench.e2e.Workload.Run;
import uk.carebridge.bench.e2e.Workload.Transport;
import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * The partners at the sending end, through the server's real inbound transports: MLLP connections from the
 * trust's PAS (one message at a time per connection, the next only after the ACK), HTTP clients POSTing FHIR
 * messages, and CSV files dropped into the care home's inbox (written under a dot-name, then renamed). A person's
 * messages always go through the same connection or client, in order, as a real sender's would.
 *
 * <p>Either as fast as the server accepts ({@code rate} 0: saturation) or at a fixed offered load, each
 * transport offering its share of {@code rate} on a fixed schedule. Latency counts from the scheduled time, so a
 * sender held up by a slow answer shows in it (no coordinated omission). A CSV row is offered when its file is
 * dropped. A refusal that asks to resend later (MLLP AR, HTTP 503) is resent, as partners do.
 */
final class LoadGenerator {

    private final BenchHome home;
    private final int mllpConnections;
    private final int httpClients;
    private final int csvFilesInInbox;
    private final HttpClient http;

    /** When each item was offered and accepted (epoch ns; 0 = not accepted), and what went wrong. */
    record Fed(long[] offeredAt, long[] acceptedAt, long firstOffered, List<String> errors, int resends) {
        boolean accepted(Item item) {
            return acceptedAt[item.index()] != 0;
        }
    }

    LoadGenerator(BenchHome home, int mllpConnections, int httpClients, int csvFilesInInbox) {
        this.home = home;
        this.mllpConnections = mllpConnections;
        this.httpClients = httpClients;
        this.csvFilesInInbox = csvFilesInInbox;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends the run's items; returns once every item was accepted (CSV: its file taken from the inbox) or refused. */
    Fed feed(Run run, double rate) throws InterruptedException {
        int n = run.items().size();
        long[] offered = new long[n];
        long[] accepted = new long[n];
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger resends = new AtomicInteger();
        long start = Receivers.now() + 100_000_000L;
        List<Thread> senders = new ArrayList<>();

        List<Item> mllp = run.of(Transport.MLLP);
        double mllpRate = rate * mllp.size() / n;
        for (int c = 0; c < mllpConnections && !mllp.isEmpty(); c++) {
            List<Item> mine = partition(mllp, c, mllpConnections);
            senders.add(thread("bench-mllp-" + c, () -> mllp(run, mine, start, mllpRate, offered, accepted, errors, resends)));
        }
        List<Item> fhir = run.of(Transport.HTTP);
        double httpRate = rate * fhir.size() / n;
        for (int c = 0; c < httpClients && !fhir.isEmpty(); c++) {
            List<Item> mine = partition(fhir, c, httpClients);
            senders.add(thread("bench-http-" + c, () -> http(run, mine, start, httpRate, offered, accepted, errors, resends)));
        }
        if (!run.files().isEmpty()) {
            double csvRate = rate * run.of(Transport.CSV).size() / n;
            senders.add(thread("bench-csv", () -> csv(run, start, csvRate, offered, accepted, errors)));
        }
        for (Thread t : senders) {
            t.join();
        }
        long first = Long.MAX_VALUE;
        for (long o : offered) {
            if (o != 0) {
                first = Math.min(first, o);
            }
        }
        return new Fed(offered, accepted, first, List.copyOf(errors), resends.get());
    }

    private static List<Item> partition(List<Item> items, int part, int parts) {
        return items.stream().filter(i -> Math.floorMod(i.person().hashCode(), parts) == part).toList();
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for the item's turn at a fixed load and returns its offered time; now at saturation. */
    private static long offer(long start, double rate, int k) {
        if (rate <= 0) {
            return Receivers.now();
        }
        long due = start + (long) (k * 1e9 / rate);
        long wait;
        while ((wait = due - Receivers.now()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }

    /**
     * What one attempt to hand a message over came to: accepted, asked to resend later (CareBridge cannot persist
     * it now: MLLP AR, HTTP 503; partners resend after a pause), or refused with a reason.
     */
    private record Answer(boolean accepted, String refusal) {
        static final Answer ACCEPTED = new Answer(true, null);
        static final Answer RESEND_LATER = new Answer(false, null);

        static Answer refused(String reason) {
            return new Answer(false, reason);
        }
    }

    /** One sender's way of handing over a message: an MLLP connection or an HTTP client. */
    @FunctionalInterface
    private interface Attempt {
        Answer send(Item item) throws IOException, InterruptedException;
    }

    /**
     * The sending loop every MLLP connection and HTTP client runs: each item at its offered time, one at a time,
     * resent after 50 ms while CareBridge asks for that (at most 1,000 times).
     */
    private static void sendEach(String transport, List<Item> items, long start, double rate, long[] offered,
                                 long[] accepted, Queue<String> errors, AtomicInteger resends, Attempt attempt)
            throws IOException, InterruptedException {
        for (Item item : items) {
            offered[item.index()] = offer(start, rate, item.k());
            Answer answer = attempt.send(item);
            for (int resend = 1; resend < 1000 && answer == Answer.RESEND_LATER; resend++) {
                resends.incrementAndGet();
                Thread.sleep(50);
                answer = attempt.send(item);
            }
            if (answer.accepted()) {
                accepted[item.index()] = Receivers.now();
            } else if (answer.refusal() != null) {
                errors.add(transport + " item " + item.index() + ": " + answer.refusal());
            } else {
                errors.add(transport + " item " + item.index() + ": still asked to resend later after 1,000 attempts");
            }
        }
    }

    private void mllp(Run run, List<Item> items, long start, double rate, long[] offered, long[] accepted,
                      Queue<String> errors, AtomicInteger resends) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", home.mllpPort), 5000);
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
            OutputStream out = socket.getOutputStream();
            sendEach("MLLP", items, start, rate, offered, accepted, errors, resends, item -> {
                out.write(MllpFrames.frame(run.payload(item)));
                out.flush();
                String ack = MllpFrames.read(in, StandardCharsets.UTF_8);
                String code = MllpFrames.field(ack, "MSA", 1);
                if ("AA".equals(code) || "CA".equals(code)) {
                    return Answer.ACCEPTED;
                }
                return "AR".equals(code) ? Answer.RESEND_LATER : Answer.refused(
                        code + " " + MllpFrames.field(ack, "MSA", 3) + " " + MllpFrames.field(ack, "ERR", 8));
            });
        } catch (IOException | InterruptedException e) {
            errors.add("MLLP connection failed: " + e);
        }
    }

    private void http(Run run, List<Item> items, long start, double rate, long[] offered, long[] accepted,
                      Queue<String> errors, AtomicInteger resends) {
        URI uri = URI.create(home.fhirEndpoint());
        try {
            sendEach("HTTP", items, start, rate, offered, accepted, errors, resends, item -> {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(run.payload(item))).build();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    String id = answer.headers().firstValue("X-CareBridge-Message-Id").orElse("");
                    if (!id.equals(item.messageId())) {
                        errors.add("HTTP item " + item.index() + ": accepted as " + id + ", expected " + item.messageId());
                    }
                    return Answer.ACCEPTED;
                }
                return answer.statusCode() == 503 ? Answer.RESEND_LATER : Answer.refused(answer.statusCode() + " "
                        + answer.body().substring(0, Math.min(400, answer.body().length())));
            });
        } catch (IOException | InterruptedException e) {
            errors.add("HTTP client failed: " + e);
        }
    }

    /**
     * Files dropped in order; at saturation, a new one only while fewer than {@code csvFilesInInbox} wait there
     * (a care home does not pile up thousands of files). Rows count as accepted when their file has left the inbox.
     */
    private void csv(Run run, long start, double rate, long[] offered, long[] accepted, Queue<String> errors) {
        Path inbox = home.inbox(BenchHome.CARE_HOME);
        List<CsvFile> waiting = new ArrayList<>();
        try {
            Files.createDirectories(inbox);
            for (CsvFile file : run.files()) {
                if (rate > 0) {
                    offer(start, rate, file.first() + file.rows() - 1 - run.files().get(0).first());
                } else {
                    while (csvCount(inbox) >= csvFilesInInbox) {
                        Thread.sleep(2);
                    }
                }
                Path tmp = inbox.resolve("." + file.name());
                Files.write(tmp, file.content());
                Files.move(tmp, inbox.resolve(file.name()));
                long at = Receivers.now();
                for (int r = 0; r < file.rows(); r++) {
                    offered[file.first() + r] = at;
                }
                waiting.add(file);
                markTaken(inbox, waiting, accepted);
            }
            long lastTaken = System.nanoTime();
            while (!waiting.isEmpty()) {
                Thread.sleep(5);
                int before = waiting.size();
                markTaken(inbox, waiting, accepted);
                if (waiting.size() < before) {
                    lastTaken = System.nanoTime();
                } else if (System.nanoTime() - lastTaken > 600_000_000_000L) {
                    errors.add("CSV: " + waiting.size() + " file(s) still in the inbox after 10 minutes without progress");
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            errors.add("CSV drop failed: " + e);
        }
    }

    private static void markTaken(Path inbox, List<CsvFile> waiting, long[] accepted) {
        long now = Receivers.now();
        waiting.removeIf(f -> {
            if (Files.exists(inbox.resolve(f.name()))) {
                return false;
            }
            for (int r = 0; r < f.rows(); r++) {
                accepted[f.first() + r] = now;
            }
            return true;
        });
    }

    private static long csvCount(Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")
                    && !f.getFileName().toString().startsWith(".")).count();
        }
    }
}
