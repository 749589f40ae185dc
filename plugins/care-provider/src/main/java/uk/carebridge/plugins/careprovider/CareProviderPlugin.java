package uk.carebridge.plugins.careprovider;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.camel.RoutesBuilder;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.FhirHttpDelivery;
import uk.carebridge.plugin.delivery.OutboundMessage;
import uk.carebridge.plugins.careprovider.inbound.SourcePartner;

/**
 * Care homes and home care agencies: CSV files dropped in an inbox folder become FHIR messages
 * (admissions, leavers, person updates, transfers to hospital, NEWS2 observations); messages for them are
 * written to an outbox folder as FHIR JSON or POSTed to their URL. See this module's README.md.
 */
public final class CareProviderPlugin implements PartnerPlugin {

    public static final String ID = "care-provider";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Care homes and home care agencies: CSV file drops in (residents, transfers, observations), "
                + "FHIR JSON files or HTTP POST out";
    }

    @Override
    public List<PluginSetting> settings() {
        return CareProviderSettings.DECLARED;
    }

    /** Every setting receiver() and deliverer() read, read the same way, and nothing started. */
    @Override
    public void check(PartnerContext partner) {
        CareProviderSettings settings = CareProviderSettings.of(partner);
        receiving(partner, settings);
        delivering(partner, settings);
    }

    @Override
    public RoutesBuilder receiver(PartnerContext partner) {
        return receiving(partner, CareProviderSettings.of(partner)).map(Supplier::get).orElse(null);
    }

    @Override
    public Deliverer deliverer(PartnerContext partner) {
        return delivering(partner, CareProviderSettings.of(partner)).map(Supplier::get).orElse(null);
    }

    /** How the inbox route is made, every setting read first; empty when the provider drops no files. */
    private static Optional<Supplier<RoutesBuilder>> receiving(PartnerContext partner, CareProviderSettings settings) {
        return settings.dropFolders().map(folders -> {
            SourcePartner source = new SourcePartner(partner.partner().id(), partner.partner().odsCode(),
                    settings.careSetting());
            long pollDelayMs = settings.pollDelayMs();
            return () -> new CsvInboxRoute(partner, source, folders, pollDelayMs, Clock.systemUTC());
        });
    }

    /** How the deliverer is made (an outbox or a URL), every setting read first; empty when neither is set. */
    private static Optional<Supplier<Deliverer>> delivering(PartnerContext partner, CareProviderSettings settings) {
        Optional<Path> outbox = settings.outbox();
        if (outbox.isPresent()) {
            return Optional.of(() -> new OutboxDelivery(partner, outbox.get()));
        }
        Optional<URI> url = settings.deliveryUrl();
        if (url.isPresent()) {
            long timeoutMs = settings.deliveryTimeoutMs();
            return Optional.of(() -> new FhirHttpDelivery(partner, url.get(), timeoutMs));
        }
        return Optional.empty();
    }

    /** With an outbox: a message is there once {@code <outbox>/<messageId>.json} is (written whole, then renamed). */
    @Override
    public Predicate<String> deliveredCopies(PartnerContext partner) {
        return CareProviderSettings.of(partner).outbox().<Predicate<String>>map(outbox -> messageId ->
                OutboundMessage.isUsableId(messageId) && Files.isRegularFile(outbox.resolve(messageId + ".json")))
                .orElse(null);
    }

    @Override
    public List<String> describe(PartnerContext partner) {
        CareProviderSettings settings = CareProviderSettings.of(partner);
        List<String> lines = new java.util.ArrayList<>();
        settings.dropFolders().ifPresent(f -> {
            lines.add("drop CSV files in  " + f.inbox() + "  (residents*.csv, transfers*.csv, observations*.csv)");
            lines.add("processed files in " + f.done() + ", bad rows in " + f.error());
        });
        settings.outbox().ifPresent(o -> lines.add("delivered messages appear in " + o));
        settings.deliveryUrl().ifPresent(u -> lines.add("delivered messages are POSTed to " + u.getScheme() + "://"
                + u.getAuthority() + u.getPath()));
        return lines;
    }
}
