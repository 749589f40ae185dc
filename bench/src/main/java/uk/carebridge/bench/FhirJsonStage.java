package uk.carebridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.parser.IParser;

/**
 * Raw limit (a): HAPI FHIR R4 JSON encode, parse, and encode + parse of the benchmark Bundles, one shared
 * FhirContext, a parser per thread (parsers are cheap and not shared), on 1 and on --threads threads.
 * Bound by CPU: HAPI's reflection-driven model walk (encode) and Jackson streaming plus object creation
 * (parse); on 2 cores two threads are the ceiling.
 */
public final class FhirJsonStage implements BenchStage {

    private enum Op { ENCODE, PARSE, ROUND_TRIP }

    @Override
    public String id() {
        return "fhir";
    }

    @Override
    public List<Measurement> run(BenchContext ctx) throws Exception {
        List<Measurement> results = new ArrayList<>();
        int n = ctx.messages().size();
        LongAdder sink = new LongAdder(); // keeps the JIT from dropping the work
        for (int threads : ctx.threadCounts()) {
            for (Op op : Op.values()) {
                ctx.monitor().open();
                // Warm-up: at least a few thousand messages, whatever --messages is, so the JIT has compiled the paths.
                int warm = ctx.options().warmupMessages(n);
                Parallel.Slice slice = (t, from, to) -> work(ctx, op, from, to, sink);
                Measurement.Collector c = Parallel.warmUpAndTime(new Measurement.Collector(id(), name(op), threads, n)
                        .setting("parser", "one FhirContext, newJsonParser() per thread")
                        .setting("warmupMessages", warm), ctx.runs(), threads, warm, slice, n, slice);
                Measurement m = c.memory(ctx.monitor().closeWindow()).done();
                ctx.log("fhir %-20s %d thread(s): %,.0f msg/s", m.name(), threads, m.medianPerSecond());
                results.add(m);
            }
        }
        if (sink.sum() == 42) {
            System.err.print("");
        }
        return results;
    }

    private static String name(Op op) {
        return switch (op) {
            case ENCODE -> "json encode";
            case PARSE -> "json parse";
            case ROUND_TRIP -> "json encode+parse";
        };
    }

    private static void work(BenchContext ctx, Op op, int from, int to, LongAdder sink) {
        IParser parser = ctx.fhir().newJsonParser();
        List<Bundle> messages = ctx.messages();
        List<String> json = ctx.json();
        int size = messages.size();
        long total = 0;
        for (int i = from; i < to; i++) {
            int k = i % size;
            switch (op) {
                case ENCODE -> total += parser.encodeResourceToString(messages.get(k)).length();
                case PARSE -> total += parser.parseResource(Bundle.class, json.get(k)).getEntry().size();
                case ROUND_TRIP -> total += parser.parseResource(Bundle.class,
                        parser.encodeResourceToString(messages.get(k))).getEntry().size();
            }
        }
        sink.add(total);
    }
}
