package uk.carebridge.plugins.careprovider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.hl7.fhir.r4.model.Bundle;

import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;

/**
 * A stand-in for the server's gateway: remembers every batch, answers DUPLICATE for a source key it has
 * seen, REJECTED for rejections (and for messages a test wants refused), and can play "broker down".
 */
final class RecordingGateway implements InboundGateway {

    final List<List<InboundRecord>> batches = new ArrayList<>();
    private final Set<String> persisted = new HashSet<>();
    private final Map<String, String> refuse = new ConcurrentHashMap<>();
    private volatile boolean unavailable;
    private volatile int unavailableAfterBatches = -1;
    volatile int unavailableAttempts;

    /** Every submit throws until {@link #recover()}. */
    void goDown() {
        unavailable = true;
    }

    /** The next {@code n} batches succeed, then the gateway goes down. */
    void goDownAfter(int n) {
        unavailableAfterBatches = batches.size() + n;
    }

    void recover() {
        unavailable = false;
        unavailableAfterBatches = -1;
    }

    /** Answer REJECTED for messages matching, as the server does for a message failing validation. */
    void refuse(String sourceKeySuffix, String reason) {
        refuse.put(sourceKeySuffix, reason);
    }

    @Override
    public synchronized List<InboundOutcome> submit(List<InboundRecord> records) throws InboundUnavailableException {
        if (unavailable || (unavailableAfterBatches >= 0 && batches.size() >= unavailableAfterBatches)) {
            unavailableAttempts++;
            throw new InboundUnavailableException("test broker is down", null);
        }
        batches.add(List.copyOf(records));
        List<InboundOutcome> outcomes = new ArrayList<>();
        for (InboundRecord r : records) {
            String id = "msg-" + r.sourceKey().replace(':', '-');
            if (r instanceof InboundRecord.Rejected rejected) {
                outcomes.add(InboundOutcome.rejected(null, rejected.location(), rejected.reason()));
            } else if (refuse.keySet().stream().anyMatch(r.sourceKey()::endsWith)) {
                String reason = refuse.entrySet().stream().filter(e -> r.sourceKey().endsWith(e.getKey()))
                        .findFirst().orElseThrow().getValue();
                outcomes.add(InboundOutcome.rejected(id, "Patient.identifier", reason));
            } else if (persisted.add(r.sourceKey())) {
                outcomes.add(InboundOutcome.accepted(id));
            } else {
                outcomes.add(InboundOutcome.duplicate(id));
            }
        }
        return outcomes;
    }

    synchronized List<InboundRecord> records() {
        return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<InboundRecord.Message> messages() {
        return records().stream().filter(InboundRecord.Message.class::isInstance)
                .map(InboundRecord.Message.class::cast).toList();
    }

    synchronized List<InboundRecord.Rejected> rejections() {
        return records().stream().filter(InboundRecord.Rejected.class::isInstance)
                .map(InboundRecord.Rejected.class::cast).toList();
    }

    /** The messages whose source key ends with ":row". */
    synchronized Bundle messageForRow(int row) {
        return messages().stream().filter(m -> m.sourceKey().endsWith(":" + row)).findFirst()
                .orElseThrow(() -> new AssertionError("no message for row " + row)).bundle();
    }

    synchronized List<InboundRecord.Message> messages(Predicate<InboundRecord.Message> filter) {
        return messages().stream().filter(filter).toList();
    }
}
