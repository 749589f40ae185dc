package uk.carebridge.it;

import java.io.File;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

import uk.carebridge.server.broker.MessageBroker;

/**
 * An external ActiveMQ Classic broker for the scale-out tests, run in its own JVM by {@link ExternalBroker}:
 * {@code java -cp <dist lib>/*:<test-classes> uk.carebridge.it.StandaloneBroker <dataDir> <port>}.
 *
 * <p>In production this is the ActiveMQ Classic distribution (Apache's tarball or a distribution package, configured
 * in activemq.xml). This main is only the test's stand-in: the same broker code (activemq-broker and KahaDB 6.3.1
 * from the distribution's lib folder), persistent, TCP on 127.0.0.1, no JMX, scheduler off, and the dead-letter
 * policy an admin should also set in activemq.xml ({@code individualDeadLetterStrategy queuePrefix="DLQ."
 * useQueueForQueueMessages="true"}), so messages the client gives up on land in {@code DLQ.<queue>}.
 */
public final class StandaloneBroker {

    static final String READY = "StandaloneBroker ready on ";

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: StandaloneBroker <dataDir> <port>");
            System.exit(2);
        }
        File data = new File(args[0]);
        String url = "tcp://127.0.0.1:" + Integer.parseInt(args[1]);

        BrokerService broker = new BrokerService();
        broker.setBrokerName("carebridge-external");
        broker.setPersistent(true);
        broker.setDataDirectoryFile(data);
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(new File(data, "kahadb"));
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setSchedulerSupport(false);
        broker.setAdvisorySupport(true);

        broker.setDestinationPolicy(MessageBroker.deadLetterPolicy());

        broker.addConnector(url);
        broker.start();
        broker.waitUntilStarted();
        System.out.println(READY + url);
        System.out.flush();
        broker.waitUntilStopped();
    }
}
