package uk.carebridge.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.advisory.DestinationSource;
import org.apache.activemq.command.ActiveMQQueue;

import uk.carebridge.plugin.MessageHeaders;
import uk.carebridge.server.broker.Queues;

/**
 * The dead-letter operations of {@code carebridge dlq} on a broker connection: which partners have a dead-letter
 * queue, browse one, replay a dead letter to its outbound queue, purge one.
 */
final class DeadLetters {

    static final String DLQ_PREFIX = Queues.deadLetter("");
    static final String OUTBOUND_PREFIX = Queues.outbound("");

    private final Connection connection;

    DeadLetters(Connection connection) {
        this.connection = connection;
    }

    /**
     * Partners with a dead-letter queue on the broker: the broker's destination advisories, else (advisories
     * off) the partners configured in {@code partners/} of the config folder.
     */
    List<String> deadLetterPartners(Path configFolder) throws JMSException {
        Set<String> partners = new TreeSet<>();
        if (connection instanceof ActiveMQConnection amq) {
            DestinationSource source = amq.getDestinationSource();
            // The broker answers the advisory subscription with the queues it has, asynchronously: wait until the
            // set stops growing.
            long deadline = System.currentTimeMillis() + 2000;
            int seen = -1;
            long stableSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                int now = source.getQueues().size();
                if (now != seen) {
                    seen = now;
                    stableSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - stableSince > (now == 0 ? 700 : 300)) {
                    break;
                }
                sleep(50);
            }
            for (ActiveMQQueue q : source.getQueues()) {
                String name = q.getQueueName();
                if (name.startsWith(DLQ_PREFIX) && name.length() > DLQ_PREFIX.length()) {
                    partners.add(name.substring(DLQ_PREFIX.length()));
                }
            }
            source.stop();
        }
        if (partners.isEmpty()) {
            partners.addAll(configuredPartners(configFolder));
        }
        return new ArrayList<>(partners);
    }

    static List<String> configuredPartners(Path configFolder) {
        Path folder = configFolder.resolve("partners");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    continue;
                }
                try {
                    JsonNode node = yaml.readTree(f.toFile());
                    String id = node == null ? null : node.path("id").asText(null);
                    ids.add(id != null ? id : name.substring(0, name.lastIndexOf('.')));
                } catch (Exception e) {
                    // a broken partner file: 'carebridge validate' reports it
                }
            }
        } catch (java.io.IOException e) {
            return ids;
        }
        return ids;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every message on one partner's dead-letter queue, oldest first, not consumed. */
    List<DeadLetter> browse(String partner) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DLQ_PREFIX + partner))) {
            List<DeadLetter> out = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            for (Object o : Collections.list(e)) {
                Message m = (Message) o;
                out.add(new DeadLetter(partner, m.getJMSMessageID(), m));
            }
            return out;
        }
    }

    /** Header names a replayed copy does not take along: the provider's own, and the previous failure. */
    private static boolean copied(String property) {
        if (property.startsWith("JMSX")) {
            return property.equals("JMSXGroupID") || property.equals("JMSXGroupSeq");
        }
        return !property.startsWith("JMS_") && !property.equals("dlqDeliveryFailureCause")
                && !property.equals(MessageHeaders.ATTEMPTS) && !property.equals(MessageHeaders.FAILURE_REASON)
                && !property.equals(MessageHeaders.PARTNER_RESPONSE) && !property.equals(MessageHeaders.REPLAYED_AT);
    }

    /**
     * Moves one dead letter back to its outbound queue in one transaction: take it off the dead-letter queue by
     * its JMS id, send a copy (properties, group, priority; failure properties dropped, attempts reset, marked
     * {@link MessageHeaders#REPLAYED_AT}), commit. False when it was no longer there.
     */
    boolean replay(DeadLetter letter, Instant at) throws JMSException {
        return take(letter, at);
    }

    /** Deletes one dead letter (by its JMS id) in one transaction. False when it was no longer there. */
    boolean purge(DeadLetter letter) throws JMSException {
        return take(letter, null);
    }

    private boolean take(DeadLetter letter, Instant replayAt) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            Queue dlq = session.createQueue(DLQ_PREFIX + letter.partner());
            try (MessageConsumer consumer = session.createConsumer(dlq, "JMSMessageID = " + quote(letter.jmsId()))) {
                Message m = consumer.receive(3000);
                if (m == null) {
                    session.rollback();
                    return false;
                }
                if (replayAt != null) {
                    Message copy;
                    if (m instanceof TextMessage t) {
                        copy = session.createTextMessage(t.getText());
                    } else if (m instanceof BytesMessage b) {
                        byte[] bytes = new byte[(int) b.getBodyLength()];
                        b.readBytes(bytes);
                        BytesMessage bm = session.createBytesMessage();
                        bm.writeBytes(bytes);
                        copy = bm;
                    } else {
                        session.rollback();
                        throw new JMSException("message " + letter.jmsId() + " is a " + m.getClass().getSimpleName()
                                + ", not a text or bytes message: not replayed");
                    }
                    for (Object name : Collections.list(m.getPropertyNames())) {
                        String property = (String) name;
                        if (copied(property)) {
                            copy.setObjectProperty(property, m.getObjectProperty(property));
                        }
                    }
                    if (m.getJMSCorrelationID() != null) {
                        copy.setJMSCorrelationID(m.getJMSCorrelationID());
                    }
                    copy.setStringProperty(MessageHeaders.REPLAYED_AT, replayAt.toString());
                    try (MessageProducer producer = session.createProducer(session.createQueue(OUTBOUND_PREFIX + letter.partner()))) {
                        producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
                        producer.send(copy, jakarta.jms.DeliveryMode.PERSISTENT, m.getJMSPriority(), 0);
                    }
                }
                session.commit();
                return true;
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException ignored) {
                    // the session goes with the exception
                }
                throw e;
            }
        }
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
