package uk.carebridge.plugins.nhstrust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    @Override
    public RoutesBuilder receiver(PartnerContext partner) {
        TrustSettings settings = new TrustSettings(partner);
        Optional<Integer> mllpPort = settings.mllpPort();
        boolean fhirInbound = settings.fhirInbound();
        if (mllpPort.isEmpty() && !fhirInbound) {
            return null;
        }
        String charset = settings.charset();
        MllpLimits limits = mllpPort.isPresent() ? settings.mllpLimits() : null;
        ApiKey apiKey = ApiKey.of(fhirInbound ? settings.apiKey() : Optional.empty());
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                if (mllpPort.isPresent()) {
                    new AdtListenerRoute(partner, settings.mllpHost(), mllpPort.get(), charset, limits).addTo(this);
                }
                if (fhirInbound) {
                    from("platform-http:" + partner.httpPath("fhir/$process-message") + "?httpMethodRestrict=POST")
                            .routeId(partner.routeId("fhir-in"))
                            .process(new FhirMessageEndpoint(partner.partner().id(), partner.fhir(),
                                    partner.inbound(), apiKey));
                }
            }
        };
    }

    @Override
    public Deliverer deliverer(PartnerContext partner) {
        TrustSettings settings = new TrustSettings(partner);
        settings.checkDelivery();
        if (settings.format().equals(TrustSettings.FORMAT_HL7V2)) {
            return settings.deliveryAddress()
                    .map(address -> new MllpDelivery(partner, address, settings.deliveryTimeoutMs(),
                            settings.charset(), adtWriter(partner, settings)))
                    .orElse(null);
        }
        return settings.processMessageUrl()
                .map(url -> new FhirHttpDelivery(partner, url, settings.deliveryTimeoutMs()))
                .orElse(null);
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
