package uk.carebridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.io.FileUtils;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ServerConfig;

/**
 * Raw limit (b): the embedded persistent ActiveMQ broker exactly as the server starts it ({@link MessageBroker}:
 * KahaDB with a disk sync per journal write batch, pooled vm:// connections, every send synchronous), KahaDB in a
 * temporary folder. Two queue hops, all transacted, nothing acknowledged before it is persisted:
 * <pre>
 *   P producers --(commit every k)--> queue A --F forwarders: receive + send to B + commit, one transaction--> queue B
 *   --C consumers (commit)--> done
 * </pre>
 * Consumers commit after k messages or as soon as their prefetch buffer is empty (whichever first), so batches
 * grow with load and stay small when it is light. Messages carry JMSXGroupID = the person's NHS number, as in
 * the server. Latency is from the producer's send (the scheduled send time in the paced run) to the final
 * consumer's commit. Bound by the synced journal writes (fsync latency of the disk): throughput comes from
 * putting many messages into each sync, via batched commits and concurrent transactions that KahaDB writes
 * together.
 */
public final class BrokerStage implements BenchStage {

    @Override
    public String id() {
        return "broker";
    }

    @Override
    public List<Measurement> run(BenchContext ctx) throws Exception {
        BenchCommand o = ctx.options();
        Path dir = Files.createTempDirectory("carebridge-bench-broker");
        List<Measurement> results = new ArrayList<>();
        ServerConfig.BrokerSettings settings = new ServerConfig.BrokerSettings(null, null, null, 0,
                dir.toString(), null, null, null, null, null);
        try (MessageBroker broker = MessageBroker.start(settings, dir)) {
            ConnectionFactory cf = connectionFactory(ctx.options(), broker);
            int n = ctx.messages().size();

            // Saturation: producers send as fast as the broker takes them.
            ctx.monitor().open();
            pipeline(ctx, cf, "warmup", ctx.options().warmupMessages(n), o.producers, o.batch, 0);
            Measurement.Collector sat = collector(ctx, "2 hops, saturation", n, 0);
            List<long[]> lat = new ArrayList<>();
            for (int r = 0; r < ctx.runs(); r++) {
                long cpu = ResourceMonitor.processCpuNanos();
                Outcome out = pipeline(ctx, cf, "sat" + r, n, o.producers, o.batch, 0);
                sat.run(n, out.wallNanos, ResourceMonitor.processCpuNanos() - cpu);
                lat.add(out.latencies);
            }
            results.add(report(ctx, sat.latency(Measurement.Latency.ofNanos(concat(lat)))
                    .memory(ctx.monitor().closeWindow()).done()));

            // Fixed offered load: a partner-like sender, one message per transaction (acknowledged once persisted).
            if (o.offeredRate > 0) {
                int paced = (int) Math.min(n, (long) o.offeredRate * o.pacedSeconds);
                ctx.monitor().open();
                Measurement.Collector fixed = collector(ctx, "2 hops, offered " + o.offeredRate + "/s", paced, o.offeredRate);
                lat.clear();
                for (int r = 0; r < ctx.runs(); r++) {
                    long cpu = ResourceMonitor.processCpuNanos();
                    Outcome out = pipeline(ctx, cf, "paced" + r, paced, o.producers, 1, o.offeredRate);
                    fixed.run(paced, out.wallNanos, ResourceMonitor.processCpuNanos() - cpu);
                    lat.add(out.latencies);
                }
                results.add(report(ctx, fixed.latency(Measurement.Latency.ofNanos(concat(lat)))
                        .memory(ctx.monitor().closeWindow()).done()));
            }
        } finally {
            FileUtils.deleteQuietly(dir.toFile());
        }
        return results;
    }

