package uk.carebridge.plugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one partner's settings as typed values, with errors that name the partner, the setting and what
 * is wrong, so an admin can fix the partner file without reading code. The config loader has already
 * checked that required settings are present and no unknown ones are given.
 */
public final class SettingReader {

    private final Partner partner;

    public SettingReader(Partner partner) {
        this.partner = partner;
    }

    public Partner partner() {
        return partner;
    }

    public Optional<String> text(String key) {
        return partner.setting(key).map(String::strip);
    }

    /** A positive number of milliseconds. */
    public long millis(String key, long defaultValue) {
        return positive(key, defaultValue, "milliseconds");
    }

    /** A positive whole number, e.g. a count. */
    public long positive(String key, long defaultValue, String unit) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.get());
            if (n <= 0) {
                throw invalid(key, "must be a positive number of " + unit);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number of " + unit);
        }
    }

    /** A whole number of at least 1 ({@link PluginSetting.Type#COUNT}). */
    public long count(String key, long defaultValue) {
        return typed(key, defaultValue, PluginSetting.Type::count);
    }

    /** A length of time in milliseconds: {@code 500}, {@code 30s}, {@code 10min} ({@link PluginSetting.Type#DURATION}). */
    public long duration(String key, long defaultMillis) {
        return typed(key, defaultMillis, PluginSetting.Type::millis);
    }

    /** A size in bytes: {@code 65536}, {@code 10MiB} ({@link PluginSetting.Type#BYTES}). */
    public long bytes(String key, long defaultBytes) {
        return typed(key, defaultBytes, PluginSetting.Type::bytes);
    }

    private long typed(String key, long defaultValue, java.util.function.ToLongFunction<String> parse) {
        Optional<String> value = text(key);
        if (value.isEmpty() || value.get().isEmpty()) {
            return defaultValue;
        }
        try {
            return parse.applyAsLong(value.get());
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage() + " (was '" + value.get() + "')");
        }
    }

    /** A TCP port, 1-65535. */
    public Optional<Integer> port(String key) {
        return text(key).map(value -> {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw invalid(key, "must be a TCP port between 1 and 65535");
                }
                return port;
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a TCP port between 1 and 65535");
            }
        });
    }

    /** {@code host:port}, e.g. {@code pas.trust.nhs.uk:2575}. */
    public Optional<HostAndPort> hostAndPort(String key) {
        return text(key).map(value -> {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw invalid(key, "must be host:port, e.g. pas.example.nhs.uk:2575");
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw invalid(key, "has a port outside 1-65535");
                }
                return new HostAndPort(value.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw invalid(key, "must be host:port with a numeric port");
            }
        });
    }

    /** An http:// or https:// URL with a host. */
    public Optional<URI> httpUrl(String key) {
        return text(key).map(value -> {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw invalid(key, "must be an http:// or https:// URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw invalid(key, "is not a valid URL (" + e.getReason() + ")");
            }
        });
    }

    /** One of a fixed list of words, compared ignoring case. */
    public String oneOf(String key, String defaultValue, String... allowed) {
        String value = text(key).orElse(defaultValue);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw invalid(key, "must be one of " + String.join(", ", allowed) + " (was '" + value + "')");
    }

    /** What to throw for a wrong value of {@code key}: partner, setting and {@code what} is expected. */
    public SettingException invalid(String key, String what) {
        return new SettingException(key, "partner " + partner.id() + ": setting '" + key + "' " + what);
    }

    public record HostAndPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
