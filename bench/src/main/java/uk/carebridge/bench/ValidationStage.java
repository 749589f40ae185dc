package uk.carebridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.hl7.fhir.r4.model.Bundle;

import uk.carebridge.validation.MessageValidator;

/**
 * Raw limit (c): CareBridge's validation levels (uk.carebridge.validation.MessageValidator) on 1 and
 * --threads threads, one shared validator: {@code checkMessage} (the basic checks every message gets) over all
 * messages, and {@code checkProfiles} (HAPI instance validation, R4 + UK Core) over the first
 * --validation-messages messages, since it runs at tens of messages a second per thread. Bound by CPU in HAPI's
 * instance validator (element-by-element walk against the snapshots, FHIRPath invariants, terminology lookups in
 * memory); it also holds several hundred MB of heap once built.
 */
public final class ValidationStage implements BenchStage {

    @Override
    public String id() {
        return "validation";
    }

    @Override
    public List<Measurement> run(BenchContext ctx) throws Exception {
        List<Measurement> results = new ArrayList<>();
        MessageValidator validator = new MessageValidator(ctx.fhir());
        List<Bundle> messages = ctx.messages();
        int n = messages.size();

        // Basic checks: every message of the benchmark must pass them (the generator's own test).
        AtomicInteger basicFailures = new AtomicInteger();
        for (int threads : ctx.threadCounts()) {
            ctx.monitor().open();
            int warm = ctx.options().warmupMessages(n);
            Measurement.Collector c = Parallel.warmUpAndTime(
                    new Measurement.Collector(id(), "checkMessage (basic)", threads, n), ctx.runs(), threads, warm,
                    (t, from, to) -> {
                        for (int i = from; i < to; i++) {
                            validator.checkMessage(messages.get(i % n));
                        }
                    },
                    n, (t, from, to) -> {
                        for (int i = from; i < to; i++) {
                            if (!validator.checkMessage(messages.get(i)).isEmpty()) {
                                basicFailures.incrementAndGet();
                            }
                        }
                    });
            Measurement m = c.setting("messagesFailing", basicFailures.getAndSet(0))
                    .memory(ctx.monitor().closeWindow()).done();
            ctx.log("validation %-20s %d thread(s): %,.0f msg/s", m.name(), threads, m.medianPerSecond());
            results.add(m);
        }

        // Profile validation: HAPI instance validator, UK Core.
        int m = Math.min(n, ctx.options().validationMessages);
        ctx.monitor().open();
        long buildStart = System.nanoTime();
        validator.warmUp(messages.get(0));
        long firstMs = (System.nanoTime() - buildStart) / 1_000_000;
        List<MessageValidator.Issue> firstIssues = validator.checkProfiles(messages.get(0));
        if (!firstIssues.isEmpty()) {
            ctx.log("profile validation of message 0 reports %d error(s), e.g. %s", firstIssues.size(),
                    firstIssues.subList(0, Math.min(3, firstIssues.size())));
        }
        ctx.log("validation: validator built and first message checked in %,d ms", firstMs);
        for (int threads : ctx.threadCounts()) {
            if (threads > 1) {
                ctx.monitor().open();
            }
            int warm = Math.min(m, ctx.options().validationWarmup);
            AtomicInteger withErrors = new AtomicInteger();
            Measurement.Collector c = Parallel.warmUpAndTime(
                    new Measurement.Collector(id(), "checkProfiles (UK Core)", threads, m)
                            .setting("validatorBuildAndFirstMessageMs", firstMs)
                            .setting("warmupMessages", warm), ctx.runs(), threads, warm,
                    (t, from, to) -> {
                        for (int i = from; i < to; i++) {
                            validator.checkProfiles(messages.get(i));
                        }
                    },
                    m, (t, from, to) -> {
                        for (int i = from; i < to; i++) {
                            if (!validator.checkProfiles(messages.get(i)).isEmpty()) {
                                withErrors.incrementAndGet();
                            }
                        }
                    });
            Measurement meas = c.setting("messagesWithErrors", withErrors.get() / Math.max(1, ctx.runs()))
                    .memory(ctx.monitor().closeWindow()).done();
            ctx.log("validation %-20s %d thread(s): %,.1f msg/s", meas.name(), threads, meas.medianPerSecond());
            results.add(meas);
        }
        return results;
    }
}
