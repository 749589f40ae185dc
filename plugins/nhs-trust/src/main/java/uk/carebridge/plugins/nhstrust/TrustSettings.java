package uk.carebridge.plugins.nhstrust;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import uk.carebridge.plugin.PartnerContext;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.Secrets;
import uk.carebridge.plugin.SettingReader;
import uk.carebridge.plugin.SettingReader.HostAndPort;

/** The settings of one trust partner, read and checked once when its routes are built. */
final class TrustSettings {

    static final String MLLP_PORT = "mllpPort";
    static final String MLLP_HOST = "mllpHost";
    static final String CHARSET = "charset";
    static final String FHIR_INBOUND = "fhirInbound";
    /** The secret: apiKeyEnv or apiKeyFile ({@link Secrets}). */
    static final String API_KEY = "apiKey";
    static final String API_KEY_ENV = API_KEY + Secrets.ENV;
    static final String FORMAT = "format";
    static final String DELIVERY_URL = "deliveryUrl";
    static final String DELIVERY_ADDRESS = "deliveryAddress";
    static final String DELIVERY_TIMEOUT = "deliveryTimeout";
    static final String HL7_VERSION = "hl7Version";
    static final String SENDING_APPLICATION = "sendingApplication";
    static final String MAX_CONNECTIONS = "maxConnections";
    static final String MAX_CONNECTIONS_PER_ADDRESS = "maxConnectionsPerAddress";
    static final String IDLE_TIMEOUT = "idleTimeout";
    static final String FRAME_TIMEOUT = "frameTimeout";
    static final String MAX_FRAME_BYTES = "maxFrameBytes";

    static final String FORMAT_FHIR = "fhir";
    static final String FORMAT_HL7V2 = "hl7v2";

    static final List<PluginSetting> DECLARED = List.of(
            PluginSetting.optional(MLLP_PORT, null, PluginSetting.Type.PORT,
                    "TCP port the trust sends HL7 v2 ADT to over MLLP. Absent: no MLLP listener."),
            PluginSetting.optional(MLLP_HOST, "0.0.0.0",
                    "Network address the MLLP listener binds to (0.0.0.0: all; 127.0.0.1: this machine only)."),
            PluginSetting.optional(MAX_CONNECTIONS, String.valueOf(MllpLimits.DEFAULT_MAX_CONNECTIONS),
                    PluginSetting.Type.COUNT, "Most MLLP connections the trust may hold open at once (the accept "
                            + "backlog is the same); one more is refused at once. At most the server's "
                            + "mllp.maxConnections (carebridge.yaml, default "
                            + PartnerContext.DEFAULT_SERVER_MAX_MLLP_CONNECTIONS + "), the bound across all partners."),
            PluginSetting.optional(MAX_CONNECTIONS_PER_ADDRESS,
                    String.valueOf(MllpLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS), PluginSetting.Type.COUNT,
                    "Most MLLP connections from one IP address, so one misbehaving host cannot take every slot."),
            PluginSetting.optional(IDLE_TIMEOUT, "10min", PluginSetting.Type.DURATION,
                    "An MLLP connection with no message for this long is closed and its slot freed (senders "
                            + "reconnect on their next message; TCP keep-alive is on): milliseconds, or 30s, 10min, "
                            + "1h."),
            PluginSetting.optional(FRAME_TIMEOUT, "30s", PluginSetting.Type.DURATION,
                    "A frame started but not finished within this time closes its connection; the others are "
                            + "unaffected."),
            PluginSetting.optional(MAX_FRAME_BYTES, "10MiB", PluginSetting.Type.BYTES,
                    "Longest HL7 message taken over MLLP (bytes, or 512KiB, 10MiB; at most 1GiB): a longer frame is "
                            + "answered AR as soon as it passes the limit, the rest of it is read and dropped, and "
                            + "the connection is closed."),
            PluginSetting.optional(CHARSET, "UTF-8",
                    "Character set of the HL7 v2 messages exchanged with the trust, both directions (UTF-8, "
                            + "ISO-8859-1, ...)."),
            PluginSetting.optional(FHIR_INBOUND, "false",
                    "true: the trust may POST FHIR message Bundles to /partners/<id>/fhir/$process-message (needs "
                            + "the server's HTTP listener, http: in carebridge.yaml)."),
            PluginSetting.optional(API_KEY_ENV, null,
                    "Name of the environment variable holding the API key the trust must send in the X-API-Key "
                            + "header to the FHIR endpoint. Absent (and no apiKeyFile): no key (use only behind a "
                            + "trusted network)."),
            Secrets.fileSetting(API_KEY, "the API key the trust must send in X-API-Key"),
            PluginSetting.optional(FORMAT, FORMAT_FHIR,
                    "What the trust receives: fhir (POST to <deliveryUrl>/$process-message) or hl7v2 (ADT over "
                            + "MLLP to deliveryAddress)."),
            PluginSetting.optional(DELIVERY_URL, null,
                    "FHIR base URL of the trust (format fhir), e.g. https://fhir.trust.nhs.uk/R4."),
            PluginSetting.optional(DELIVERY_ADDRESS, null,
                    "host:port of the trust's MLLP listener (format hl7v2)."),
            PluginSetting.optional(DELIVERY_TIMEOUT, "10000",
                    "Milliseconds to wait for the trust to connect and to answer (HTTP status or HL7 ACK)."),
            PluginSetting.optional(HL7_VERSION, "2.4", "HL7 v2 version written in MSH-12 of outgoing ADT: 2.3, 2.3.1, "
                    + "2.4 (the NHS ITK baseline), 2.5, 2.5.1."),
            PluginSetting.optional(SENDING_APPLICATION, "CAREBRIDGE",
                    "MSH-3 of outgoing ADT: how the trust's engine knows CareBridge."));

