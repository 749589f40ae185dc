package uk.carebridge.plugins.nhstrust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PartnerPlugin;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.delivery.Deliverer;
import uk.carebridge.plugin.delivery.FhirHttpDelivery;
import uk.carebridge.plugin.http.ApiKey;
import uk.carebridge.plugins.nhstrust.outbound.AdtWriter;

/**
 * NHS hospital trusts. In: HL7 v2 ADT over MLLP (admissions, transfers, discharges, person updates,
 * merges) and, for trusts that speak FHIR, FHIR message Bundles POSTed to {@code $process-message}; both
 * become UK Core FHIR messages. Out: FHIR messages POSTed to the trust's {@code $process-message}, or
 * ADT over MLLP for trusts configured with {@code format: hl7v2}. See this module's README.md.
 */
public final class NhsTrustPlugin implements PartnerPlugin {

    public static final String ID = "nhs-trust";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "NHS trusts: HL7 v2 ADT over MLLP and FHIR messaging over HTTP, in and out, as UK Core FHIR R4";
    }

    @Override
    public List<PluginSetting> settings() {
        return TrustSettings.DECLARED;
    }

    /** Every setting receiver() and deliverer() read, read the same way, and nothing started. */
    @Override
    public void check(PartnerContext partner) {
        TrustSettings settings = new TrustSettings(partner);
        receiving(settings);
        delivering(partner, settings);
    }

    @Override
    public RoutesBuilder receiver(PartnerContext partner) {
        Optional<Receiving> receiving = receiving(new TrustSettings(partner));
        if (receiving.isEmpty()) {
            return null;
        }
        Receiving r = receiving.get();
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                if (r.mllpPort().isPresent()) {
                    new AdtListenerRoute(partner, r.mllpHost(), r.mllpPort().get(), r.charset(), r.limits())
                            .addTo(this);
                }
                if (r.fhirInbound()) {
                    from("platform-http:" + partner.httpPath("fhir/$process-message") + "?httpMethodRestrict=POST")
                            .routeId(partner.routeId("fhir-in"))
                            .process(new FhirMessageEndpoint(partner.partner().id(), partner.fhir(),
                                    partner.inbound(), r.apiKey()));
                }
            }
        };
    }

    @Override
    public Deliverer deliverer(PartnerContext partner) {
        return delivering(partner, new TrustSettings(partner)).map(Supplier::get).orElse(null);
    }

    /** What the trust's receiver listens with, every setting read; empty when the trust only receives. */
    private record Receiving(Optional<Integer> mllpPort, String mllpHost, MllpLimits limits, boolean fhirInbound,
                             String charset, ApiKey apiKey) {
    }

    private static Optional<Receiving> receiving(TrustSettings settings) {
        Optional<Integer> mllpPort = settings.mllpPort();
        boolean fhirInbound = settings.fhirInbound();
        if (mllpPort.isEmpty() && !fhirInbound) {
            return Optional.empty();
        }
        String charset = settings.charset();
        MllpLimits limits = mllpPort.isPresent() ? settings.mllpLimits() : null;
        ApiKey apiKey = ApiKey.of(fhirInbound ? settings.apiKey() : Optional.empty());
        return Optional.of(new Receiving(mllpPort, settings.mllpHost(), limits, fhirInbound, charset, apiKey));
    }

    /** How the trust's deliverer is made, every setting read first; empty when there is nowhere to deliver. */
    private static Optional<Supplier<Deliverer>> delivering(PartnerContext partner, TrustSettings settings) {
        settings.checkDelivery();
        long timeoutMs = settings.deliveryTimeoutMs();
        if (settings.format().equals(TrustSettings.FORMAT_HL7V2)) {
            return settings.deliveryAddress().map(address -> {
                AdtWriter writer = adtWriter(partner, settings);
                String charset = settings.charset();
                return () -> new MllpDelivery(partner, address, timeoutMs, charset, writer);
            });
        }
        return settings.processMessageUrl().map(url -> () -> new FhirHttpDelivery(partner, url, timeoutMs));
    }

    /**
     * The writer declares the delivery charset in MSH-18 (README-outbound): without it the trust would read
     * the bytes as ASCII, HL7's default, and mangle every name that is not.
     */
    private static AdtWriter adtWriter(PartnerContext partner, TrustSettings settings) {
        AdtWriter writer = new AdtWriter(partner.partner(), settings.sendingApplication(), settings.hl7Version());
        try {
            return writer.withCharset(settings.charset());
        } catch (IllegalArgumentException e) {
            throw settings.invalid(TrustSettings.CHARSET, "cannot be declared in HL7 v2 (MSH-18) for format hl7v2: "
                    + "use UTF-8, ISO-8859-1 or US-ASCII");
        }
    }

    @Override
    public List<String> describe(PartnerContext partner) {
        TrustSettings settings = new TrustSettings(partner);
        List<String> lines = new ArrayList<>();
        settings.mllpPort().ifPresent(port -> {
            MllpLimits l = settings.mllpLimits();
            lines.add("HL7 v2 ADT over MLLP on " + settings.mllpHost() + ":" + port + " (up to " + l.maxConnections()
                    + " connections, " + l.maxConnectionsPerAddress() + " per address; idle ones closed after "
                    + l.idleTimeoutMs() / 1000 + " s; frames up to " + l.maxFrameBytes() + " bytes within "
                    + l.frameTimeoutMs() / 1000 + " s)");
        });
        if (settings.fhirInbound()) {
            String path = partner.httpPath("fhir/$process-message");
            lines.add("FHIR messages: POST " + partner.httpBaseUrl().map(base -> base + path).orElse(path)
                    + (settings.apiKey().isPresent() ? " (X-API-Key required)" : ""));
        }
        if (settings.format().equals(TrustSettings.FORMAT_HL7V2)) {
            settings.deliveryAddress().ifPresent(a -> lines.add("delivers HL7 v2 ADT over MLLP to " + a));
        } else {
            // Host and port only: the authority may carry user:password, and the query a token.
            settings.processMessageUrl().ifPresent(u -> lines.add("delivers FHIR messages to " + u.getScheme()
                    + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getRawPath()));
        }
        return lines;
    }
}