    /**
     * The server's pooled factory when --sync-send (every send waits for the broker, as the server does it); else
     * a plain vm:// factory, a connection per producer/consumer, with the client defaults for transacted sends
     * (one-way inside the transaction: the synchronous commit fails if any send of the transaction failed, so
     * nothing is acknowledged that is not persisted) and no defensive copy on send.
     */
    private static ConnectionFactory connectionFactory(BenchCommand o, MessageBroker broker) {
        if (o.syncSend) {
            return broker.connectionFactory();
        }
        org.apache.activemq.ActiveMQConnectionFactory f =
                new org.apache.activemq.ActiveMQConnectionFactory("vm://carebridge?create=false");
        f.setWatchTopicAdvisories(false);
        f.setAlwaysSyncSend(false);
        f.setCopyMessageOnSend(false);
        return f;
    }

    private Measurement report(BenchContext ctx, Measurement m) {
        ctx.log("broker %-26s: %,.0f msg/s, latency p50 %.1f ms p99 %.1f ms max %.1f ms", m.name(), m.medianPerSecond(),
                m.latencyMs().p50(), m.latencyMs().p99(), m.latencyMs().max());
        return m;
    }

    private Measurement.Collector collector(BenchContext ctx, String name, int messages, int rate) {
        BenchCommand o = ctx.options();
        int avg = (int) ctx.json().stream().mapToInt(String::length).average().orElse(0);
        return new Measurement.Collector(id(), name, o.producers + o.forwarders + o.consumers, messages)
                .setting("broker", "embedded ActiveMQ 6 started by uk.carebridge.server.broker.MessageBroker, KahaDB in a "
                        + "temp folder, journal disk sync on every write batch (default ALWAYS)")
                .setting("client", o.syncSend ? "MessageBroker's pooled vm:// factory, alwaysSyncSend (as the server)"
                        : "vm:// connection per thread, transacted sends one-way until the synchronous commit, copyMessageOnSend=false")
                .setting("deliveryMode", "PERSISTENT")
                .setting("producers", o.producers)
                .setting("producerCommitEvery", rate > 0 ? 1 : o.batch)
                .setting("forwarders", o.forwarders)
                .setting("consumers", o.consumers)
                .setting("consumerCommit", "every " + o.batch + " messages or when the prefetch buffer is empty")
                .setting("messageGroups", o.groups ? "JMSXGroupID = NHS number" : "none")
                .setting("averagePayloadBytes", avg)
                .setting("offeredRatePerSecond", rate > 0 ? rate : "unbounded (saturation)");
    }

    private record Outcome(long wallNanos, long[] latencies) {
    }

