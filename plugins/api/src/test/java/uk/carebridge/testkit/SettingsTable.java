package uk.carebridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import uk.carebridge.plugin.PluginSetting;

/**
 * A plugin README's settings table, generated from the plugin's declared settings ({@code settings()}) so the two
 * cannot drift. The table sits between the lines {@value #BEGIN} and {@value #END}; everything else in the README is
 * written by hand. A plugin's test calls {@link #check}: it fails when the README's table is not the rendered one,
 * saying which command rewrites it; run with {@code -D}{@value #UPDATE_PROPERTY}{@code =true} it rewrites the table.
 */
public final class SettingsTable {

    public static final String BEGIN = "<!-- settings:begin (generated from the plugin's settings(): edit those) -->";
    public static final String END = "<!-- settings:end -->";
    /** The system property that makes {@link #check} rewrite the README instead of failing. */
    public static final String UPDATE_PROPERTY = "carebridge.updateReadme";

    /** Words holding a {@code <placeholder>} (paths, URLs): shown as code, so Markdown does not take them for HTML. */
    private static final Pattern PLACEHOLDER = Pattern.compile("[^\\s(]*<[\\w-]+>[^\\s),;]*");

    private SettingsTable() {
    }

    /** The Markdown table of {@code settings}: one row each, in declaration order. */
    public static String render(List<PluginSetting> settings) {
        StringBuilder table = new StringBuilder("| setting | default | meaning |\n|---|---|---|\n");
        for (PluginSetting s : settings) {
            String value = s.required() ? "required" : s.defaultValue() == null ? "none" : code(s.defaultValue());
            table.append("| ").append(code(s.name())).append(" | ").append(value).append(" | ")
                    .append(cell(s.description())).append(" |\n");
        }
        return table.toString();
    }

    /**
     * Asserts that {@code readme}'s table is {@code render(settings)}; with {@value #UPDATE_PROPERTY} set, writes it.
     *
     * @param module the plugin's module folder, e.g. {@code plugins/nhs-trust}, for the command in the failure
     */
    public static void check(Path readme, List<PluginSetting> settings, String module) {
        String text = read(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new AssertionError(readme + " has no settings table between the lines " + BEGIN + " and " + END);
        }
        int start = begin + BEGIN.length() + 1;
        String table = render(settings);
        if (text.substring(start, end).equals(table)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(readme, text.substring(0, start) + table + text.substring(end));
            return;
        }
        throw new AssertionError(readme + ": the settings table is not the one the plugin declares (settings()). "
                + "Edit the declarations, not the table, then regenerate it with:\n  mvn -B -q -ntp test -pl "
                + module + " -am -Dtest=ReadmeSettingsTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                + UPDATE_PROPERTY + "=true\nExpected:\n" + table + "Found:\n" + text.substring(start, end));
    }

    private static String cell(String description) {
        Matcher m = PLACEHOLDER.matcher(description.replace("|", "\\|"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String tail = word.endsWith(".") ? "." : "";
            m.appendReplacement(out, Matcher.quoteReplacement(code(word.substring(0, word.length() - tail.length()))
                    + tail));
        }
        return m.appendTail(out).toString();
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
