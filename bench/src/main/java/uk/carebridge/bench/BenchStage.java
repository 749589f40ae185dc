package uk.carebridge.bench;

import java.util.List;

/**
 * One stage of the benchmark: something that takes the benchmark's messages and reports how many a second it
 * moves. The raw-limit stages ({@link FhirJsonStage}, {@link BrokerStage}, {@link ValidationStage}) say what
 * is physically possible on this machine.
 *
 * <p>Extension point for the end-to-end stage (issue 7, next part): a class implementing this interface that
 * starts the real server (demo config, embedded persistent broker) in a child process or in this JVM, feeds
 * {@link BenchContext#messages()} (or records derived from them: CSV rows, HL7 v2 ADT, local-authority JSON)
 * through the real inbound transports, counts deliveries at local receivers, and returns its figures as
 * {@link Measurement}s of kind {@link Measurement.Kind#END_TO_END}, with latencies from inbound accept to
 * delivery. Register it in {@link BenchCommand#stages()}; {@link Report} then also prints the ratio end to end /
 * min(raw limits).
 */
public interface BenchStage {

    /** Short id, used with {@code --stages} and in the JSON report: fhir, broker, validation, e2e... */
    String id();

    /** Runs the stage: warm-up first, then {@link BenchContext#runs()} timed runs per configuration. */
    List<Measurement> run(BenchContext context) throws Exception;
}
