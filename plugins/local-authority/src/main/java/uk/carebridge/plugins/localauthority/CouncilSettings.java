package uk.carebridge.plugins.localauthority;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.SettingReader;

/** The settings of one council partner, read and checked when its routes are built. */
final class CouncilSettings {

    static final String INBOUND = "inbound";
    static final String API_KEY_ENV = "apiKeyEnv";
    static final String DELIVERY_URL = "deliveryUrl";
    static final String DELIVERY_API_KEY_ENV = "deliveryApiKeyEnv";
    static final String DELIVERY_TOKEN_ENV = "deliveryTokenEnv";
    static final String DELIVERY_TIMEOUT = "deliveryTimeout";
    static final String KNOWN_PEOPLE_ONLY = "knownPeopleOnly";
    static final String POLL_URL = "pollUrl";
    static final String POLL_INTERVAL = "pollInterval";

    static final List<PluginSetting> DECLARED = List.of(
            PluginSetting.optional(INBOUND, "true",
                    "true: the council's system may POST events to /partners/<id>/v1/people, /referrals, "
                            + "/assessments and /care-packages."),
            PluginSetting.optional(API_KEY_ENV, null,
                    "Name of the environment variable holding the key the council must send in X-API-Key. "
                            + "Absent: no key asked (use only behind a trusted network)."),
            PluginSetting.optional(DELIVERY_URL, null,
                    "URL notices are POSTed to (the council's CareBridge notices endpoint). Absent: the council "
                            + "receives nothing."),
            PluginSetting.optional(DELIVERY_API_KEY_ENV, null,
                    "Name of the environment variable holding the key CareBridge sends in X-API-Key to the council "
                            + "(notices and polling)."),
            PluginSetting.optional(DELIVERY_TOKEN_ENV, null,
                    "Name of the environment variable holding a bearer token CareBridge sends as "
                            + "'Authorization: Bearer ...' to the council (notices and polling)."),
            PluginSetting.optional(DELIVERY_TIMEOUT, "10000",
                    "Milliseconds to wait for the council's system to connect and to answer."),
            PluginSetting.optional(KNOWN_PEOPLE_ONLY, "true",
                    "true: admissions, discharges and transfers reach the council only for people it has sent "
                            + "CareBridge (by NHS number), vital signs only for people with a care package it "
                            + "commissioned; assessment requests always. false: every notice routed to it."),
            PluginSetting.optional(POLL_URL, null,
                    "For a council system that cannot call CareBridge: CareBridge GETs <pollUrl>?since=<cursor> "
                            + "on a schedule and takes the events it returns. Absent: no polling."),
            PluginSetting.optional(POLL_INTERVAL, "60000", "Milliseconds between polls (pollUrl)."));

    private final PartnerContext context;
    private final SettingReader settings;
    private final UnaryOperator<String> environment;

    CouncilSettings(PartnerContext context, UnaryOperator<String> environment) {
        this.context = context;
        this.settings = new SettingReader(context.partner());
        this.environment = environment;
    }

    boolean inbound() {
        return Boolean.parseBoolean(settings.oneOf(INBOUND, "true", "true", "false"));
    }

    Optional<String> apiKey() {
        return settings.secretFromEnvironment(API_KEY_ENV, environment);
    }

    Optional<URI> deliveryUrl() {
        return settings.httpUrl(DELIVERY_URL);
    }

    Optional<URI> pollUrl() {
        return settings.httpUrl(POLL_URL);
    }

    long pollIntervalMs() {
        return settings.positive(POLL_INTERVAL, 60_000, "milliseconds");
    }

    long timeoutMs() {
        return settings.millis(DELIVERY_TIMEOUT, 10_000);
    }

    boolean knownPeopleOnly() {
        return Boolean.parseBoolean(settings.oneOf(KNOWN_PEOPLE_ONLY, "true", "true", "false"));
    }

    /** The credentials CareBridge presents to the council's system, as request headers. */
    CouncilCredentials credentials() {
        Optional<String> key = settings.secretFromEnvironment(DELIVERY_API_KEY_ENV, environment);
        Optional<String> token = settings.secretFromEnvironment(DELIVERY_TOKEN_ENV, environment);
        if (key.isPresent() && token.isPresent()) {
            throw settings.invalid(DELIVERY_TOKEN_ENV, "is set together with deliveryApiKeyEnv: the council's "
                    + "system takes one kind of credential, keep the one it asks for");
        }
        return new CouncilCredentials(key, token);
    }

    PartnerContext context() {
        return context;
    }
}
