package uk.carebridge.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

import uk.carebridge.plugin.mllp.MllpFrames;
import uk.carebridge.testkit.mllp.EngineAcks;
import uk.carebridge.testkit.mllp.MllpListener;

/**
 * The partners at the receiving end, each real: an HTTP server (the council's notices endpoint), an MLLP listener
 * (a ward system), and a collector that picks up outbox files as a care provider's system would (and deletes
 * them, so a million-message run does not fill the disk). Each records the CareBridge message id of every
 * delivery with its arrival time in {@link Deliveries}.
 */
final class Receivers {

    private Receivers() {
    }

    /** Wall-clock time in nanoseconds since the epoch: comparable with file modification times. */
    static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Every delivery at every destination: first arrival per message id, and how many arrived in all. */
    static final class Deliveries {
        private final Map<String, Map<String, Long>> firstArrival = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> count = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong last = new AtomicLong();

        void record(String destination, String messageId, long at) {
            firstArrival.computeIfAbsent(destination, d -> new ConcurrentHashMap<>()).putIfAbsent(messageId, at);
            count.computeIfAbsent(destination, d -> new AtomicLong()).incrementAndGet();
            total.incrementAndGet();
            last.accumulateAndGet(at, Math::max);
        }

        Map<String, Long> arrivals(String destination) {
            return firstArrival.getOrDefault(destination, Map.of());
        }

        long count(String destination) {
            AtomicLong c = count.get(destination);
            return c == null ? 0 : c.get();
        }

        long total() {
            return total.get();
        }

        long lastArrival() {
            return last.get();
        }

        void clear() {
            firstArrival.clear();
            count.clear();
            total.set(0);
            last.set(0);
        }
    }

    /** The council: POSTs carry X-CareBridge-Message-Id; answers 200 once the body is read. Can go down and up. */
    static final class HttpDestination implements AutoCloseable {
        private final String name;
        private final int port;
        private final Deliveries deliveries;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private HttpServer server;

        HttpDestination(String name, int port, Deliveries deliveries) {
            this.name = name;
            this.port = port;
            this.deliveries = deliveries;
        }

        synchronized HttpDestination up() throws IOException {
            if (server == null) {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
                server.setExecutor(pool);
                server.createContext("/", exchange -> {
                    try (InputStream body = exchange.getRequestBody()) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                    String id = exchange.getRequestHeaders().getFirst("X-CareBridge-Message-Id");
                    deliveries.record(name, id == null ? "?" : id, now());
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
            }
            return this;
        }

        /** Down: connections refused, as when the council's server is off. */
        synchronized void down() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        @Override
        public void close() {
            down();
            pool.shutdownNow();
        }
    }

    /** A ward system's MLLP listener: MSH-10 is CareBridge's message id; answers AA with MSA-2 = MSH-10. */
    static final class MllpDestination implements AutoCloseable {
        private final String name;
        private final Deliveries deliveries;
        private final MllpListener listener;

        MllpDestination(String name, Deliveries deliveries) throws IOException {
            this.name = name;
            this.deliveries = deliveries;
            listener = MllpListener.open(0, "bench-mllp-destination", MllpListener.Handler.text(this::record));
        }

        int port() {
            return listener.port();
        }

        private String record(String message) {
            String controlId = MllpFrames.field(message, "MSH", 10);
            deliveries.record(name, controlId, now());
            return EngineAcks.ack(message, "AA", null, null);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /**
     * Care providers' outboxes: each {@code <message id>.json} (CareBridge writes a dot-file and renames it) is
     * recorded with its modification time as the delivery time, then deleted, as the provider's system collects it.
     */
    static final class OutboxCollector implements AutoCloseable {
        private final Map<Path, String> folders;
        private final Deliveries deliveries;
        private final WatchService watcher;
        private final Thread thread;

        OutboxCollector(Map<Path, String> folders, Deliveries deliveries) throws IOException {
            this.folders = folders;
            this.deliveries = deliveries;
            this.watcher = FileSystems.getDefault().newWatchService();
            for (Path folder : folders.keySet()) {
                Files.createDirectories(folder);
                folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            }
            thread = new Thread(this::collect, "bench-outbox-collector");
            thread.setDaemon(true);
            thread.start();
        }

        private void collect() {
            try {
                while (true) {
                    WatchKey key = watcher.poll(200, TimeUnit.MILLISECONDS);
                    if (key == null) {
                        folders.keySet().forEach(this::sweep); // a missed event never loses a delivery
                        continue;
                    }
                    Path folder = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            sweep(folder);
                        } else {
                            take(folder, folder.resolve((Path) event.context()));
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException stopped) {
                // closed
            }
        }

        /** Collects every finished file now in the folder. */
        void sweep(Path folder) {
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> all = files.toList();
                all.forEach(f -> take(folder, f));
            } catch (IOException e) {
                // the folder is being written; the next sweep sees it
            }
        }

        private void take(Path folder, Path file) {
            String name = file.getFileName().toString();
            if (name.startsWith(".") || !name.endsWith(".json")) {
                return;
            }
            try {
                long mtime = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
                Files.delete(file);
                deliveries.record(folders.get(folder), name.substring(0, name.length() - 5), mtime);
            } catch (NoSuchFileException alreadyTaken) {
                // the sweep and the event both saw it
            } catch (IOException e) {
                // retried by the next sweep
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            thread.interrupt();
            watcher.close();
            thread.join(2000);
        }
    }
}
