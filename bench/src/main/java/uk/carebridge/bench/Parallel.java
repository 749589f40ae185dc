package uk.carebridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs a share of {@code count} items on each of {@code threads} threads, all started together; returns wall time. */
final class Parallel {

    /** The work of one thread: items {@code from} (inclusive) to {@code to} (exclusive), by index. */
    interface Slice {
        void run(int thread, int from, int to) throws Exception;
    }

    private Parallel() {
    }

    static long run(int threads, int count, Slice slice) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            int from = (int) ((long) count * t / threads);
            int to = (int) ((long) count * (t + 1) / threads);
            Thread w = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    slice.run(thread, from, to);
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "bench-worker-" + t);
            workers.add(w);
            w.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        if (failure[0] != null) {
            throw new IllegalStateException("a benchmark thread failed: " + failure[0], failure[0]);
        }
        return wall;
    }

    /**
     * One CPU-bound configuration as the raw-limit stages time it: {@code warm} items through {@code warmUp} so the
     * JIT has compiled the paths, then {@code runs} timed runs of {@code count} items through {@code timed}, each
     * run's wall time and whole-process CPU time added to {@code collector}.
     */
    static Measurement.Collector warmUpAndTime(Measurement.Collector collector, int runs, int threads, int warm,
                                               Slice warmUp, int count, Slice timed) throws Exception {
        run(threads, warm, warmUp);
        for (int r = 0; r < runs; r++) {
            long cpu = ResourceMonitor.processCpuNanos();
            long wall = run(threads, count, timed);
            collector.run(count, wall, ResourceMonitor.processCpuNanos() - cpu);
        }
        return collector;
    }
}
