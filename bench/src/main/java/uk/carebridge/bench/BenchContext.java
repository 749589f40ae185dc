package uk.carebridge.bench;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;

/**
 * What every stage gets: the one shared FhirContext, the benchmark messages (as objects and as the JSON the
 * broker carries), each message's group key (the person's NHS number), the options, and the resource monitor.
 */
public record BenchContext(
        FhirContext fhir,
        List<Bundle> messages,
        List<String> json,
        List<String> groupKeys,
        BenchCommand options,
        ResourceMonitor monitor) {

    public int runs() {
        return options.runs;
    }

    /** The thread counts to measure CPU-bound stages on: 1 and the --threads value (if more). */
    public List<Integer> threadCounts() {
        return options.threads > 1 ? List.of(1, options.threads) : List.of(1);
    }

    public void log(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }
}
