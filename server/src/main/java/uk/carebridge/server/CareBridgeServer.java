package uk.carebridge.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.server.broker.MessageBroker;
import uk.carebridge.server.config.ConfigError;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.http.HttpListener;
import uk.carebridge.server.http.PartnerDoors;
import uk.carebridge.server.journal.Journal;
import uk.carebridge.server.partner.FailedPartner;
import uk.carebridge.server.partner.PartnerSupervisor;
import uk.carebridge.server.partner.ReloadResult;
import uk.carebridge.server.partner.RunningPartner;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.reload.ConfigReloader;
import uk.carebridge.server.reload.ReloadTarget;
import uk.carebridge.server.routing.RouterRoutes;
import uk.carebridge.server.routing.RoutingTable;
import uk.carebridge.server.security.InstallationKey;
import uk.carebridge.validation.MessageValidator;

/**
 * A running CareBridge: broker, journal, one HTTP listener (partners' HTTP endpoints and /health), one
 * Camel context ({@link CamelRuntime}) holding the router, and the partners ({@link PartnerSupervisor}): each
 * partner's receiver routes and, per destination, an outbound route around its plugin's deliverer. A message's way,
 * file by file: a plugin's receiver -> {@code inbound.PartnerInboundGateway} (validate, persist, ACK) ->
 * {@code routing.RouterRoutes} (rules, sharing policy, one copy per destination) -> {@code outbound.OutboundRoutes}
 * (transaction, retries, DLQ, journal) -> the plugin's {@code Deliverer}.
 */
public final class CareBridgeServer implements ReloadTarget, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CareBridgeServer.class);

    private volatile ConfigSet config;
    private final MessageBroker broker;
    private final Journal journal;
    private final DefaultCamelContext camel;
    private final HttpListener http;
    private final AtomicReference<RoutingTable> routing;
    private final MeterRegistry metrics;
    private final PartnerSupervisor partners;
    private ConfigReloader reloader;

    private CareBridgeServer(ConfigSet config, MessageBroker broker, Journal journal, DefaultCamelContext camel,
                             HttpListener http, AtomicReference<RoutingTable> routing, MeterRegistry metrics,
                             PartnerSupervisor partners) {
        this.config = config;
        this.broker = broker;
        this.journal = journal;
        this.camel = camel;
        this.http = http;
        this.routing = routing;
        this.metrics = metrics;
        this.partners = partners;
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
            camel = CamelRuntime.create(broker, config);
            // The HTTP listener first: platform-http consumers look its router up when their routes start.
            var httpSettings = config.server().http();
            if (httpSettings.enabled()) {
                http = HttpListener.start(camel, httpSettings, broker::isReachable, doors);
            } else {
                LOG.info("No HTTP listener (http.port is 0): no /health, no partner endpoints over HTTP");
            }

            AtomicReference<RoutingTable> routing = new AtomicReference<>(
                    RoutingTable.compile(config.routes(), config.groups(), config.fingerprint()));
            PartnerSupervisor partners = new PartnerSupervisor(plugins, broker, journal, camel, fhir, validator, profile,
                    metrics, key, doors);
            CareBridgeServer server = new CareBridgeServer(config, broker, journal, camel, http, routing, metrics,
                    partners);
            camel.addRoutes(new RouterRoutes(routing::get, journal, config.server().router().consumers(), metrics, key));
            camel.start();
            partners.startAll(config, routing.get());
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
    @Override
    public synchronized ReloadResult reload(ConfigSet next) throws Exception {
        ConfigSet current = config;
        ConfigSet applied = new ConfigSet(current.home(), current.configFolder(), current.routesFolder(), current.server(),
                next.partners(), next.groups(), next.routes(), next.fingerprint());
        RoutingTable table = RoutingTable.compile(applied.routes(), applied.groups(), applied.fingerprint());
        AtomicReference<String> oldVersion = new AtomicReference<>();

        PartnerSupervisor.Changes changes = partners.replace(current, applied, table, () -> {
            RoutingTable old = routing.getAndSet(table);
            oldVersion.set(old.version());
            config = applied;
        });
        return new ReloadResult(oldVersion.get(), table.version(), applied.routes().size(), changes.added(),
                changes.removed(), changes.restarted(), changes.notStarted());
    }

    private static Journal openJournal(ConfigSet config) {
        var settings = config.server().journal();
        return new Journal(config.journalUrl(), env(settings.usernameEnv()), env(settings.passwordEnv()));
    }

    private static String env(String name) {
        return name == null ? null : System.getenv(name);
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
    @Override
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
        return partners.running();
    }

    /** Partners of the running set that could not start, and why. */
    public List<FailedPartner> failedPartners() {
        return partners.failed();
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
