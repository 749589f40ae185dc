package uk.carebridge.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.partner.FailedPartner;
import uk.carebridge.server.partner.RunningPartner;
import uk.carebridge.server.plugin.PluginCatalog;

/** {@code carebridge run}: starts the server and keeps it running until Ctrl+C or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start CareBridge with the given config and routes and run until stopped (Ctrl+C / SIGTERM).",
                "Stopping is graceful: in-flight messages are finished or returned to the broker, never lost."})
final class RunCommand implements Callable<Integer> {

    /** Set while a server runs, so main() does not exit under it. */
    static final AtomicBoolean RUNNING = new AtomicBoolean();

    /** Exit status when the broker's store failed and the broker stopped (EX_TEMPFAIL: start again). */
    static final int STORE_FAILED = 75;

    @Mixin
    Locations where = new Locations();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bootstrap.Loaded loaded = Bootstrap.load(where);
        Bootstrap.printPluginFailures(err, loaded.plugins());
        if (!loaded.config().ok()) {
            Bootstrap.printErrors(err, loaded.config().errors());
            err.flush();
            return 1;
        }
        CareBridgeServer server = CareBridgeServer.start(loaded.config().config(), loaded.plugins());
        RUNNING.set(true);
        CountDownLatch stopped = new CountDownLatch(1);
        int[] exit = {0};
        server.broker().onStoreFailure(() -> {
            err.println("CareBridge's broker store failed (see the log) and the broker stopped: exiting with status "
                    + STORE_FAILED + " so that a supervisor (systemd, Docker's restart policy) starts CareBridge again");
            err.flush();
            exit[0] = STORE_FAILED;
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "carebridge-shutdown"));
        printBanner(out, server, loaded.plugins());
        stopped.await();
        return exit[0];
    }

    private static void printBanner(PrintWriter out, CareBridgeServer server, PluginCatalog plugins) {
        var config = server.config();
        out.println();
        out.println("CareBridge is running");
        out.println("  config   " + config.configFolder());
        out.println("  routes   " + config.routesFolder() + " (" + config.routes().size() + " routes)");
        out.println("  broker   " + server.broker().description());
        out.println("  http     " + server.http().map(h -> h.description())
                .orElse("off (http.port: 0): no /health, no partner endpoints over HTTP"));
        out.println("  journal  " + config.journalUrl());
        out.println("  plugins  " + plugins.folder() + " (" + String.join(", ",
                plugins.plugins().stream().map(p -> p.id() + " " + p.plugin().version()).toList()) + ")");
        out.println("  partners");
        for (RunningPartner p : server.runningPartners()) {
            out.println("    " + p.partner().id() + " [" + p.plugin() + "]");
            p.description().forEach(line -> out.println("      " + line));
        }
        for (FailedPartner f : server.failedPartners()) {
            out.println("    " + f.partnerId() + " NOT STARTED: " + f.reason());
        }
        out.println("Stop with Ctrl+C: in-flight messages are finished or returned to the broker.");
        out.flush();
    }
}
