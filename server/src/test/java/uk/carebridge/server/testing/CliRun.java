package uk.carebridge.server.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;
import uk.carebridge.server.cli.CareBridgeCommand;

/** The {@code carebridge} command run in this JVM, as an admin runs it, and what it printed and returned. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CareBridgeCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
