package uk.carebridge.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code carebridge validate}: checks config and routes offline, as {@code run} would, and starts nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check the config and route files without starting anything.",
                "Prints 'file:line: reason' for every problem and exits 1 if there is any; exit 0 means 'run' will accept them."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    Locations where = new Locations();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Bootstrap.Loaded loaded = Bootstrap.load(where);
        Bootstrap.printPluginFailures(err, loaded.plugins());
        if (!loaded.config().ok()) {
            printErrors(err, loaded.config().errors(), where);
            return 1;
        }
        var config = loaded.config().config();
        out.printf("OK: %d partner(s), %d route(s), plugins: %s%n", config.partners().size(), config.routes().size(),
                String.join(", ", loaded.plugins().settingsById().keySet()));
        out.flush();
        return 0;
    }

    /** Every error as {@code file:line: reason}, then how many and where (validate, routes and explain). */
    static void printErrors(java.io.PrintWriter err, java.util.List<uk.carebridge.server.config.ConfigError> errors,
                            Locations where) {
        Bootstrap.printErrors(err, errors, " in " + where.configFolder().toAbsolutePath().normalize() + " and "
                + where.routesFolder().toAbsolutePath().normalize());
    }
}
