package uk.carebridge.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A complete, validated configuration: server settings, partners and routes, read together and
 * replaced together.
 *
 * @param home     the CareBridge home folder relative paths are taken from
 * @param partners    by partner id, in file name order
 * @param groups      partner groups ({@code config/groups.yaml}): name -> partner ids
 * @param fingerprint names this set of route, partner and group files (a hash of their text): the journal
 *                    records which rule set routed each message
 */
public record ConfigSet(Path home, Path configFolder, Path routesFolder, ServerConfig server,
                        Map<String, PartnerConfig> partners, Map<String, List<String>> groups,
                        List<RouteConfig> routes, String fingerprint) {

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
