package uk.carebridge.plugins.careprovider;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import uk.carebridge.plugin.Partner;
import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.SettingReader;
import uk.carebridge.plugins.careprovider.inbound.CareSetting;

/** The settings of one care-provider partner, read and checked once when its routes are built. */
final class CareProviderSettings {

    static final String INBOX = "inbox";
    static final String DONE = "done";
    static final String ERROR = "error";
    static final String OUTBOX = "outbox";
    static final String DELIVERY_URL = "deliveryUrl";
    static final String POLL_DELAY = "pollDelay";
    static final String DELIVERY_TIMEOUT = "deliveryTimeout";
    static final String CARE_SETTING = "careSetting";

    static final List<PluginSetting> DECLARED = List.of(
            PluginSetting.optional(INBOX, null,
                    "Folder the partner drops CSV files in (residents*.csv, transfers*.csv, observations*.csv). "
                            + "Absent: the partner does not send."),
            PluginSetting.optional(DONE, null,
                    "Folder processed CSV files are moved to, with a time stamp in the name. Default: 'done' next to "
                            + "the inbox (<inbox>/../done)."),
            PluginSetting.optional(ERROR, null,
                    "Folder for files that cannot be read at all (with a .reason.txt) and the -errors.csv reports "
                            + "of bad rows. Default: 'error' next to the inbox (<inbox>/../error)."),
            PluginSetting.optional(OUTBOX, null,
                    "Folder each delivered FHIR message is written to as <messageId>.json."),
            PluginSetting.optional(DELIVERY_URL, null,
                    "http:// or https:// URL each delivered FHIR message is POSTed to (instead of outbox)."),
            PluginSetting.optional(POLL_DELAY, "500", "Milliseconds between two looks at the inbox."),
            PluginSetting.optional(DELIVERY_TIMEOUT, "10000",
                    "Milliseconds allowed to connect to deliveryUrl and for its answer."),
            PluginSetting.optional(CARE_SETTING, CareSetting.CARE_HOME.code(),
                    "care-home (a stay in the home: Encounter.class NONAC, inpatient non-acute) or home-care (care "
                            + "in the person's own home: HH, home health)."));

    private final Partner partner;
    private final PartnerContext context;
    private final SettingReader settings;

    private CareProviderSettings(PartnerContext context) {
        this.context = context;
        this.partner = context.partner();
        this.settings = new SettingReader(partner);
    }

    static CareProviderSettings of(PartnerContext context) {
        return new CareProviderSettings(context);
    }

    /** The drop folders, or empty when this partner does not send. */
    Optional<DropFolders> dropFolders() {
        Optional<Path> inbox = partner.setting(INBOX).map(context::resolvePath);
        return inbox.map(in -> {
            Path parent = in.toAbsolutePath().normalize().getParent();
            Path done = partner.setting(DONE).map(context::resolvePath).orElseGet(() -> parent.resolve("done"));
            Path error = partner.setting(ERROR).map(context::resolvePath).orElseGet(() -> parent.resolve("error"));
            DropFolders folders = new DropFolders(in.toAbsolutePath().normalize(), done.toAbsolutePath().normalize(),
                    error.toAbsolutePath().normalize());
            if (folders.done().equals(folders.inbox()) || folders.error().equals(folders.inbox())) {
                // A file moved to done/ would be found again in the inbox and processed for ever.
                throw invalid(folders.done().equals(folders.inbox()) ? DONE : ERROR,
                        "must be another folder than the inbox");
            }
            return folders;
        });
    }

    long pollDelayMs() {
        return settings.millis(POLL_DELAY, 500);
    }

    long deliveryTimeoutMs() {
        return settings.millis(DELIVERY_TIMEOUT, 10_000);
    }

    CareSetting careSetting() {
        String value = partner.setting(CARE_SETTING).orElse(CareSetting.CARE_HOME.code());
        return CareSetting.fromCode(value).orElseThrow(() -> invalid(CARE_SETTING,
                "must be " + CareSetting.codes()));
    }

    Optional<Path> outbox() {
        checkOneDeliveryTarget();
        return partner.setting(OUTBOX).map(context::resolvePath).map(p -> p.toAbsolutePath().normalize());
    }

    Optional<URI> deliveryUrl() {
        checkOneDeliveryTarget();
        return settings.httpUrl(DELIVERY_URL);
    }

    private void checkOneDeliveryTarget() {
        if (partner.setting(OUTBOX).isPresent() && partner.setting(DELIVERY_URL).isPresent()) {
            throw new IllegalArgumentException("partner " + partner.id() + ": settings '" + OUTBOX + "' and '"
                    + DELIVERY_URL + "' are both set; the care-provider plugin delivers to a folder or to a URL, "
                    + "not both: remove one of them");
        }
    }

    private IllegalArgumentException invalid(String key, String what) {
        return settings.invalid(key, what);
    }
}
