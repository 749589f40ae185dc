package uk.carebridge.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

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
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ConfigError;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.config.PartnerConfig;
import uk.carebridge.server.http.HttpListener;
import uk.carebridge.server.http.PartnerDoors;
import uk.carebridge.server.inbound.PartnerInboundGateway;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.journal.StartupReconciliation;
import uk.carebridge.server.outbound.OutboundRoutes;
import uk.carebridge.server.plugin.LoaderSwap;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.reload.ConfigReloader;
import uk.carebridge.server.routing.RouterRoutes;
import uk.carebridge.server.security.InstallationKey;
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

    /**
     * What a hot reload did: the rule set versions, and which partners were started, stopped or restarted.
     * {@code failed}: partners of the new set that could not start (the others run).
     */
    public record ReloadResult(String oldVersion, String newVersion, int routes, List<String> added,
                               List<String> removed, List<String> restarted, List<FailedPartner> failed) {
        @Override
        public String toString() {
            return "Rules " + oldVersion + " -> " + newVersion + " applied: " + routes + " routes; partners added "
                    + added + ", removed " + removed + ", restarted " + restarted
                    + (failed.isEmpty() ? "" : "; not started: " + failed);
        }
    }

    /** A partner ready to add: its plugin's deliverer and receiver routes, configured and checked. */
    private record Prepared(PartnerConfig config, Partner partner, PartnerPlugin plugin, ServerPartnerContext context,
                            Deliverer deliverer, RoutesBuilder receiver) {
    }

    /** The Camel routes one partner added, so that they can be stopped again without touching anyone else's. */
    private static final class PartnerRoutes {
        final PartnerConfig config;
        final List<String> delivery = new ArrayList<>();
        final List<String> receivers = new ArrayList<>();
        OutboundRoutes outbound;
        Deliverer deliverer;

        PartnerRoutes(PartnerConfig config) {
            this.config = config;
        }
    }

    private volatile ConfigSet config;
    private final PluginCatalog plugins;
    private final MessageBroker broker;
    private final Journal journal;
    private final DefaultCamelContext camel;
    private final HttpListener http;
    private final AtomicReference<RoutingTable> routing;
    private final List<RunningPartner> running = new CopyOnWriteArrayList<>();
    private final List<FailedPartner> failed = new CopyOnWriteArrayList<>();
    private final MeterRegistry metrics;
    private final FhirContext fhir;
    private final MessageValidator validator;
    private final boolean profile;
    private final InstallationKey key;
    private final PartnerDoors doors;
    /** Partners whose routes run, by id; guarded by {@code this}. */
    private final Map<String, PartnerRoutes> partnerRoutes = new LinkedHashMap<>();
    private ConfigReloader reloader;

    private CareBridgeServer(ConfigSet config, PluginCatalog plugins, MessageBroker broker, Journal journal,
                             DefaultCamelContext camel, HttpListener http, AtomicReference<RoutingTable> routing,
                             MeterRegistry metrics, FhirContext fhir, MessageValidator validator, boolean profile,
                             InstallationKey key, PartnerDoors doors) {
        this.config = config;
        this.plugins = plugins;
        this.broker = broker;
        this.journal = journal;
        this.camel = camel;
        this.http = http;
        this.routing = routing;
        this.metrics = metrics;
        this.fhir = fhir;
        this.validator = validator;
        this.profile = profile;
        this.key = key;
        this.doors = doors;
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

        var security = config.server().security();
        InstallationKey key = InstallationKey.load(security.secretEnv(), config.resolve(security.secretFileOrDefault()));
        Journal journal = openJournal(config);
        MeterRegistry metrics = new SimpleMeterRegistry();
        MessageBroker broker = null;
        PartnerDoors doors = new PartnerDoors();
        DefaultCamelContext camel = null;
        HttpListener http = null;
        try {
            config.partners().keySet().forEach(doors::expect);
            broker = MessageBroker.start(config.server().broker(), config.resolve(config.server().broker().dataFolder()));
            // The journal's H2 file and the partners' folders live in the data folder by default: guard its disk too.
            broker.guardDisksOf(List.of(data));
            camel = newCamelContext(broker, config);
            // The HTTP listener first: platform-http consumers look its router up when their routes start.
            var httpSettings = config.server().http();
            if (httpSettings.enabled()) {
                http = HttpListener.start(camel, httpSettings, broker::isReachable, doors);
            } else {
                LOG.info("No HTTP listener (http.port is 0): no /health, no partner endpoints over HTTP");
            }

            AtomicReference<RoutingTable> routing = new AtomicReference<>(
                    RoutingTable.compile(config.routes(), config.groups(), config.fingerprint()));
            CareBridgeServer server = new CareBridgeServer(config, plugins, broker, journal, camel, http, routing,
                    metrics, fhir, validator, profile, key, doors);
            camel.addRoutes(new RouterRoutes(routing::get, journal, config.server().router().consumers(), metrics, key));
            camel.start();
            // Partners join the running context the same way at start-up and on a reload: every partner's delivery
            // side first, its receivers last, so nothing is taken in before everything behind it is ready.
            synchronized (server) {
                List<Prepared> started = new ArrayList<>();
                for (PartnerConfig pc : config.partners().values()) {
                    server.startDelivery(pc, config, routing.get()).ifPresent(started::add);
                }
                for (Prepared p : started) {
                    server.startReceiver(p);
                }
                for (Prepared p : started) {
                    server.reconcileJournal(p);
                }
            }
            doors.startUpDone();
            if (config.server().reload()) {
                server.reloader = new ConfigReloader(server, plugins);
                camel.addRoutes(server.reloader);
            } else {
                LOG.info("Hot reload is off (reload: false in carebridge.yaml): edits apply at the next start");
            }
            return server;
        } catch (Exception e) {
            closeQuietly(camel, http, broker, journal);
            throw e;
        }
    }

    /**
     * Replaces the running routes, partners and groups with {@code next} (already loaded and checked by
     * {@link uk.carebridge.server.config.ConfigLoader}): partners no longer configured are stopped, new ones
     * started, changed ones restarted, then the routing table is swapped in one step. A message the router is
     * routing meanwhile finishes under the rules it started with; the next one uses the new rules. Server settings
     * ({@code carebridge.yaml}) are kept as they were at start-up.
     *
     * @throws IllegalArgumentException when the routes do not compile; nothing was changed then
     */
    public synchronized ReloadResult reload(ConfigSet next) throws Exception {
        ConfigSet current = config;
        ConfigSet applied = new ConfigSet(current.home(), current.configFolder(), current.routesFolder(), current.server(),
                next.partners(), next.groups(), next.routes(), next.fingerprint());
        RoutingTable table = RoutingTable.compile(applied.routes(), applied.groups(), applied.fingerprint());

        List<String> removed = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String id : current.partners().keySet()) {
            if (!applied.partners().containsKey(id)) {
                removed.add(id);
            }
        }
        for (PartnerConfig pc : applied.partners().values()) {
            PartnerConfig old = current.partners().get(pc.id());
            if (old == null) {
                added.add(pc.id());
            } else if (!old.equals(pc)) {
                restarted.add(pc.id());
            }
        }
        List<String> stopping = new ArrayList<>(removed);
        stopping.addAll(restarted);

        // 1. Nothing more comes in from partners that go away or change (a changed one answers 503 meanwhile).
        restarted.forEach(doors::restarting);
        added.forEach(doors::expect);
        removed.forEach(doors::removed);
        for (String id : stopping) {
            stopReceivers(id);
        }
        // 2. A changed partner's deliveries finish under its old settings; the rest wait on its queue.
        for (String id : restarted) {
            stopDelivery(id);
        }
        // 3. New and changed partners' delivery side, before any rule can send them anything.
        List<Prepared> starting = new ArrayList<>();
        List<String> starters = new ArrayList<>(added);
        starters.addAll(restarted);
        failed.removeIf(f -> stopping.contains(f.partnerId()) || starters.contains(f.partnerId()));
        running.removeIf(r -> stopping.contains(r.partner().id()));
        for (String id : starters) {
            startDelivery(applied.partners().get(id), applied, table).ifPresent(starting::add);
        }
        // 4. The new rules, in one step.
        RoutingTable old = routing.getAndSet(table);
        config = applied;
        // 5. New and changed partners' receivers.
        for (Prepared p : starting) {
            startReceiver(p);
        }
        // 6. Removed partners: deliveries in flight finish, undelivered messages stay on their queue in the broker.
        for (String id : removed) {
            stopDelivery(id);
        }
        List<FailedPartner> notStarted = failed.stream().filter(f -> starters.contains(f.partnerId())).toList();
        return new ReloadResult(old.version(), table.version(), applied.routes().size(), added, removed, restarted,
                notStarted);
    }

    /**
     * Adds a partner's deliverer and its outbound route ({@code carebridge.outbound.<id>} -> deliverer) to the
     * running context. Empty when the partner could not start (reported in {@link #failedPartners()}).
     */
    private Optional<Prepared> startDelivery(PartnerConfig pc, ConfigSet set, RoutingTable table) {
        PartnerRoutes routes = new PartnerRoutes(pc);
        try {
            Partner partner = new Partner(pc.id(), pc.name(), pc.odsCode(), pc.plugin(), pc.settings());
            PartnerPlugin plugin = plugins.plugin(pc.plugin()).orElseThrow(
                    () -> new IllegalStateException("plugin " + pc.plugin() + " is not loaded"));
            var gateway = new PartnerInboundGateway(pc.id(), broker.inboundConnectionFactory(), broker::limitReached, journal,
                    fhir, validator, profile, metrics, key);
            var context = new ServerPartnerContext(partner, gateway, fhir, set,
                    HttpListener.baseUrl(set.server().http()), journal.partnerState(pc.id()), metrics, doors, camel);
            // Known before the plugin is asked anything, so that a failure below closes what it made.
            partnerRoutes.put(pc.id(), routes);
            Deliverer deliverer;
            RoutesBuilder receiver;
            try (LoaderSwap swap = LoaderSwap.of(plugin)) {
                deliverer = plugin.deliverer(context);
                routes.deliverer = deliverer;
                receiver = plugin.receiver(context);
            }
            if (receiver != null) {
                checkHttpEndpoints(pc.id(), receiver, camel, set.server().http().enabled());
            }
            if (deliverer != null) {
                routes.outbound = new OutboundRoutes(pc.id(), deliverer, set.deliveryFor(pc.id()), journal, key);
                routes.delivery.addAll(addRoutes(routes.outbound));
            } else if (table.allDestinations().contains(pc.id())) {
                LOG.warn("Partner {} is a route destination but its settings give nowhere to deliver:"
                        + " its messages wait on queue carebridge.outbound.{}", pc.id(), pc.id());
            }
            return Optional.of(new Prepared(pc, partner, plugin, context, deliverer, receiver));
        } catch (Exception e) {
            notStarted(pc.id(), e);
            return Optional.empty();
        }
    }

    /** Journals DELIVERED what the partner's plugin finds delivered but the journal lost (a hard stop). */
    private void reconcileJournal(Prepared p) {
        try {
            Predicate<String> delivered;
            try (LoaderSwap swap = LoaderSwap.of(p.plugin())) {
                delivered = p.deliverer() == null ? null : p.plugin().deliveredCopies(p.context());
            }
            if (delivered != null) {
                StartupReconciliation.reconcile(journal, p.config().id(), delivered);
            }
        } catch (RuntimeException e) {
            LOG.warn("Journal not reconciled at start-up for {}: {}", p.config().id(), e.toString());
        }
    }

    /** Adds a partner's receiver routes; the partner then runs. On failure its delivery side is stopped again. */
    private void startReceiver(Prepared p) {
        String id = p.config().id();
        // The receiver's configure() and describe() are plugin code.
        try (LoaderSwap swap = LoaderSwap.of(p.plugin())) {
            if (p.receiver() != null) {
                partnerRoutes.get(id).receivers.addAll(addRoutes(p.receiver()));
            }
            running.add(new RunningPartner(p.partner(), p.plugin().id() + " " + p.plugin().version(),
                    p.plugin().describe(p.context())));
            doors.open(id);
        } catch (Exception e) {
            notStarted(id, e);
        }
    }

    private void notStarted(String id, Exception e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        failed.add(new FailedPartner(id, reason));
        doors.failed(id, reason);
        LOG.error("Partner {} not started: {}", id, reason);
        stopReceivers(id);
        stopDelivery(id);
        partnerRoutes.remove(id);
    }

    /**
     * Adds a builder's routes to the running context (they start at once) and returns their ids. If they do not
     * all start, the ones added are removed again and the failure is thrown.
     */
    private List<String> addRoutes(RoutesBuilder builder) throws Exception {
        Set<String> before = routeIds();
        try {
            camel.addRoutes(builder);
        } catch (Exception e) {
            Set<String> partial = routeIds();
            partial.removeAll(before);
            partial.forEach(this::removeRoute);
            throw e;
        }
        Set<String> after = routeIds();
        after.removeAll(before);
        return new ArrayList<>(after);
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private void stopReceivers(String partnerId) {
        PartnerRoutes routes = partnerRoutes.get(partnerId);
        if (routes != null) {
            routes.receivers.forEach(this::removeRoute);
            routes.receivers.clear();
        }
    }

    /**
     * Stops a partner's outbound route gracefully (deliveries in flight finish; a failing one rolls back rather
     * than being retried or dead-lettered) and then its deliverer. Messages not taken stay on
     * {@code carebridge.outbound.<id>} in the broker.
     */
    private void stopDelivery(String partnerId) {
        PartnerRoutes routes = partnerRoutes.remove(partnerId);
        if (routes == null) {
            return;
        }
        routes.receivers.forEach(this::removeRoute);
        if (routes.outbound != null) {
            routes.outbound.drain();
        }
        routes.delivery.forEach(this::removeRoute);
        if (routes.deliverer != null) {
            try (LoaderSwap swap = LoaderSwap.of(routes.deliverer)) {
                routes.deliverer.close();
            } catch (Exception e) {
                LOG.warn("The deliverer of {} did not close cleanly: {}", partnerId, e.toString());
            }
        }
    }

    /** Graceful stop (the context's shutdown timeout), then removal, so that the same ids can be added again. */
    private void removeRoute(String routeId) {
        try {
            camel.getRouteController().stopRoute(routeId);
            if (!camel.removeRoute(routeId)) {
                LOG.warn("Route {} stopped but could not be removed", routeId);
            }
        } catch (Exception e) {
            LOG.error("Route {} did not stop cleanly: {}", routeId, e.getMessage());
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

    public CamelContext camel() {
        return camel;
    }

    public Journal journal() {
        return journal;
    }

    public MessageBroker broker() {
        return broker;
    }

    /** The running set: partners, groups and routes as last applied; server settings as at start-up. */
    public ConfigSet config() {
        return config;
    }

    /**
     * The errors of the last edit that was refused (file:line: reason), empty when the last look found a valid set
     * (or hot reload is off). The refused set is not retried until its files change again.
     */
    public List<ConfigError> lastReloadErrors() {
        return reloader == null ? List.of() : reloader.lastErrors();
    }

    /** The last reload applied, if any. */
    public Optional<ReloadResult> lastReload() {
        return reloader == null ? Optional.empty() : reloader.lastApplied();
    }

    /** Partners that run now (a snapshot: a reload may start or stop partners). */
    public List<RunningPartner> runningPartners() {
        return List.copyOf(running);
    }

    /** Partners of the running set that could not start, and why. */
    public List<FailedPartner> failedPartners() {
        return List.copyOf(failed);
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
