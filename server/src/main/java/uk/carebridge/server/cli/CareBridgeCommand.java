package uk.carebridge.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carebridge}: the one command admins use. */
@Command(name = "carebridge",
        mixinStandardHelpOptions = true,
        versionProvider = CareBridgeCommand.Version.class,
        description = "Integration server for UK health and social care: partner systems in, FHIR R4 messages"
                + " through ActiveMQ, partner systems out.",
        subcommands = {RunCommand.class, ValidateCommand.class, RoutesCommand.class, ExplainCommand.class,
                PluginsCommand.class, SendHl7Command.class,
                ListenHttpCommand.class, DlqCommand.class,
                CommandLine.HelpCommand.class})
public final class CareBridgeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new CareBridgeCommand()).execute(args);
        if (exit != 0 || !RunCommand.RUNNING.get()) {
            System.exit(exit);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CareBridgeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"CareBridge " + (v == null ? "dev" : v)};
        }
    }
}
