package uk.carebridge.server.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.config.ServerConfig;

/**
 * The embedded broker as any local process meets it on 127.0.0.1: nobody but CareBridge's own identity gets in,
 * over TCP or in the JVM, and that identity is kept where only the owner can read it.
 */
class BrokerSecurityTest {

    @TempDir
    Path data;
    int port;
    MessageBroker broker;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = MessageBroker.start(new ServerConfig.BrokerSettings(null, null, null, port, null, 64L, 32L, 64L, null, null), data);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void anAnonymousOrWronglyIdentifiedClientIsRefused() {
        String tcp = "tcp://127.0.0.1:" + port;
        assertThatThrownBy(() -> browse(new ActiveMQConnectionFactory(tcp))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> browse(new ActiveMQConnectionFactory("carebridge", "guess", tcp)))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> browse(new ActiveMQConnectionFactory("admin", "admin", tcp)))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> browse(new ActiveMQConnectionFactory("vm://carebridge?create=false")))
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void carebridgesOwnIdentityIsGeneratedOwnerOnlyAndWorks() throws Exception {
        Path file = data.resolve(BrokerCredentials.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        BrokerCredentials identity = BrokerCredentials.forClient(
                new ServerConfig.BrokerSettings(null, null, null, port, null, null, null, null, null, null), data).orElseThrow();
        assertThat(identity.password()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(identity.toString()).doesNotContain(identity.password());

        browse(new ActiveMQConnectionFactory(identity.username(), identity.password(), "tcp://127.0.0.1:" + port));
        try (Connection c = broker.connectionFactory().createConnection()) {
            c.start(); // the server's own pooled connections carry the identity
        }
    }

    @Test
    void theIdentityIsKeptAcrossRestarts() throws Exception {
        String before = Files.readString(data.resolve(BrokerCredentials.FILE));
        broker.close();
        broker = MessageBroker.start(new ServerConfig.BrokerSettings(null, null, null, port, null, 64L, 32L, 64L, null, null), data);
        assertThat(Files.readString(data.resolve(BrokerCredentials.FILE))).isEqualTo(before);
    }

    private static void browse(ActiveMQConnectionFactory factory) throws Exception {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createBrowser(s.createQueue("carebridge.inbound")).getEnumeration().hasMoreElements();
        }
    }
}
