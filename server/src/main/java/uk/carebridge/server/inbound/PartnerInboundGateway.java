package uk.carebridge.server.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.validation.MessageValidator;

/**
 * The inbound door for one partner: gives each message its stable id, validates it, and puts the
 * batch on {@code carebridge.inbound} in one JMS transaction. It returns only after the commit, so
 * whatever the plugin acknowledges is already safe in the broker.
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

    public PartnerInboundGateway(String partnerId, ConnectionFactory broker, Journal journal, FhirContext fhir,
                                 MessageValidator validator, boolean profileValidation) {
        this(partnerId, broker, () -> null, journal, fhir, validator, profileValidation);
    }

    /** {@code limitReached}: why the broker would refuse a send now (store full), else null; asked before each batch. */
    public PartnerInboundGateway(String partnerId, ConnectionFactory broker, Supplier<String> limitReached, Journal journal,
                                 FhirContext fhir, MessageValidator validator, boolean profileValidation) {
        this.partnerId = partnerId;
        this.broker = broker;
        this.limitReached = limitReached;
        this.journal = journal;
        this.fhir = fhir;
        this.validator = validator;
        this.profileValidation = profileValidation;
    }

    /** Partner id + the partner's own record id always give the same message id: resends are recognisable. */
    public static String messageId(String partnerId, String sourceKey) {
        return UUID.nameUUIDFromBytes((partnerId + "\n" + sourceKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public List<InboundOutcome> submit(List<InboundRecord> records) throws InboundUnavailableException {
        InboundOutcome[] outcomes = new InboundOutcome[records.size()];
        List<JournalEntry> journalEntries = new ArrayList<>();
        Map<String, Integer> candidates = new LinkedHashMap<>();

        for (int i = 0; i < records.size(); i++) {
            InboundRecord record = records.get(i);
            String id = messageId(partnerId, record.sourceKey());
            if (record instanceof InboundRecord.Rejected r) {
                outcomes[i] = InboundOutcome.rejected(id, r.location(), r.reason());
                journalEntries.add(JournalEntry.of(Hop.REJECTED, id, partnerId, null, null, null,
                        r.location() + ": " + r.reason()));
                continue;
            }
            Bundle bundle = ((InboundRecord.Message) record).bundle();
            List<MessageValidator.Issue> issues = validator.checkMessage(bundle);
            if (issues.isEmpty() && profileValidation) {
                issues = validator.checkProfiles(bundle);
            }
            if (!issues.isEmpty()) {
                MessageValidator.Issue first = issues.get(0);
                String reason = first.message() + (issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : "");
                outcomes[i] = InboundOutcome.rejected(id, first.location(), reason);
                journalEntries.add(JournalEntry.of(Hop.REJECTED, id, partnerId, null, event(bundle),
                        Messages.resourceTypes(bundle), first.location() + ": " + reason));
                continue;
            }
            if (candidates.containsKey(id)) {
                outcomes[i] = InboundOutcome.duplicate(id); // the same record twice in one batch
                continue;
            }
            candidates.put(id, i);
        }

        Set<String> seen = journal.alreadyReceived(candidates.keySet());
        List<Integer> toSend = new ArrayList<>();
        for (Map.Entry<String, Integer> c : candidates.entrySet()) {
            int i = c.getValue();
            Bundle bundle = ((InboundRecord.Message) records.get(i)).bundle();
            if (seen.contains(c.getKey())) {
                outcomes[i] = InboundOutcome.duplicate(c.getKey());
                journalEntries.add(JournalEntry.of(Hop.DUPLICATE, c.getKey(), partnerId, null, event(bundle),
                        Messages.resourceTypes(bundle), "resend of a message received before; not routed again"));
            } else {
                toSend.add(i);
            }
        }

        if (!toSend.isEmpty()) {
            Instant[] committedAt = new Instant[1];
            List<String> sentIds = persist(records, toSend, committedAt);
            for (int k = 0; k < toSend.size(); k++) {
                int i = toSend.get(k);
                Bundle bundle = ((InboundRecord.Message) records.get(i)).bundle();
                outcomes[i] = InboundOutcome.accepted(sentIds.get(k));
                journalEntries.add(new JournalEntry(committedAt[0], Hop.RECEIVED, sentIds.get(k), partnerId, null,
                        event(bundle), Messages.resourceTypes(bundle), null));
            }
            try {
                journal.markReceived(partnerId, sentIds);
            } catch (RuntimeException e) {
                // The messages are safe in the broker; only resend detection for them is weakened.
                LOG.error("Partner {}: {} messages persisted but not recorded as received: {}", partnerId,
                        sentIds.size(), e.getMessage());
            }
        }
        try {
            journal.record(journalEntries);
        } catch (RuntimeException e) {
            LOG.error("Partner {}: journal write failed: {}", partnerId, e.getMessage());
        }
        return Arrays.asList(outcomes);
    }

    /** One transaction for the batch: either all of them are in the broker, or none. */
    private List<String> persist(List<InboundRecord> records, List<Integer> indexes, Instant[] committedAt)
            throws InboundUnavailableException {
        List<String> ids = new ArrayList<>(indexes.size());
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
                for (int i : indexes) {
                    InboundRecord.Message record = (InboundRecord.Message) records.get(i);
                    Bundle bundle = record.bundle();
                    String id = messageId(partnerId, record.sourceKey());
                    stamp(bundle, id);
                    TextMessage message = session.createTextMessage(fhir.newJsonParser().encodeResourceToString(bundle));
                    message.setStringProperty(MessageHeaders.MESSAGE_ID, id);
                    message.setStringProperty(MessageHeaders.SOURCE, partnerId);
                    message.setStringProperty(MessageHeaders.EVENT, event(bundle));
                    message.setStringProperty(MessageHeaders.RESOURCE_TYPES, Messages.resourceTypes(bundle));
                    // One person's messages stay in order across competing consumers and instances.
                    message.setStringProperty("JMSXGroupID", Messages.personKey(bundle).orElse(id));
                    producer.send(message);
                    ids.add(id);
                }
                // Taken before the commit: the router can only see the messages after it, so RECEIVED
                // always sorts before ROUTED in the journal.
                committedAt[0] = Instant.now();
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
        return ids;
    }

    private static String storeFull(String brokerWords) {
        return String.valueOf(brokerWords).contains("Memory") ? "the broker's memory limit is reached"
                : "the broker's store is full";
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
