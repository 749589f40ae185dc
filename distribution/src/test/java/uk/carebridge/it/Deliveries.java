package uk.carebridge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.testkit.mllp.EngineAcks;
import uk.carebridge.testkit.mllp.MllpListener;

/**
 * What load tests need at the receiving end: each delivery reduced to (message id, key) where the key is the
 * sender's own per-person sequence ({@code TRU07-000012}: source TRU, person 07, 12th message for that person),
 * recovered from the delivered content; and the tally of a destination: lost, duplicates, order.
 */
final class Deliveries {

    /** A sender's key: source, person, per-person sequence number. Found anywhere in a delivered message. */
    static final Pattern KEY = Pattern.compile("(TRU|CSV|LAC)(\\d{2})-(\\d{6})");

    private Deliveries() {
    }

    static String key(String source, int person, int seq) {
        return "%s%02d-%06d".formatted(source, person, seq);
    }

    /** One delivery as a receiver saw it; {@code at} is System.nanoTime() of arrival (or file mtime in ns). */
    record Delivery(String messageId, String key, long at) {
        String stream() {
            return key.substring(0, 5); // source + person
        }

        int seq() {
            return Integer.parseInt(key.substring(6));
        }
    }

    /** The first key in a text, or null. */
    static String findKey(String text) {
        Matcher m = KEY.matcher(text);
        return m.find() ? m.group() : null;
    }

    /** An HTTP destination: records (X-CareBridge-Message-Id, key) in arrival order, answers 200. Keeps no bodies. */
    static final class HttpRecorder implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(8);
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final List<String> unrecognised = new CopyOnWriteArrayList<>();

        HttpRecorder(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
            server.setExecutor(pool);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String key = findKey(body);
                String id = exchange.getRequestHeaders().getFirst("X-CareBridge-Message-Id");
                if (key == null) {
                    unrecognised.add(id);
                } else {
                    deliveries.add(new Delivery(id, key, System.nanoTime()));
                    keys.add(key);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/process-message";
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** An MLLP destination (a trust's listener): records (MSH-10 = CareBridge message id, key), answers AA. */
    static final class MllpRecorder implements AutoCloseable {
        private final MllpListener listener;
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final List<String> unrecognised = new CopyOnWriteArrayList<>();

        MllpRecorder() throws IOException {
            listener = MllpListener.open(0, "mllp-recorder", MllpListener.Handler.text(this::record));
        }

        int port() {
            return listener.port();
        }

        private String record(String message) {
            String controlId = MllpFrames.field(message, "MSH", 10);
            String key = findKey(message);
            if (key == null) {
                unrecognised.add(controlId);
            } else {
                deliveries.add(new Delivery(controlId, key, System.nanoTime()));
                keys.add(key);
            }
            return EngineAcks.ack(message, "AA", null, null);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /**
     * An outbox folder: one file per message ({@code <message id>.json}; a duplicate overwrites its file, so duplicates
     * do not show here). The order is the files' modification times, which the kernel keeps coarsely: only a strictly
     * earlier time for a later sequence number counts as out of order.
     */
    static List<Delivery> outbox(Path folder) throws IOException {
        List<Delivery> out = new ArrayList<>();
        for (Path file : TestHome.files(folder)) {
            String name = file.getFileName().toString();
            String key = findKey(Files.readString(file));
            long mtime = Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS);
            out.add(new Delivery(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name,
                    key == null ? "?" : key, mtime));
        }
        out.sort(java.util.Comparator.comparingLong(Delivery::at));
        return out;
    }

    /** One destination's result against what it should have received. */
    record Tally(String destination, int expected, int delivered, int distinct, int duplicates, List<String> lost,
                 List<String> unexpected, List<String> idConflicts, List<String> orderViolations) {

        static Tally of(String destination, Collection<String> expected, Collection<String> acceptedOrRejected,
                        List<Delivery> deliveries, boolean strictOrder) {
            Map<String, String> idOf = new HashMap<>();
            List<String> idConflicts = new ArrayList<>();
            int duplicates = 0;
            for (Delivery d : deliveries) {
                String before = idOf.putIfAbsent(d.key(), d.messageId());
                if (before != null) {
                    duplicates++;
                    if (!before.equals(d.messageId())) {
                        idConflicts.add(d.key() + ": " + before + " then " + d.messageId());
                    }
                }
            }
            Set<String> lost = new LinkedHashSet<>(expected);
            lost.removeAll(idOf.keySet());
            Set<String> allowed = new java.util.HashSet<>(acceptedOrRejected);
            List<String> unexpected = idOf.keySet().stream().filter(k -> !allowed.contains(k)).sorted().toList();
            // Per person (per sender and person): first deliveries in the order the sender sent them.
            Map<String, Delivery> last = new HashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            List<String> violations = new ArrayList<>();
            for (Delivery d : deliveries) {
                if (!seen.add(d.key())) {
                    continue;
                }
                Delivery before = last.put(d.stream(), d);
                if (before != null && d.seq() < before.seq() && (strictOrder || d.at() != before.at())) {
                    violations.add(d.key() + " after " + before.key());
                }
            }
            return new Tally(destination, expected.size(), deliveries.size(), idOf.size(), duplicates,
                    List.copyOf(lost), unexpected, idConflicts, violations);
        }

        @Override
        public String toString() {
            return "%s: expected=%d delivered=%d distinct=%d duplicates=%d lost=%d unexpected=%d idConflicts=%d orderViolations=%d%s"
                    .formatted(destination, expected, delivered, distinct, duplicates, lost.size(), unexpected.size(),
                            idConflicts.size(), orderViolations.size(),
                            (lost.isEmpty() ? "" : " lost e.g. " + lost.stream().limit(10).toList())
                                    + (orderViolations.isEmpty() ? "" : " order e.g. " + orderViolations.stream().limit(10).toList())
                                    + (idConflicts.isEmpty() ? "" : " ids e.g. " + idConflicts.stream().limit(5).toList())
                                    + (unexpected.isEmpty() ? "" : " unexpected e.g. " + unexpected.stream().limit(5).toList()));
        }
    }
}
