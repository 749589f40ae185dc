package uk.carebridge.server.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.carebridge.server.config.ConfigError;
import uk.carebridge.server.config.ConfigFiles;
import uk.carebridge.server.config.ConfigLoader;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.config.Fingerprint;
import uk.carebridge.server.partner.ReloadResult;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.plugin.PluginPartnerCheck;

/**
 * Hot reload: a timer route that looks at the files deciding routing ({@code routes/*.yaml},
 * {@code config/partners/*.yaml}, {@code config/groups.yaml}) every {@value #PERIOD_MS} ms through their
 * {@link Fingerprint}. A change is loaded once the files have stayed the same for two looks (an editor may write
 * in several steps), checked as a whole by {@link ConfigLoader}, and then either applied by
 * {@link ReloadTarget#reload} (the running server) or refused with every error (file:line: reason) while the old set keeps running.
 * A refused set is not tried again until its files change. {@code config/carebridge.yaml} is not applied live:
 * a change to it is logged once, as needing a restart.
 */
public final class ConfigReloader extends RouteBuilder {

    public static final String ROUTE_ID = "carebridge-config-reload";
    /** How often the files are looked at; an edit applies within two looks plus the time to load it. */
    public static final long PERIOD_MS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final ReloadTarget server;
    private final PluginCatalog plugins;
    private final ConfigLoader loader = new ConfigLoader();
    private final Path serverFile;
    private final byte[] serverFileAtStart;

    // Touched only by the timer's single thread.
    private String pending;
    private String refused;
    private boolean serverFileNoticed;

    private volatile List<ConfigError> lastErrors = List.of();
    private volatile ReloadResult lastApplied;

    public ConfigReloader(ReloadTarget server, PluginCatalog plugins) {
        this.server = server;
        this.plugins = plugins;
        this.serverFile = server.config().configFolder().resolve(ConfigFiles.SERVER_FILE);
        this.serverFileAtStart = read(serverFile);
    }

    @Override
    public void configure() {
        from("timer:carebridge-config-reload?period=" + PERIOD_MS + "&delay=" + PERIOD_MS)
                .routeId(ROUTE_ID)
                .process(exchange -> look());
    }

    /** The errors of the last refused edit; empty once a valid set was applied or the files went back. */
    public List<ConfigError> lastErrors() {
        return lastErrors;
    }

    public Optional<ReloadResult> lastApplied() {
        return Optional.ofNullable(lastApplied);
    }

    /** One look at the files; loads and applies them when they changed and have settled. */
    void look() {
        if (getContext().isStopping()) {
            return;
        }
        noticeServerFile();
        ConfigSet running = server.config();
        String now = Fingerprint.of(running.configFolder(), running.routesFolder());
        if (now.equals(running.fingerprint())) {
            // Unchanged, or an edit undone: nothing pending, nothing refused.
            pending = null;
            refused = null;
            lastErrors = List.of();
            return;
        }
        if ("unreadable".equals(now) || now.equals(refused)) {
            return;
        }
        if (!now.equals(pending)) {
            pending = now; // changed since the last look: wait until it stays the same for one more look
            return;
        }
        pending = null;
        ConfigLoader.Result result;
        try {
            result = loader.load(running.configFolder(), running.routesFolder(), plugins.settingsById(),
                    new PluginPartnerCheck(plugins));
        } catch (RuntimeException e) {
            refuse(now, running.fingerprint(), List.of(new ConfigError(running.configFolder(), 0,
                    "could not be read: " + (e.getMessage() == null ? e.toString() : e.getMessage()))));
            return;
        }
        if (!result.ok()) {
            refuse(now, running.fingerprint(), result.errors());
            return;
        }
        try {
            ReloadResult applied = server.reload(result.config());
            refused = null;
            lastErrors = List.of();
            lastApplied = applied;
            LOG.info("{}", applied);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            refuse(now, running.fingerprint(), List.of(new ConfigError(running.routesFolder(), 0, reason)));
        }
    }

    private void refuse(String edited, String kept, List<ConfigError> errors) {
        refused = edited;
        lastErrors = List.copyOf(errors);
        LOG.warn("Rules {} kept: the edited set {} is refused with {} error(s):\n  {}", kept, edited, errors.size(),
                errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  ")));
    }

    private void noticeServerFile() {
        boolean changed = !Arrays.equals(serverFileAtStart, read(serverFile));
        if (changed && !serverFileNoticed) {
            LOG.warn("{} changed: server settings are read at start-up only, restart CareBridge to apply them"
                    + " (routes, partners and groups apply live)", serverFile);
        }
        serverFileNoticed = changed;
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
