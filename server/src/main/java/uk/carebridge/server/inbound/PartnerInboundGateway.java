package uk.carebridge.server.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.broker.Queues;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.security.InstallationKey;
import uk.carebridge.validation.MessageValidator;

/**
 * The inbound door for one partner: gives each message its stable id, validates it, and puts the
 * batch on {@code carebridge.inbound} in one JMS transaction. It returns only after the commit, so
 * whatever the plugin acknowledges is already safe in the broker.
 *
 * <p>A message's id comes from the partner's record id; the journal keeps, per id, the fingerprint of the
 * content it came with. The same record id with the same content is a resend (acknowledged, not routed again);
 * with other content it is a new message that reuses the id, received under an id of its own and journaled
 * {@link Hop#ID_REUSED}: a sender's reused id never loses a message.
 *
 * <p>Plain JMS rather than a Camel producer: the point is one transaction around a whole batch (a CSV
 * file's rows cost one disk sync, not one each), which a per-message producer cannot express.
 */
public final class PartnerInboundGateway implements InboundGateway {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerInboundGateway.class);

    private final String partnerId;
    private final ConnectionFactory broker;
    private final Supplier<String> limitReached;
    private final Journal journal;
    private final FhirContext fhir;
    private final MessageValidator validator;
    private final boolean profileValidation;
    private final Counter reusedIds;
    private final InstallationKey key;

    /** Micrometer counter (tag {@code partner}) of messages received under a record id used before for other content. */
    public static final String REUSED_ID_COUNTER = "carebridge.inbound.reused.ids";

    /**
     * {@code limitReached}: why the broker would refuse a send now (store full), else null; asked before each batch.
     * {@code metrics}: where the count of reused record ids goes ({@link #REUSED_ID_COUNTER}).
     */
    public PartnerInboundGateway(String partnerId, ConnectionFactory broker, Supplier<String> limitReached, Journal journal,
                                 FhirContext fhir, MessageValidator validator, boolean profileValidation,
                                 MeterRegistry metrics, InstallationKey key) {
        this.partnerId = partnerId;
        this.broker = broker;
        this.limitReached = limitReached;
        this.journal = journal;
        this.fhir = fhir;
        this.validator = validator;
        this.profileValidation = profileValidation;
        this.key = key;
        this.reusedIds = Counter.builder(REUSED_ID_COUNTER).tag("partner", partnerId)
                .description("Messages a partner sent under a record id it had used before for other content; "
                        + "each was received as a new message and journaled ID_REUSED")
                .register(metrics);
    }

    /** Partner id + the partner's own record id always give the same message id: resends are recognisable. */
    public static String messageId(String partnerId, String sourceKey) {
        return UUID.nameUUIDFromBytes((partnerId + "\n" + sourceKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The id of a message whose record id had been used before for other content: as stable as the first
     * (the same reused-id message resent is recognised), and different for each content.
     */
    public static String messageId(String partnerId, String sourceKey, String fingerprint) {
        return messageId(partnerId, sourceKey + "\n" + fingerprint);
    }

    /** A translated, valid record on its way to the broker, and the id it gets there. */
    private static final class Candidate {
        final int index;
        final String sourceKey;
        final String fingerprint;
        final Bundle bundle;
        String id;
        /** The stamped Bundle in JSON, as it goes on the queue. */
        String json;
        /** The message that first had this record id, when this one reuses it. */
        String reusedFrom;

        Candidate(int index, String sourceKey, String fingerprint, Bundle bundle) {
            this.index = index;
            this.sourceKey = sourceKey;
            this.fingerprint = fingerprint;
            this.bundle = bundle;
        }
    }

    @Override
    public List<InboundOutcome> submit(List<InboundRecord> records) throws InboundUnavailableException {
        InboundOutcome[] outcomes = new InboundOutcome[records.size()];
        List<JournalEntry> journalEntries = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();

        for (int i = 0; i < records.size(); i++) {
            InboundRecord record = records.get(i);
            String id = messageId(partnerId, record.sourceKey());
            if (record instanceof InboundRecord.Rejected r) {
                outcomes[i] = InboundOutcome.rejected(id, r.location(), r.reason());
                journalEntries.add(JournalEntry.of(Hop.REJECTED, id, partnerId, null, null, null,
                        r.location() + ": " + r.reason()));
                continue;
            }
            InboundRecord.Message message = (InboundRecord.Message) record;
            Bundle bundle = message.bundle();
            List<MessageValidator.Issue> issues;
            String fingerprint;
            try {
                issues = validator.checkMessage(bundle);
                if (issues.isEmpty() && profileValidation) {
                    issues = validator.checkProfiles(bundle);
                }
                fingerprint = !issues.isEmpty() ? null
                        : message.fingerprint() != null ? message.fingerprint() : Messages.fingerprint(fhir, bundle);
            } catch (RuntimeException e) {
                outcomes[i] = unusable(id, bundle, e, journalEntries);
                continue;
            }
            if (!issues.isEmpty()) {
                MessageValidator.Issue first = issues.get(0);
                String reason = first.message() + (issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : "");
                outcomes[i] = InboundOutcome.rejected(id, first.location(), reason);
                journalEntries.add(JournalEntry.of(Hop.REJECTED, id, partnerId, null, event(bundle),
                        Messages.resourceTypes(bundle), first.location() + ": " + reason));
                continue;
            }
            candidates.add(new Candidate(i, record.sourceKey(), fingerprint, bundle));
        }

        List<Candidate> toSend = new ArrayList<>();
        Map<String, String> known;
        try {
            known = journal.receivedFingerprints(possibleIds(candidates));
        } catch (IllegalStateException e) {
            // Without it a resend cannot be told from a new message: nothing is taken until the journal answers
            // again (a database restarting, a full disk).
            throw new InboundUnavailableException("the journal cannot be read now (" + e.getMessage()
                    + "); nothing was persisted, send again later", e);
        }
        for (Candidate c : candidates) {
            if (identify(c, known)) {
                known.put(c.id, c.fingerprint); // a second copy in this same batch is a resend of this one
                toSend.add(c);
            } else {
                outcomes[c.index] = InboundOutcome.duplicate(c.id);
                journalEntries.add(JournalEntry.of(Hop.DUPLICATE, c.id, partnerId, null, event(c.bundle),
                        Messages.resourceTypes(c.bundle), "resend of a message received before (same record id, "
                                + "same content); not routed again"));
            }
        }

        // Encoded before the broker transaction: what the content makes fail is refused for good, not "resend later".
        for (java.util.Iterator<Candidate> it = toSend.iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            try {
                stamp(c.bundle, c.id);
                c.json = fhir.newJsonParser().encodeResourceToString(c.bundle);
                if (hasLongDigitRun(c.json)) {
                    // The router reads it back: a number longer than the JSON reader takes (1000 digits) would be a
                    // message no consumer can read, redelivered until dead-lettered. Refused here, for good.
                    fhir.newJsonParser().parseResource(Bundle.class, c.json);
                }
            } catch (RuntimeException e) {
                outcomes[c.index] = unusable(c.id, c.bundle, e, journalEntries);
                it.remove();
            }
        }

        if (!toSend.isEmpty()) {
            Instant committedAt = persist(toSend);
            Map<String, String> received = new LinkedHashMap<>();
            for (Candidate c : toSend) {
                received.put(c.id, c.fingerprint);
                journalEntries.add(new JournalEntry(committedAt, Hop.RECEIVED, c.id, partnerId, null,
                        event(c.bundle), Messages.resourceTypes(c.bundle), null));
                if (c.reusedFrom == null) {
                    outcomes[c.index] = InboundOutcome.accepted(c.id);
                    continue;
                }
                outcomes[c.index] = InboundOutcome.acceptedUnderNewId(c.id, c.reusedFrom);
                journalEntries.add(new JournalEntry(committedAt, Hop.ID_REUSED, c.id, partnerId, null,
                        event(c.bundle), Messages.resourceTypes(c.bundle), "the partner's record id was first used by "
                                + "message " + c.reusedFrom + " with other content; received as a new message"));
                reusedIds.increment();
                // Ids only: the partner's record id (an HL7 MSH-10, say) is the sender's text and may carry anything.
                LOG.warn("Partner {}: message {} reuses the record id of message {} with other content; received as "
                        + "a new message (the sending system's ids are not unique)", partnerId, c.id, c.reusedFrom);
            }
            try {
                journal.markReceived(partnerId, received);
            } catch (RuntimeException e) {
                // The messages are safe in the broker; only resend detection for them is weakened.
                LOG.error("Partner {}: {} messages persisted but not recorded as received: {}", partnerId,
                        received.size(), e.getMessage());
            }
        }
        try {
            journal.record(journalEntries);
        } catch (RuntimeException e) {
            LOG.error("Partner {}: journal write failed: {}", partnerId, e.getMessage());
        }
        return Arrays.asList(outcomes);
    }

    /**
     * A message whose content made a check or its encoding throw (a value HAPI parsed but cannot copy, say): it fails
     * the same way each time it is sent, so it is refused for good (journaled REJECTED), never "resend later". The
     * log names the exception and where it was thrown, never its text: that may quote the value.
     */
    private InboundOutcome unusable(String id, Bundle bundle, RuntimeException e, List<JournalEntry> journalEntries) {
        StackTraceElement[] at = e.getStackTrace();
        LOG.warn("Partner {}: message {} refused: its content made CareBridge's checks fail ({} at {})", partnerId, id,
                e.getClass().getSimpleName(), at.length == 0 ? "?" : at[0].getClassName() + "." + at[0].getMethodName());
        String reason = "an element of the message cannot be processed (" + e.getClass().getSimpleName()
                + "); sent again unchanged it fails the same way";
        journalEntries.add(JournalEntry.of(Hop.REJECTED, id, partnerId, null, event(bundle), Messages.resourceTypes(bundle),
                "Bundle: " + reason));
        return InboundOutcome.rejected(id, "Bundle", reason);
    }

    /** A run of 1000 or more digits: where a JSON number may be too long to be read back (rare: checked then). */
    static boolean hasLongDigitRun(String json) {
        int run = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= 1000) {
                return true;
            }
        }
        return false;
    }

    /** Every id the candidates may have: the record id's own, and the one each gets should that be taken. */
    private List<String> possibleIds(List<Candidate> candidates) {
        List<String> ids = new ArrayList<>();
        for (Candidate c : candidates) {
            ids.add(messageId(partnerId, c.sourceKey));
            ids.add(messageId(partnerId, c.sourceKey, c.fingerprint));
        }
        return ids;
    }

    /**
     * Gives the candidate its message id; true when it is a new message, false for a resend. A resend is the
     * same record id with the same content. The same record id with other content is a new message, under the
     * id of record id + fingerprint. A message recorded before fingerprints were kept ({@code ""}) cannot be
     * compared: taken as other content, since routing a resend twice is better than dropping a message.
     */
    private boolean identify(Candidate c, Map<String, String> known) {
        String first = messageId(partnerId, c.sourceKey);
        String firstFingerprint = known.get(first);
        if (firstFingerprint == null || firstFingerprint.equals(c.fingerprint)) {
            c.id = first;
            return firstFingerprint == null;
        }
        c.id = messageId(partnerId, c.sourceKey, c.fingerprint);
        c.reusedFrom = first;
        return !known.containsKey(c.id);
    }

    /** One transaction for the batch: either all of them are in the broker, or none. */
    private Instant persist(List<Candidate> candidates) throws InboundUnavailableException {
        Instant committedAt;
        String full = limitReached.get();
        if (full != null) {
            // Known before sending: answer at once, without a doomed transaction.
            throw new InboundUnavailableException(storeFull(full) + " (" + full
                    + "); nothing was persisted, send again later", null);
        }
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try {
                MessageProducer producer = session.createProducer(session.createQueue(Queues.INBOUND));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                for (Candidate c : candidates) {
                    Bundle bundle = c.bundle;
                    String id = c.id;
                    String json = c.json;
                    TextMessage message = session.createTextMessage(json);
                    message.setStringProperty(MessageHeaders.MESSAGE_ID, id);
                    // The router routes only what carries this: a message put on the queue any other way is refused.
                    message.setStringProperty(Queues.STAMP, key.stamp(Queues.INBOUND, id, partnerId, json));
                    message.setStringProperty(MessageHeaders.SOURCE, partnerId);
                    message.setStringProperty(MessageHeaders.EVENT, event(bundle));
                    message.setStringProperty(MessageHeaders.RESOURCE_TYPES, Messages.resourceTypes(bundle));
                    // One person's messages stay in order across competing consumers and instances. A keyed hash of
                    // the person's key: broker metadata (browsable by any client of the broker) names no one.
                    message.setStringProperty("JMSXGroupID", key.personGroup(Messages.personKey(bundle).orElse(id)));
                    producer.send(message);
                }
                // Taken before the commit: the router can only see the messages after it, so RECEIVED
                // always sorts before ROUTED in the journal.
                committedAt = Instant.now();
                session.commit();
            } catch (JMSException | RuntimeException e) {
                rollbackQuietly(session);
                throw e;
            } finally {
                session.close();
            }
        } catch (JMSException | RuntimeException e) {
            if (isResourceLimit(e)) {
                // Store, memory or temp limit reached (or the disk is full): refuse, so the partner keeps the
                // message and resends it; the broker has room again once the backlog drains.
                throw new InboundUnavailableException(storeFull(limitMessage(e)) + " (" + limitMessage(e)
                        + "); nothing was persisted, send again later", e);
            }
            throw new InboundUnavailableException("the broker did not accept the messages (" + e.getMessage()
                    + "); nothing was persisted, send again later", e);
        }
        return committedAt;
    }

    private static String storeFull(String brokerWords) {
        String words = String.valueOf(brokerWords);
        return words.contains("Memory") ? "the broker's memory limit is reached"
                : words.startsWith("the disk of") ? "the disk is nearly full" : "the broker's store is full";
    }

    /** The broker's own words for the limit ("Persistent store is Full, 100% of ..."), else the outer message. */
    private static String limitMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().equals("ResourceAllocationException") && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    /** ActiveMQ's "no space" answer (jakarta/javax ResourceAllocationException), anywhere in the cause chain. */
    static boolean isResourceLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.jms.ResourceAllocationException
                    || t.getClass().getSimpleName().equals("ResourceAllocationException")) {
                return true;
            }
            if (t instanceof JMSException jms && jms.getLinkedException() != null
                    && isResourceLimit(jms.getLinkedException())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            // the connection is gone; the broker discards the open transaction itself
        }
    }

    /** Bundle.id and Bundle.identifier carry the stable message id from here on. */
    private static void stamp(Bundle bundle, String messageId) {
        bundle.setId(messageId);
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + messageId));
    }

    private static String event(Bundle bundle) {
        return Messages.event(bundle).map(e -> e.code()).orElse(null);
    }
}