    private static final List<String> HL7_VERSIONS = List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final PartnerContext context;
    private final SettingReader settings;

    TrustSettings(PartnerContext context) {
        this.context = context;
        this.settings = new SettingReader(context.partner());
    }

    Optional<Integer> mllpPort() {
        return settings.port(MLLP_PORT);
    }

    /** The MLLP listener's connection and frame limits (MllpLimits has the defaults). */
    MllpLimits mllpLimits() {
        long max = settings.count(MAX_CONNECTIONS, MllpLimits.DEFAULT_MAX_CONNECTIONS);
        int serverMax = context.serverMaxMllpConnections();
        if (max > serverMax) {
            throw settings.invalid(MAX_CONNECTIONS, "must be at most " + serverMax + ", the MLLP connections the "
                    + "server holds across all partners (mllp.maxConnections in carebridge.yaml; was " + max + ")");
        }
        long perAddress = settings.count(MAX_CONNECTIONS_PER_ADDRESS, MllpLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        long idle = settings.duration(IDLE_TIMEOUT, MllpLimits.DEFAULT_IDLE_TIMEOUT_MS);
        long frame = settings.duration(FRAME_TIMEOUT, MllpLimits.DEFAULT_FRAME_TIMEOUT_MS);
        if (idle > Integer.MAX_VALUE || frame > Integer.MAX_VALUE) {
            throw settings.invalid(idle > Integer.MAX_VALUE ? IDLE_TIMEOUT : FRAME_TIMEOUT, "must be under 24 days");
        }
        long frameBytes = settings.bytes(MAX_FRAME_BYTES, MllpLimits.DEFAULT_MAX_FRAME_BYTES);
        if (frameBytes > MllpLimits.MAX_MAX_FRAME_BYTES) {
            throw settings.invalid(MAX_FRAME_BYTES, "must be at most 1GiB (a frame is held in memory while read)");
        }
        return new MllpLimits((int) max, (int) Math.min(perAddress, max), idle, frame, (int) frameBytes, serverMax);
    }

    String mllpHost() {
        return settings.text(MLLP_HOST).orElse("0.0.0.0");
    }

    String charset() {
        String name = settings.text(CHARSET).orElse("UTF-8");
        if (!java.nio.charset.Charset.isSupported(name)) {
            throw settings.invalid(CHARSET, "names a character set this Java does not know: use UTF-8 or ISO-8859-1");
        }
        return name;
    }

    boolean fhirInbound() {
        return Boolean.parseBoolean(settings.oneOf(FHIR_INBOUND, "false", "true", "false"));
    }

    /** The key the trust must send (apiKeyEnv or apiKeyFile); empty: none asked. */
    Optional<String> apiKey() {
        return context.secret(API_KEY);
    }

    String format() {
        return settings.oneOf(FORMAT, FORMAT_FHIR, FORMAT_FHIR, FORMAT_HL7V2);
    }

    /** Where FHIR messages are POSTed: the FHIR base URL + {@code /$process-message}. */
    Optional<URI> processMessageUrl() {
        return settings.httpUrl(DELIVERY_URL).map(base -> {
            // The operation goes at the end of the path, before any query (a token some gateways want there).
            String b = base.toString();
            int end = b.indexOf('?') < 0 ? b.length() : b.indexOf('?');
            String path = b.substring(0, end);
            return URI.create((path.endsWith("/") ? path : path + "/") + "$process-message" + b.substring(end));
        });
    }

    Optional<HostAndPort> deliveryAddress() {
        return settings.hostAndPort(DELIVERY_ADDRESS);
    }

    long deliveryTimeoutMs() {
        return settings.millis(DELIVERY_TIMEOUT, 10_000);
    }

    String hl7Version() {
        String v = settings.text(HL7_VERSION).orElse("2.4");
        if (!HL7_VERSIONS.contains(v)) {
            throw settings.invalid(HL7_VERSION, "must be one of " + String.join(", ", HL7_VERSIONS));
        }
        return v;
    }

    String sendingApplication() {
        return settings.text(SENDING_APPLICATION).orElse("CAREBRIDGE");
    }

    /** Checks that the delivery settings fit the format, so a mistake shows at start-up, not at first delivery. */
    void checkDelivery() {
        boolean hl7 = format().equals(FORMAT_HL7V2);
        if (hl7 && settings.text(DELIVERY_URL).isPresent()) {
            throw settings.invalid(DELIVERY_URL, "is for format fhir; with format hl7v2 set deliveryAddress (host:port)");
        }
        if (!hl7 && settings.text(DELIVERY_ADDRESS).isPresent()) {
            throw settings.invalid(DELIVERY_ADDRESS, "is for format hl7v2; add 'format: hl7v2' or use deliveryUrl");
        }
    }

    /** An error naming the partner and the setting, for checks made outside this class. */
    IllegalArgumentException invalid(String key, String what) {
        return settings.invalid(key, what);
    }

    PartnerContext context() {
        return context;
    }
}
