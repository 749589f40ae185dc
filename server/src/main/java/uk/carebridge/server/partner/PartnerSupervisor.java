package uk.carebridge.server.partner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.server.broker.MessageBroker;
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
import uk.carebridge.server.routing.RoutingTable;
import uk.carebridge.server.security.InstallationKey;
import uk.carebridge.validation.MessageValidator;

/**
 * Every partner's life in the running Camel context: started (its delivery side, then its receivers), stopped,
 * restarted on a reload, or reported as failed while the others run. For each partner the server asks its plugin for
 * a {@link Deliverer} (wrapped in an {@link OutboundRoutes}, the envelope the server owns) and for receiver routes
 * (checked by {@link PartnerHttpPaths}), with a {@link ServerPartnerContext}; every call into plugin code runs with
 * the plugin's class loader as the thread's context loader ({@link LoaderSwap}).
 */
public final class PartnerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerSupervisor.class);

    /** Which partners a reload added, removed or restarted, and which of the new ones could not start. */
    public record Changes(List<String> added, List<String> removed, List<String> restarted,
                          List<FailedPartner> notStarted) {
    }

    /** A partner ready to add: its plugin's deliverer and receiver routes, configured and checked. */
    private record Prepared(PartnerConfig config, Partner partner, PartnerPlugin plugin, ServerPartnerContext context,
                            Deliverer deliverer, RoutesBuilder receiver) {
    }

    /** The Camel routes one partner added, so that they can be stopped again without touching anyone else's. */
    private static final class PartnerRoutes {
        final List<String> delivery = new ArrayList<>();
        final List<String> receivers = new ArrayList<>();
        OutboundRoutes outbound;
        Deliverer deliverer;
    }

    private final PluginCatalog plugins;
    private final MessageBroker broker;
    private final Journal journal;
    private final CamelContext camel;
    private final FhirContext fhir;
    private final MessageValidator validator;
    private final boolean profile;
    private final MeterRegistry metrics;
    private final InstallationKey key;
    private final PartnerDoors doors;
    private final List<RunningPartner> running = new CopyOnWriteArrayList<>();
    private final List<FailedPartner> failed = new CopyOnWriteArrayList<>();
    /** Partners whose routes run, by id; guarded by {@code this}. */
    private final Map<String, PartnerRoutes> partnerRoutes = new LinkedHashMap<>();

    public PartnerSupervisor(PluginCatalog plugins, MessageBroker broker, Journal journal, CamelContext camel,
                             FhirContext fhir, MessageValidator validator, boolean profile, MeterRegistry metrics,
                             InstallationKey key, PartnerDoors doors) {
        this.plugins = plugins;
        this.broker = broker;
        this.journal = journal;
        this.camel = camel;
        this.fhir = fhir;
        this.validator = validator;
        this.profile = profile;
        this.metrics = metrics;
        this.key = key;
        this.doors = doors;
    }

    /**
     * Start-up. Partners join the running context the same way at start-up and on a reload: every partner's delivery
     * side first, its receivers last, so nothing is taken in before everything behind it is ready.
     */
    public synchronized void startAll(ConfigSet config, RoutingTable table) {
        List<Prepared> started = new ArrayList<>();
        for (PartnerConfig pc : config.partners().values()) {
            startDelivery(pc, config, table).ifPresent(started::add);
        }
        for (Prepared p : started) {
            startReceiver(p);
        }
        for (Prepared p : started) {
            reconcileJournal(p);
        }
    }

    /**
     * A reload's partners: those no longer configured are stopped, new ones started, changed ones restarted;
     * {@code switchRules} puts the new routing table in place once every new delivery side runs and before any new
     * receiver does.
     */
    public synchronized Changes replace(ConfigSet current, ConfigSet applied, RoutingTable table, Runnable switchRules) {
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
        switchRules.run();
        // 5. New and changed partners' receivers.
        for (Prepared p : starting) {
            startReceiver(p);
        }
        // 6. Removed partners: deliveries in flight finish, undelivered messages stay on their queue in the broker.
        for (String id : removed) {
            stopDelivery(id);
        }
        List<FailedPartner> notStarted = failed.stream().filter(f -> starters.contains(f.partnerId())).toList();
        return new Changes(added, removed, restarted, notStarted);
    }

    /** Partners that run now (a snapshot: a reload may start or stop partners). */
    public List<RunningPartner> running() {
        return List.copyOf(running);
    }

    /** Partners of the running set that could not start, and why. */
    public List<FailedPartner> failed() {
        return List.copyOf(failed);
    }

    /**
     * Adds a partner's deliverer and its outbound route ({@code carebridge.outbound.<id>} -> deliverer) to the
     * running context. Empty when the partner could not start (reported in {@link #failedPartners()}).
     */
    private Optional<Prepared> startDelivery(PartnerConfig pc, ConfigSet set, RoutingTable table) {
        PartnerRoutes routes = new PartnerRoutes();
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
                PartnerHttpPaths.check(pc.id(), receiver, camel, set.server().http().enabled());
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
}
