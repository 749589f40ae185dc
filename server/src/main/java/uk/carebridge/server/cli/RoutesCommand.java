package uk.carebridge.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.config.RouteConfig;

/**
 * {@code carebridge routes}: the effective routing table, as {@code run} would use it: groups expanded, each
 * destination partner with its data-sharing policy.
 */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = {"Print the effective routing table.",
                "The rule set version, then each route's sources (groups"
                + " expanded), events, condition, and per destination partner the resource types it may receive, the"
                + " elements removed and the data-sharing agreement.",
                "Checks the files as 'validate' does first: prints 'file:line: reason' for every problem and exits 1 if"
                        + " there is any."})
final class RoutesCommand implements Callable<Integer> {

    @Mixin
    Locations where = new Locations();

    @Option(names = "--json", description = "Print the table as JSON, for tools")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One partner a route takes messages from, and the group it came in by (null: named itself). */
    record Source(String partner, String group) {
    }

    /** One destination partner of a route and its policy. */
    record Destination(String partner, String group, List<String> resources, List<String> remove, String agreement) {
    }

    record Route(String id, String description, List<Source> from, List<String> events, String condition,
                 List<Destination> to) {
    }

    record Table(String version, List<Route> routes) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bootstrap.Loaded loaded = Bootstrap.load(where);
        Bootstrap.printPluginFailures(err, loaded.plugins());
        if (!loaded.config().ok()) {
            ValidateCommand.printErrors(err, loaded.config().errors(), where);
            return 1;
        }
        Table table = table(loaded.config().config());
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(table));
        } else {
            print(out, table);
        }
        out.flush();
        return 0;
    }

    static Table table(ConfigSet config) {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig r : config.routes()) {
            List<Source> from = new ArrayList<>();
            for (String entry : r.from()) {
                if (entry.startsWith(RouteConfig.GROUP_PREFIX)) {
                    String group = entry.substring(RouteConfig.GROUP_PREFIX.length());
                    config.groups().getOrDefault(group, List.of()).forEach(p -> from.add(new Source(p, group)));
                } else {
                    from.add(new Source(entry, null));
                }
            }
            List<Destination> to = new ArrayList<>();
            for (RouteConfig.Destination d : r.to()) {
                List<String> partners = d.group() != null ? config.groups().getOrDefault(d.group(), List.of())
                        : List.of(d.partner());
                for (String p : partners) {
                    to.add(new Destination(p, d.group(), List.copyOf(d.resources()), List.copyOf(d.remove()),
                            d.agreement()));
                }
            }
            routes.add(new Route(r.id(), r.description(), from, List.copyOf(r.events()),
                    r.condition() == null ? null : r.condition().strip(), to));
        }
        return new Table(config.fingerprint(), routes);
    }

    static void print(PrintWriter out, Table table) {
        out.printf("Rule set %s: %d route(s)%n", table.version(), table.routes().size());
        for (Route r : table.routes()) {
            out.printf("%nroute %s%n", r.id());
            if (r.description() != null && !r.description().isBlank()) {
                out.printf("  %s%n", r.description().strip());
            }
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            for (Source s : r.from()) {
                byGroup.computeIfAbsent(s.group() == null ? "" : s.group(), g -> new ArrayList<>()).add(s.partner());
            }
            List<String> from = new ArrayList<>();
            byGroup.forEach((group, partners) -> from.add(group.isEmpty() ? String.join(", ", partners)
                    : String.join(", ", partners) + " (group " + group + ")"));
            out.printf("  %-11s%s%n", "from:", String.join("; ", from));
            out.printf("  %-11s%s%n", "events:", String.join(", ", r.events()));
            if (r.condition() != null) {
                out.printf("  %-11s%s%n", "condition:", r.condition().replaceAll("\\s*\\n\\s*", " "));
            }
            out.printf("  to:%n");
            for (Destination d : r.to()) {
                out.printf("    %s%s%n", d.partner(), d.group() == null ? "" : " (group " + d.group() + ")");
                out.printf("      %-11s%s%n", "resources:", String.join(", ", new TreeSet<>(d.resources())));
                out.printf("      %-11s%s%n", "remove:", d.remove().isEmpty() ? "(nothing)" : String.join(", ", d.remove()));
                out.printf("      %-11s%s%n", "agreement:", d.agreement() == null ? "(none named)" : d.agreement());
            }
        }
    }
}
