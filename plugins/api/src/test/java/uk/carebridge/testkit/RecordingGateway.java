package uk.carebridge.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;

/**
 * A stand-in for the server's gateway (the broker-backed one is tested by the distribution ITs): remembers
 * every record, answers DUPLICATE for a source key it persisted before with the same content fingerprint (and
 * ACCEPTED under a new id for the same key with other content, as the server does), REJECTED for rejections and
 * for what a test wants refused, and can play "broker down" or "gateway bug".
 */
public final class RecordingGateway implements InboundGateway {

    private final List<InboundRecord> records = new ArrayList<>();
    private final List<InboundOutcome> outcomes = new ArrayList<>();
    /** The content fingerprint each source key was first persisted with. */
    private final Map<String, String> firstFingerprint = new HashMap<>();
    /** The ids given to messages that reused a source key with other content. */
    private final Set<String> reused = new HashSet<>();
    private volatile boolean down;
    private volatile RuntimeException bug;
    private volatile String refusal;
    private volatile String refusalLocation;

    public void goDown() {
        down = true;
    }

    public void recover() {
        down = false;
        bug = null;
    }

    /** Every submit throws this (a bug behind the gateway, not "unavailable"). */
    public void failWith(RuntimeException e) {
        bug = e;
    }

    /** Every message is REJECTED with this location and reason, as the server does when validation fails. */
    public void refuseMessages(String location, String reason) {
        refusalLocation = location;
        refusal = reason;
    }

    public static String messageId(String sourceKey) {
        return "m-" + Integer.toHexString(sourceKey.hashCode());
    }

    @Override
    public synchronized List<InboundOutcome> submit(List<InboundRecord> batch) throws InboundUnavailableException {
        if (down) {
            throw new InboundUnavailableException("test broker is down", null);
        }
        if (bug != null) {
            throw bug;
        }
        records.addAll(batch);
        List<InboundOutcome> answers = new ArrayList<>();
        for (InboundRecord r : batch) {
            String id = messageId(r.sourceKey());
            if (r instanceof InboundRecord.Rejected rejected) {
                answers.add(InboundOutcome.rejected(null, rejected.location(), rejected.reason()));
            } else if (refusal != null) {
                answers.add(InboundOutcome.rejected(id, refusalLocation, refusal));
            } else {
                answers.add(persist((InboundRecord.Message) r, id));
            }
        }
        outcomes.addAll(answers);
        return answers;
    }

    private InboundOutcome persist(InboundRecord.Message m, String id) {
        String fingerprint = m.fingerprint() != null ? m.fingerprint()
                : Messages.fingerprint(FhirContext.forR4Cached(), m.bundle());
        String first = firstFingerprint.putIfAbsent(m.sourceKey(), fingerprint);
        if (first == null) {
            return InboundOutcome.accepted(id);
        }
        if (first.equals(fingerprint)) {
            return InboundOutcome.duplicate(id);
        }
        String ownId = messageId(m.sourceKey() + "\n" + fingerprint);
        return reused.add(ownId) ? InboundOutcome.acceptedUnderNewId(ownId, id) : InboundOutcome.duplicate(ownId);
    }

    /** What each submitted record got, in order. */
    public synchronized List<InboundOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public synchronized List<InboundRecord> records() {
        return List.copyOf(records);
    }

    public synchronized List<InboundRecord.Message> messages() {
        return records.stream().filter(InboundRecord.Message.class::isInstance)
                .map(InboundRecord.Message.class::cast).toList();
    }

    public synchronized List<InboundRecord.Rejected> rejections() {
        return records.stream().filter(InboundRecord.Rejected.class::isInstance)
                .map(InboundRecord.Rejected.class::cast).toList();
    }
}
