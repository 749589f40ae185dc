package uk.carebridge.server;

import java.util.concurrent.TimeUnit;

import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jms.connection.JmsTransactionManager;

import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ConfigSet;

/** The one Camel context of a CareBridge: its shutdown, the broker's JMS component and transactions, HTTP clients. */
final class CamelRuntime {
    private CamelRuntime() {
    }

    static DefaultCamelContext create(MessageBroker broker, ConfigSet config) {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("carebridge");
        camel.getShutdownStrategy().setTimeout(config.server().shutdownTimeoutSeconds());
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        camel.getShutdownStrategy().setLogInflightExchangesOnTimeout(false);

        // Local JMS transactions: a consumer's receive and every send made while processing it commit or roll
        // back together, in ONE session. The listener container runs a locally transacted session (no
        // transaction manager of its own: lazyCreateTransactionManager off) and exposes it; the routes'
        // transacted() policy and every producer on this connection factory join that session. With a
        // transaction manager on the container plus CACHE_CONSUMER, the receive was committed on the cached
        // session before the sends on the manager's session: a kill between the two lost acknowledged
        // messages (found by CrashIT). CACHE_CONSUMER keeps transacted consumers fast (STACK-NOTES.md).
        JmsTransactionManager transactions = new JmsTransactionManager(broker.connectionFactory());
        ActiveMQComponent activemq = new ActiveMQComponent();
        activemq.setConnectionFactory(broker.connectionFactory());
        activemq.setTransacted(true);
        activemq.setLazyCreateTransactionManager(false);
        activemq.setCacheLevelName("CACHE_CONSUMER");
        camel.addComponent("activemq", activemq);

        // Deliveries are retried by the outbound routes (backoff, journal, dead-letter queue): HttpClient 5
        // must not re-send a POST on 503/429 by itself, after sleeping for whatever Retry-After says.
        for (String scheme : new String[] {"http", "https"}) {
            camel.getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }

        SpringTransactionPolicy required = new SpringTransactionPolicy(transactions);
        required.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        camel.getRegistry().bind("PROPAGATION_REQUIRED", required);
        return camel;
    }
}
