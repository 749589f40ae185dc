package uk.carebridge.plugins.localauthority;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.Secrets;
import uk.carebridge.plugin.SettingReader;

/** The settings of one council partner, read and checked when its routes are built. */
final class CouncilSettings {

    static final String INBOUND = "inbound";
    /** Secrets, each given by its *Env or *File setting ({@link Secrets}). */
    static final String API_KEY = "apiKey";
    static final String DELIVERY_API_KEY = "deliveryApiKey";
    static final String DELIVERY_TOKEN = "deliveryToken";
    static final String API_KEY_ENV = API_KEY + Secrets.ENV;
    static final String DELIVERY_URL = "deliveryUrl";
    static final String DELIVERY_API_KEY_ENV = DELIVERY_API_KEY + Secrets.ENV;
    static final String DELIVERY_TOKEN_ENV = DELIVERY_TOKEN + Secrets.ENV;
    static final String DELIVERY_TIMEOUT = "deliveryTimeout";
    static final String KNOWN_PEOPLE_ONLY = "knownPeopleOnly";
    static final String POLL_URL = "pollUrl";
    static final String POLL_INTERVAL = "pollInterval";

    static final List<PluginSetting> DECLARED = List.of(
            PluginSetting.optional(INBOUND, "true",
                    "true: the council's system may POST events to /partners/<id>/v1/people, /referrals, "
                            + "/assessments and /care-packages."),
            PluginSetting.optional(API_KEY_ENV, null,
                    "Name of the environment variable holding the key the council must send in X-API-Key "
                            + "(compared in constant time; 401 otherwise). Absent (and no apiKeyFile): no key asked "
                            + "(use only behind a trusted network)."),
            Secrets.fileSetting(API_KEY, "the key the council must send in X-API-Key"),
            PluginSetting.optional(DELIVERY_URL, null,
                    "URL notices are POSTed to (the council's CareBridge notices endpoint). Absent: the council "
                            + "receives nothing."),
            PluginSetting.optional(DELIVERY_API_KEY_ENV, null,
                    "Name of the environment variable holding the key CareBridge sends in X-API-Key to the council "
                            + "(notices and polling)."),
            Secrets.fileSetting(DELIVERY_API_KEY, "the key CareBridge sends in X-API-Key to the council"),
            PluginSetting.optional(DELIVERY_TOKEN_ENV, null,
                    "Name of the environment variable holding a bearer token CareBridge sends as "
                            + "'Authorization: Bearer ...' to the council (notices and polling). The council's "
                            + "system takes one credential: a key or a token, not both."),
            Secrets.fileSetting(DELIVERY_TOKEN, "the bearer token CareBridge sends to the council"),
            PluginSetting.optional(DELIVERY_TIMEOUT, "10000",
                    "Milliseconds to wait for the council's system to connect and to answer."),
            PluginSetting.optional(KNOWN_PEOPLE_ONLY, "true",
                    "true: admissions, discharges and transfers reach the council only for people it has sent "
                            + "CareBridge (by NHS number), vital signs only for people with a care package it "
                            + "commissioned; assessment requests always. false: every notice routed to it."),
            PluginSetting.optional(POLL_URL, null,
                    "For a council system that cannot call CareBridge: CareBridge GETs <pollUrl>?since=<cursor> "
                            + "on a schedule and takes the events it returns (instead of, or as well as, being "
                            + "called). Absent: no polling."),
            PluginSetting.optional(POLL_INTERVAL, "60000", "Milliseconds between polls (pollUrl)."));

    private final PartnerContext context;
    private final SettingReader settings;

    CouncilSettings(PartnerContext context) {
        this.context = context;
        this.settings = new SettingReader(context.partner());
    }

    boolean inbound() {
        return Boolean.parseBoolean(settings.oneOf(INBOUND, "true", "true", "false"));
    }

    Optional<String> apiKey() {
        return context.secret(API_KEY);
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
        Optional<String> key = context.secret(DELIVERY_API_KEY);
        Optional<String> token = context.secret(DELIVERY_TOKEN);
        if (key.isPresent() && token.isPresent()) {
            throw settings.invalid(givenBy(DELIVERY_TOKEN), "is set together with " + givenBy(DELIVERY_API_KEY)
                    + ": the council's "
                    + "system takes one kind of credential, keep the one it asks for");
        }
        return new CouncilCredentials(key, token);
    }

    /** The setting that gives the secret {@code name}: its *Env one unless only its *File one is set. */
    private String givenBy(String name) {
        return settings.text(name + Secrets.FILE).isPresent() && settings.text(name + Secrets.ENV).isEmpty()
                ? name + Secrets.FILE : name + Secrets.ENV;
    }

    PartnerContext context() {
        return context;
    }
}
