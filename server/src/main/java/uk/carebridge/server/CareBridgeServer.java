package uk.carebridge.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.JmsTransactionManager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.config.PartnerConfig;
import uk.carebridge.server.http.HttpListener;
import uk.carebridge.server.inbound.PartnerInboundGateway;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.outbound.OutboundRoutes;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.routing.RouterRoutes;
import uk.carebridge.server.routing.RoutingTable;
import uk.carebridge.validation.MessageValidator;

/**
 * A running CareBridge: broker, journal, one HTTP listener (partners' HTTP endpoints and /health), one
 * Camel context holding the router, an outbound route per destination partner and each partner's
 * plugin routes. Read this class to see how a message gets
 * from a partner's inbound endpoint to another partner's delivery.
 */
public final class CareBridgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CareBridgeServer.class);

    /** A partner that runs, and what its plugin says about where its traffic goes. */
    public record RunningPartner(Partner partner, String plugin, List<String> description) {
    }

    /** A partner that could not start, and why; the others run. */
    public record FailedPartner(String partnerId, String reason) {
    }

    private final ConfigSet config;
    private final MessageBroker broker;
    private final Journal journal;
    private final DefaultCamelContext camel;
    private final HttpListener http;
    private final AtomicReference<RoutingTable> routing;
    private final List<RunningPartner> running;
    private final List<FailedPartner> failed;
    private final MeterRegistry metrics;

    private CareBridgeServer(ConfigSet config, MessageBroker broker, Journal journal, DefaultCamelContext camel,
                             HttpListener http, AtomicReference<RoutingTable> routing, List<RunningPartner> running,
                             List<FailedPartner> failed, MeterRegistry metrics) {
        this.config = config;
        this.broker = broker;
        this.journal = journal;
        this.camel = camel;
        this.http = http;
        this.routing = routing;
        this.metrics = metrics;
        this.running = running;
        this.failed = failed;
    }

    public static CareBridgeServer start(ConfigSet config, PluginCatalog plugins) throws Exception {
        Path data = config.resolve(config.server().dataFolder());
        Files.createDirectories(data);

        // One FHIR context for everything, warmed now: the first encode costs ~1.5 s.
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle sample = MessageBuilder.event(CareBridgeEvent.PERSON_UPDATE, "warm-up").focus(new Patient()).build();
        fhir.newJsonParser().encodeResourceToString(sample);
        MessageValidator validator = new MessageValidator(fhir);
        boolean profile = config.server().validation().profile();
        if (profile) {
            validator.warmUp(sample);
        }

        Journal journal = openJournal(config);
        MeterRegistry metrics = new SimpleMeterRegistry();
        MessageBroker broker = null;
        DefaultCamelContext camel = null;
        HttpListener http = null;
        try {
            broker = MessageBroker.start(config.server().broker(), config.resolve(config.server().broker().dataFolder()));
            camel = newCamelContext(broker, config);
            // The HTTP listener first: platform-http consumers look its router up when their routes start.
            var httpSettings = config.server().http();
            if (httpSettings.enabled()) {
                http = HttpListener.start(camel, httpSettings, broker::isReachable);
            } else {
                LOG.info("No HTTP listener (http.port is 0): no /health, no partner endpoints over HTTP");
            }
            Optional<String> httpBaseUrl = HttpListener.baseUrl(httpSettings);

            AtomicReference<RoutingTable> routing = new AtomicReference<>(
                    RoutingTable.compile(config.routes(), config.groups(), config.fingerprint()));
            List<RunningPartner> running = new ArrayList<>();
            List<FailedPartner> failed = new ArrayList<>();
            List<RoutesBuilder> receivers = new ArrayList<>();
            for (PartnerConfig pc : config.partners().values()) {
                Partner partner = new Partner(pc.id(), pc.name(), pc.odsCode(), pc.plugin(), pc.settings());
                PartnerPlugin plugin = plugins.plugin(pc.plugin()).orElseThrow();
                var gateway = new PartnerInboundGateway(pc.id(), broker.connectionFactory(), journal, fhir, validator, profile);
                var context = new ServerPartnerContext(partner, gateway, fhir, config, httpBaseUrl,
                        journal.partnerState(pc.id()));
                try {
                    RoutesBuilder deliverer = plugin.deliverer(context);
                    RoutesBuilder receiver = plugin.receiver(context);
                    if (receiver != null) {
                        checkHttpEndpoints(pc.id(), receiver, camel, httpSettings.enabled());
                    }
                    if (deliverer != null) {
                        camel.addRoutes(deliverer);
                        camel.addRoutes(new OutboundRoutes(pc.id(), context.deliveryEndpoint(),
                                config.deliveryFor(pc.id()), journal));
                    } else if (routing.get().allDestinations().contains(pc.id())) {
                        LOG.warn("Partner {} is a route destination but its settings give nowhere to deliver:"
                                + " its messages wait on queue carebridge.outbound.{}", pc.id(), pc.id());
                    }
                    if (receiver != null) {
                        receivers.add(receiver);
                    }
                    running.add(new RunningPartner(partner, plugin.id() + " " + plugin.version(), plugin.describe(context)));
                } catch (Exception e) {
                    failed.add(new FailedPartner(pc.id(), e.getMessage()));
                    LOG.error("Partner {} not started: {}", pc.id(), e.getMessage());
                }
            }
            camel.addRoutes(new RouterRoutes(routing::get, journal, config.server().router().consumers(), metrics));
            // Receivers last: nothing is taken in before everything behind it is ready.
            for (RoutesBuilder receiver : receivers) {
                camel.addRoutes(receiver);
            }
            camel.start();
            return new CareBridgeServer(config, broker, journal, camel, http, routing, running, failed, metrics);
        } catch (Exception e) {
            closeQuietly(camel, http, broker, journal);
            throw e;
        }
    }

    /**
     * A partner's HTTP endpoints must live under its own {@code /partners/<id>/} (so one partner can
     * never take another's path or the server's /health) and need the HTTP listener. Checked before
     * anything of the partner is added, so a partner that breaks either rule is reported and skipped
     * while the others start. Configuring the builder here is what {@code addRoutes} would do anyway
     * (it is done once), and an exception from a plugin's configure() then fails only its partner.
     */
    private static void checkHttpEndpoints(String partnerId, RoutesBuilder receiver, CamelContext camel,
                                           boolean httpEnabled) throws Exception {
        if (!(receiver instanceof RouteBuilder builder)) {
            return;
        }
        String prefix = "/partners/" + partnerId + "/";
        for (RouteDefinition route : builder.configureRoutes(camel).getRoutes()) {
            String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
            if (uri == null || !uri.startsWith("platform-http:")) {
                continue;
            }
            String path = uri.substring("platform-http:".length());
            int query = path.indexOf('?');
            path = "/" + (query < 0 ? path : path.substring(0, query)).replaceFirst("^/+", "");
            if (!httpEnabled) {
                throw new IllegalStateException("receives over HTTP (platform-http:" + path + ") but the HTTP listener"
                        + " is off (http.port: 0 in carebridge.yaml)");
            }
            if (!path.startsWith(prefix)) {
                throw new IllegalStateException("HTTP endpoint " + path + " is outside " + prefix
                        + ": a plugin must mount its endpoints with PartnerContext.httpPath(...)");
            }
        }
    }

    private static Journal openJournal(ConfigSet config) {
        var settings = config.server().journal();
        return new Journal(config.journalUrl(), env(settings.usernameEnv()), env(settings.passwordEnv()));
    }

    private static String env(String name) {
        return name == null ? null : System.getenv(name);
    }

    private static DefaultCamelContext newCamelContext(MessageBroker broker, ConfigSet config) {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("carebridge");
        camel.getShutdownStrategy().setTimeout(config.server().shutdownTimeoutSeconds());
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        camel.getShutdownStrategy().setLogInflightExchangesOnTimeout(false);

        // Local JMS transactions: a consumer's receive and every send made while processing it commit
        // or roll back together. CACHE_CONSUMER keeps transacted consumers fast (STACK-NOTES.md).
        JmsTransactionManager transactions = new JmsTransactionManager(broker.connectionFactory());
        ActiveMQComponent activemq = new ActiveMQComponent();
        activemq.setConnectionFactory(broker.connectionFactory());
        activemq.setTransactionManager(transactions);
        activemq.setTransacted(true);
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

    public CamelContext camel() {
        return camel;
    }

    public Journal journal() {
        return journal;
    }

    public MessageBroker broker() {
        return broker;
    }

    public ConfigSet config() {
        return config;
    }

    public List<RunningPartner> runningPartners() {
        return running;
    }

    public List<FailedPartner> failedPartners() {
        return failed;
    }

    /** The HTTP listener; empty when {@code http.port} is 0. */
    public Optional<HttpListener> http() {
        return Optional.ofNullable(http);
    }

    /** Counters such as {@link RouterRoutes#UNROUTED_COUNTER}. */
    public MeterRegistry metrics() {
        return metrics;
    }

    public RoutingTable routing() {
        return routing.get();
    }

    /**
     * Graceful stop: consumers stop taking work, in-flight messages finish or roll back into the
     * broker (within the shutdown timeout), then the HTTP listener, the broker and the journal close.
     */
    @Override
    public void close() {
        LOG.info("Stopping CareBridge");
        closeQuietly(camel, http, broker, journal);
        LOG.info("CareBridge stopped");
    }

    private static void closeQuietly(CamelContext camel, HttpListener http, MessageBroker broker, Journal journal) {
        try {
            if (camel != null) {
                camel.stop();
            }
        } catch (Exception e) {
            LOG.error("Camel did not stop cleanly: {}", e.getMessage());
        }
        try {
            if (http != null) {
                http.close();
            }
        } catch (Exception e) {
            LOG.error("HTTP listener did not stop cleanly: {}", e.getMessage());
        }
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            LOG.error("Broker did not stop cleanly: {}", e.getMessage());
        }
        if (journal != null) {
            journal.close();
        }
    }
}