    /** One run: every message through A and B; returns when the last one is committed at the final consumer. */
    private Outcome pipeline(BenchContext ctx, ConnectionFactory cf, String tag, int count, int producers, int batch,
            int rate) throws Exception {
        BenchCommand o = ctx.options();
        String queueA = "bench." + tag + ".A";
        String queueB = "bench." + tag + ".B";
        long[] latencies = new long[count];
        BitSet seen = new BitSet(count);
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        List<Loop> loops = new ArrayList<>();
        for (int i = 0; i < o.forwarders; i++) {
            loops.add(new Loop(cf, queueA, queueB, batch(o), null, null, null, null));
        }
        for (int i = 0; i < o.consumers; i++) {
            loops.add(new Loop(cf, queueB, null, batch(o), latencies, seen, duplicates, done));
        }
        List<Thread> threads = new ArrayList<>();
        for (Loop loop : loops) {
            loop.ready.await(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < loops.size(); i++) {
            Thread t = new Thread(loops.get(i), "bench-broker-" + tag + "-" + i);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        long wallProducers = Parallel.run(producers, count, (p, from, to) -> produce(ctx, cf, queueA, p, producers, count,
                batch, rate, start));
        if (!done.await(Math.max(120, count / 100), TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker run " + tag + ": only " + (count - done.getCount()) + " of " + count
                    + " messages arrived");
        }
        long wall = System.nanoTime() - start;
        for (Loop loop : loops) {
            loop.stop = true;
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (Loop loop : loops) {
            loop.close();
        }
        if (seen.cardinality() != count || duplicates.get() > 0) {
            throw new IllegalStateException("broker run " + tag + ": " + seen.cardinality() + " distinct of " + count
                    + ", " + duplicates.get() + " duplicates");
        }
        if (wallProducers > wall) {
            wall = wallProducers;
        }
        return new Outcome(wall, latencies);
    }

    private static int batch(BenchCommand o) {
        return o.batch;
    }

    /** Producer {@code p} of {@code producers} sends messages p, p + producers, p + 2 producers... */
    private static void produce(BenchContext ctx, ConnectionFactory cf, String queue, int p0, int producers, int count,
            int batch, int rate, long start) throws Exception {
        Connection c = cf.createConnection();
        try {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            int size = ctx.json().size();
            int pending = 0;
            for (int i = p0; i < count; i += producers) {
                long sent;
                if (rate > 0) {
                    // Paced: message i is due at start + i/rate; latency counts from when it was due.
                    sent = start + (long) (i * 1e9 / rate);
                    long wait = sent - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    sent = System.nanoTime();
                }
                TextMessage m = s.createTextMessage(ctx.json().get(i % size));
                m.setIntProperty("idx", i);
                m.setLongProperty("sentNanos", sent);
                if (ctx.options().groups) {
                    m.setStringProperty("JMSXGroupID", ctx.groupKeys().get(i % size));
                }
                p.send(m);
                if (++pending >= batch) {
                    s.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.commit();
            }
        } finally {
            c.close();
        }
    }

    /** A forwarder (A -> B in one transaction) or a final consumer (B, records latency after its commit). */
    private static final class Loop implements Runnable {
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean stop;
        private final Connection connection;
        private final Session session;
        private final MessageConsumer consumer;
        private final MessageProducer forward;
        private final int batch;
        private final long[] latencies;
        private final BitSet seen;
        private final AtomicInteger duplicates;
        private final CountDownLatch done;

        Loop(ConnectionFactory cf, String from, String to, int batch, long[] latencies, BitSet seen,
                AtomicInteger duplicates, CountDownLatch done) throws Exception {
            this.connection = cf.createConnection();
            connection.start();
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.consumer = session.createConsumer(session.createQueue(from));
            this.forward = to == null ? null : session.createProducer(session.createQueue(to));
            if (forward != null) {
                forward.setDeliveryMode(DeliveryMode.PERSISTENT);
            }
            this.batch = batch;
            this.latencies = latencies;
            this.seen = seen;
            this.duplicates = duplicates;
            this.done = done;
            ready.countDown();
        }

        @Override
        public void run() {
            int[] idx = new int[batch];
            long[] sent = new long[batch];
            int pending = 0;
            try {
                while (!stop || pending > 0) {
                    Message m = pending > 0 ? consumer.receiveNoWait() : consumer.receive(100);
                    if (m != null) {
                        if (forward != null) {
                            TextMessage copy = session.createTextMessage(((TextMessage) m).getText());
                            copy.setIntProperty("idx", m.getIntProperty("idx"));
                            copy.setLongProperty("sentNanos", m.getLongProperty("sentNanos"));
                            if (m.getStringProperty("JMSXGroupID") != null) {
                                copy.setStringProperty("JMSXGroupID", m.getStringProperty("JMSXGroupID"));
                            }
                            forward.send(copy);
                        } else {
                            idx[pending] = m.getIntProperty("idx");
                            sent[pending] = m.getLongProperty("sentNanos");
                        }
                        pending++;
                    }
                    if (pending > 0 && (m == null || pending >= batch)) {
                        session.commit();
                        if (forward == null) {
                            long now = System.nanoTime();
                            synchronized (seen) {
                                for (int i = 0; i < pending; i++) {
                                    if (seen.get(idx[i])) {
                                        duplicates.incrementAndGet();
                                    }
                                    seen.set(idx[i]);
                                    latencies[idx[i]] = now - sent[i];
                                }
                            }
                            for (int i = 0; i < pending; i++) {
                                done.countDown();
                            }
                        }
                        pending = 0;
                    }
                }
            } catch (Exception e) {
                if (!stop) {
                    System.err.println("[bench] broker loop failed: " + e);
                }
            }
        }

        void close() {
            try {
                connection.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
