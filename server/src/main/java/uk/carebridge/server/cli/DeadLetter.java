package uk.carebridge.server.cli;

import java.time.Instant;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import uk.carebridge.plugin.MessageHeaders;

/** One dead-lettered message: its JMS id, its queue's partner, and the message itself. */
record DeadLetter(String partner, String jmsId, Message message) {
    String property(String name) {
        try {
            Object v = message.getObjectProperty(name);
            return v == null ? null : v.toString();
        } catch (JMSException e) {
            return null;
        }
    }

    String messageId() {
        String id = property(MessageHeaders.MESSAGE_ID);
        return id == null ? jmsId : id;
    }

    Instant deadLetteredAt() {
        try {
            return message.getJMSTimestamp() == 0 ? null : Instant.ofEpochMilli(message.getJMSTimestamp());
        } catch (JMSException e) {
            return null;
        }
    }

    String body() throws JMSException {
        if (message instanceof TextMessage t) {
            return t.getText();
        }
        if (message instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            b.reset();
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }
}
