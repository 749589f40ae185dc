package uk.carebridge.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.server.plugin.PluginCatalog;

/** {@code carebridge plugins}: what the plugin folder holds, with versions, settings and load errors. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the plugins in the plugin folder: id, version, settings, and why any failed to load.",
                "Exits 1 if any plugin failed to load."})
final class PluginsCommand implements Callable<Integer> {

    @Mixin
    Locations where = new Locations();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        PluginCatalog catalog = Bootstrap.plugins(where);
        out.println("Plugin folder: " + catalog.folder());
        for (PluginCatalog.Loaded p : catalog.plugins()) {
            out.printf("%n  %s %s  (%s)%n    %s%n", p.id(), p.plugin().version(), p.source().getFileName(),
                    p.plugin().description());
            for (PluginSetting s : p.plugin().settings()) {
                out.printf("    - %s%s: %s%n", s.name(),
                        s.required() ? " (required)" : s.defaultValue() == null ? "" : " (default " + s.defaultValue() + ")",
                        s.description());
            }
        }
        for (PluginCatalog.Failure f : catalog.failures()) {
            out.printf("%n  FAILED %s%n    %s%n", f.source().getFileName(), f.reason());
        }
        out.printf("%n%d loaded, %d failed%n", catalog.plugins().size(), catalog.failures().size());
        out.flush();
        return catalog.failures().isEmpty() ? 0 : 1;
    }
}
