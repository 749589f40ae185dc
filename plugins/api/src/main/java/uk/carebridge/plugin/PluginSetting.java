package uk.carebridge.plugin;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting a plugin reads from a partner's {@code settings:} block.
 *
 * @param name         key in the partner file
 * @param required     whether a partner file must give it
 * @param defaultValue used when the partner file leaves it out (null: none)
 * @param description  what it means, shown by {@code carebridge plugins} and in config errors
 * @param type         what a value must look like; {@code carebridge validate} checks it, with file and line
 */
public record PluginSetting(String name, boolean required, String defaultValue, String description, Type type) {

    /** A setting of {@link Type#TEXT}: any value, checked (if at all) by the plugin when the partner starts. */
    public PluginSetting(String name, boolean required, String defaultValue, String description) {
        this(name, required, defaultValue, description, Type.TEXT);
    }

    public static PluginSetting required(String name, String description) {
        return new PluginSetting(name, true, null, description);
    }

    public static PluginSetting optional(String name, String defaultValue, String description) {
        return new PluginSetting(name, false, defaultValue, description);
    }

    /** An optional setting whose value {@code carebridge validate} checks against {@code type}. */
    public static PluginSetting optional(String name, String defaultValue, Type type, String description) {
        return new PluginSetting(name, false, defaultValue, description, type);
    }

    /** What is wrong with {@code value} for this setting, or empty when it is fine. */
    public Optional<String> problem(String value) {
        return type.problem(value);
    }

    /** The kinds of value a setting can hold. Parsing lives here so the config check and the plugin agree. */
    public enum Type {
        /** Anything. */
        TEXT,
        /** A whole number, at least 1 (a count). */
        COUNT,
        /** A TCP port, 1 to 65535. */
        PORT,
        /** A length of time: milliseconds, or a number with ms, s, min or h ({@code 30s}, {@code 10min}). */
        DURATION,
        /** A size: bytes, or a number with KiB, MiB or GiB ({@code 10MiB}). */
        BYTES;

        private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d{1,18})\\s*([A-Za-z]*)");

        public Optional<String> problem(String value) {
            String v = value == null ? "" : value.strip();
            try {
                switch (this) {
                    case COUNT -> count(v);
                    case PORT -> port(v);
                    case DURATION -> millis(v);
                    case BYTES -> bytes(v);
                    default -> { }
                }
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage() + " (was '" + v + "')");
            }
        }

        /** A whole number of at least 1. */
        public static long count(String value) {
            long n = number(value, "", "must be a whole number of at least 1");
            if (n < 1) {
                throw new IllegalArgumentException("must be a whole number of at least 1");
            }
            return n;
        }

        public static int port(String value) {
            long n = number(value, "", "must be a TCP port between 1 and 65535");
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("must be a TCP port between 1 and 65535");
            }
            return (int) n;
        }

        /** Milliseconds, at least 1. */
        public static long millis(String value) {
            return scaled(value, DURATION_UNITS,
                    "must be a length of time: milliseconds, or a number with ms, s, min or h (e.g. 30s, 10min)");
        }

        /** Bytes, at least 1. */
        public static long bytes(String value) {
            return scaled(value, BYTE_UNITS, "must be a size: bytes, or a number with KiB, MiB or GiB (e.g. 10MiB)");
        }

        private static final Map<String, Long> DURATION_UNITS = Map.of("", 1L, "ms", 1L, "s", 1000L, "m", 60_000L,
                "min", 60_000L, "h", 3_600_000L);
        private static final Map<String, Long> BYTE_UNITS = Map.ofEntries(Map.entry("", 1L), Map.entry("b", 1L),
                Map.entry("k", 1L << 10), Map.entry("kb", 1L << 10), Map.entry("kib", 1L << 10),
                Map.entry("m", 1L << 20), Map.entry("mb", 1L << 20), Map.entry("mib", 1L << 20),
                Map.entry("g", 1L << 30), Map.entry("gb", 1L << 30), Map.entry("gib", 1L << 30));

        /** A number times its unit's factor (units compared ignoring case), at least 1. */
        private static long scaled(String value, Map<String, Long> units, String what) {
            Matcher m = match(value, what);
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            Long factor = units.get(unit);
            if (factor == null) {
                throw new IllegalArgumentException(what);
            }
            return atLeastOne(Long.parseLong(m.group(1)), factor, what);
        }

        private static long number(String value, String unit, String what) {
            Matcher m = match(value, what);
            if (!m.group(2).equals(unit)) {
                throw new IllegalArgumentException(what);
            }
            return Long.parseLong(m.group(1));
        }

        private static Matcher match(String value, String what) {
            Matcher m = NUMBER_UNIT.matcher(value == null ? "" : value.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(what);
            }
            return m;
        }

        private static long atLeastOne(long n, long factor, String what) {
            if (n < 1 || n > Long.MAX_VALUE / factor) {
                throw new IllegalArgumentException(what);
            }
            return n * factor;
        }
    }
}
