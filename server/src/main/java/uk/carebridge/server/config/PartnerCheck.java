package uk.carebridge.server.config;

import java.nio.file.Path;

/**
 * A partner's plugin checking the partner's settings the way it reads them when it starts the partner
 * ({@code PartnerPlugin.check}), after the config loader's own checks (required, known, typed). A
 * {@link uk.carebridge.plugin.SettingException} is reported at that setting's line of the partner file.
 */
@FunctionalInterface
public interface PartnerCheck {

    /** No plugin checks: the declared settings' types only (tools, tests). */
    PartnerCheck NONE = (partner, home, server) -> {
    };

    /**
     * @param partner the partner as the plugin will see it (defaults applied)
     * @param home    the CareBridge home that relative paths are taken from
     * @param server  the server settings of the same set
     */
    void check(PartnerConfig partner, Path home, ServerConfig server) throws Exception;
}
