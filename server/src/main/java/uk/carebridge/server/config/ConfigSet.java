package uk.carebridge.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A complete, validated configuration: server settings, partners and routes, read together and
 * replaced together.
 *
 * @param home     the CareBridge home folder relative paths are taken from
 * @param partners by partner id, in file name order
 */
public record ConfigSet(Path home, Path configFolder, Path routesFolder, ServerConfig server,
                        Map<String, PartnerConfig> partners, List<RouteConfig> routes) {

    /** A path from the config, relative to the home folder unless absolute. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }

    /** The journal's JDBC URL with {@code {home}} replaced by the home folder. */
    public String journalUrl() {
        return server.journal().url().replace("{home}", home.toString());
    }

    public DeliverySettings deliveryFor(String partnerId) {
        DeliverySettings own = partners.get(partnerId).delivery();
        return own == null ? server.delivery() : own.withDefaults(server.delivery());
    }
}
