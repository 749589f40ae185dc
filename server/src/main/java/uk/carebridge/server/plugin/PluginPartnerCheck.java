package uk.carebridge.server.plugin;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.CamelContext;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.Secrets;
import uk.carebridge.server.config.PartnerCheck;
import uk.carebridge.server.config.PartnerConfig;
import uk.carebridge.server.config.ServerConfig;

/**
 * Each partner checked by its plugin ({@link PartnerPlugin#check}) when the configuration is loaded: by
 * {@code carebridge validate}, at start-up and on every hot reload, so that exit 0 from {@code validate} means
 * {@code run} starts the partner. The plugin sees the partner with the paths, secrets and server bounds it will see
 * when it runs; nothing is started.
 */
public record PluginPartnerCheck(PluginCatalog plugins) implements PartnerCheck {

    @Override
    public void check(PartnerConfig config, Path home, ServerConfig server) throws Exception {
        Optional<PartnerPlugin> plugin = plugins.plugin(config.plugin());
        if (plugin.isEmpty()) {
            return; // the loader has reported it
        }
        Partner partner = new Partner(config.id(), config.name(), config.odsCode(), config.plugin(), config.settings());
        try (LoaderSwap swap = LoaderSwap.of(plugin.get())) {
            plugin.get().check(new Checking(partner, home, server));
        }
    }

    /** What a plugin has while it checks: everything but the running parts. */
    private record Checking(Partner partner, Path home, ServerConfig server) implements PartnerContext {

        @Override
        public InboundGateway inbound() {
            throw new UnsupportedOperationException("a plugin checking settings has no inbound gateway");
        }

        @Override
        public CamelContext camel() {
            throw new UnsupportedOperationException("a plugin checking settings has no Camel context");
        }

        @Override
        public FhirContext fhir() {
            return FhirContext.forR4Cached();
        }

        @Override
        public Path resolvePath(String settingValue) {
            Path path = Path.of(settingValue);
            return path.isAbsolute() ? path : home.resolve(path).normalize();
        }

        @Override
        public int serverMaxMllpConnections() {
            return server.mllp().maxConnections();
        }

        @Override
        public Optional<String> secret(String name) {
            return Secrets.read(partner, name, System::getenv, this::resolvePath);
        }
    }
}
