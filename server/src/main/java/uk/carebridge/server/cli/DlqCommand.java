package uk.carebridge.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.jms.JMSException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.plugin.MessageHeaders;

/**
 * {@code carebridge dlq}: the dead-letter queues {@code DLQ.carebridge.outbound.<partner>} of the running server's
 * broker: list, show, replay (after the cause is fixed), purge.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspect, replay and purge dead-lettered messages (DLQ.carebridge.outbound.<partner>) on the"
                + " running server's broker.",
                "Connects to broker.url of carebridge.yaml, else to the embedded broker on tcp://127.0.0.1:<broker.port>.",
                "Exit codes: 0 done, 1 nothing matched or only part done, 2 cannot connect or bad arguments."},
        subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class,
                DlqCommand.Purge.class})
final class DlqCommand implements Runnable {

    static final int OK = 0;
    static final int PARTIAL = 1;
    static final int UNUSABLE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the broker is: --config (its carebridge.yaml and partners/), or --broker. */
    static final class Connection {
        @Option(names = "--config", paramLabel = "DIR",
                description = "Config folder: carebridge.yaml names the broker (default: $CAREBRIDGE_HOME/config, else ./config)")
        Path config;

        @Option(names = "--broker", paramLabel = "URL",
                description = "Broker URL to use instead of the one carebridge.yaml gives, e.g. tcp://127.0.0.1:61616")
        String broker;

        Path configFolder() {
            return config != null ? config : Locations.home().resolve("config");
        }
    }

    /** The common shape: connect, run, map failures to exit codes. */
    abstract static class Action implements Callable<Integer> {
        @Mixin
        Connection where = new Connection();

        @Spec
        CommandSpec spec;

        PrintWriter out;
        PrintWriter err;

        @Override
        public final Integer call() {
            out = spec.commandLine().getOut();
            err = spec.commandLine().getErr();
            try {
                String bad = checkArguments();
                if (bad != null) {
                    err.println(bad);
                    err.println("Try 'carebridge dlq " + spec.name() + " --help'.");
                    return UNUSABLE;
                }
                try (BrokerClient client = BrokerClient.connect(BrokerClient.address(where.configFolder(), where.broker))) {
                    return run(new DeadLetters(client.connection()));
                }
            } catch (BrokerClient.Unreachable e) {
                err.println(e.getMessage());
                return UNUSABLE;
            } catch (JMSException e) {
                err.println("broker error: " + e.getMessage());
                return PARTIAL;
            } finally {
                out.flush();
                err.flush();
            }
        }

        /** A usage problem to report (exit 2) before connecting, or null. */
        String checkArguments() {
            return null;
        }

        abstract int run(DeadLetters broker) throws JMSException;

        /** The partners whose dead-letter queue to look at: --partner, else every one the broker has. */
        List<String> partners(DeadLetters broker, String partner) throws JMSException {
            return partner != null ? List.of(partner) : broker.deadLetterPartners(where.configFolder());
        }

        /** Dead letters whose CareBridge message id or JMS message id is {@code id}. */
        List<DeadLetter> find(DeadLetters broker, String partner, String id) throws JMSException {
            // ActiveMQ answers both the list of queues (advisories) and a browse asynchronously, and on a busy
            // broker either can come back short: a dead letter asked for by id is looked for again before "not found".
            for (int attempt = 1; ; attempt++) {
                List<DeadLetter> found = new ArrayList<>();
                for (String p : partners(broker, partner)) {
                    for (DeadLetter d : broker.browse(p)) {
                        if (id == null || id.equals(d.jmsId()) || id.equals(d.property(MessageHeaders.MESSAGE_ID))) {
                            found.add(d);
                        }
                    }
                }
                if (!found.isEmpty() || id == null || attempt == 3) {
                    return found;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return found;
                }
            }
        }
    }

    /** The reason without what the partner answered (it may quote patient data), first line only. */
    static String shortReason(String reason) {
        if (reason == null) {
            return "(no reason recorded)";
        }
        String r = reason;
        int answered = r.indexOf("; the partner answered:");
        if (answered >= 0) {
            r = r.substring(0, answered) + " (partner's answer: see 'dlq show')";
        }
        int nl = r.indexOf('\n');
        return (nl >= 0 ? r.substring(0, nl) : r).strip();
    }

    static String or(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    static String time(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String line(DeadLetter d) {
        return String.format("%s  event=%s from=%s attempts=%s dead-lettered=%s  %s", d.messageId(),
                or(d.property(MessageHeaders.EVENT), "-"), or(d.property(MessageHeaders.SOURCE), "-"),
                or(d.property(MessageHeaders.ATTEMPTS), "-"), time(d.deadLetteredAt()),
                shortReason(d.property(MessageHeaders.FAILURE_REASON)));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List every dead-letter queue with its count, and per message: message id, event, source"
                    + " partner, attempts, when it was dead-lettered and the first line of the reason.",
                    "Never prints message content; 'dlq show' gives the partner's answer, 'dlq show --body' the message.",
                    "Exit 0 (also when there are no dead letters), 2 when the broker cannot be reached."})
    static final class ListDeadLetters extends Action {
        @Option(names = "--partner", paramLabel = "PARTNER", description = "Only this destination partner's dead-letter queue")
        String partner;

        @Override
        int run(DeadLetters broker) throws JMSException {
            int total = 0;
            List<String> partners = partners(broker, partner);
            for (String p : partners) {
                List<DeadLetter> letters = broker.browse(p);
                if (letters.isEmpty() && partner == null) {
                    continue;
                }
                total += letters.size();
                out.printf("%s%s: %d message(s)%n", DeadLetters.DLQ_PREFIX, p, letters.size());
                for (DeadLetter d : letters) {
                    out.println("  " + line(d));
                }
            }
            if (total == 0) {
                out.println(partner == null ? "No dead letters." : "No dead letters for " + partner + ".");
            } else {
                out.printf("%d dead letter(s).%n", total);
            }
            return OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show one dead-lettered message: its properties, the full reason and what the partner answered.",
                    "--body also prints the FHIR message (patient data: only when you need it).",
                    "Exit 0 found, 1 not found, 2 cannot connect."})
    static final class Show extends Action {
        @Parameters(paramLabel = "MESSAGE-ID", description = "CareBridge message id (or JMS message id)")
        String id;

        @Option(names = "--partner", paramLabel = "PARTNER", description = "Look in this partner's dead-letter queue only")
        String partner;

        @Option(names = "--body", description = "Also print the message itself (FHIR JSON: contains patient data)")
        boolean body;

        @Override
        int run(DeadLetters broker) throws JMSException {
            List<DeadLetter> found = find(broker, partner, id);
            if (found.isEmpty()) {
                err.println("No dead letter with id " + id + (partner == null ? "" : " for " + partner) + ".");
                return PARTIAL;
            }
            for (DeadLetter d : found) {
                out.printf("%s%s%n", DeadLetters.DLQ_PREFIX, d.partner());
                row("message id", d.messageId());
                row("JMS message id", d.jmsId());
                row("event", d.property(MessageHeaders.EVENT));
                row("from", d.property(MessageHeaders.SOURCE));
                row("to", or(d.property(MessageHeaders.DESTINATION), d.partner()));
                row("resources", d.property(MessageHeaders.RESOURCE_TYPES));
                row("attempts", d.property(MessageHeaders.ATTEMPTS));
                row("dead-lettered", time(d.deadLetteredAt()));
                row("group", d.property("JMSXGroupID") == null ? null : "(set: per-person order)");
                row("reason", or(d.property(MessageHeaders.FAILURE_REASON), or(d.property("dlqDeliveryFailureCause"),
                        "(no reason recorded)")));
                row("partner answered", d.property(MessageHeaders.PARTNER_RESPONSE));
                if (body) {
                    out.println("  body:");
                    out.println(d.body());
                }
                out.println();
            }
            return OK;
        }

        private void row(String name, String value) {
            if (value != null) {
                out.printf("  %-17s %s%n", name + ":", value);
            }
        }
    }

    /** replay and purge: one message id, or --all. */
    abstract static class Move extends Action {
        @Parameters(paramLabel = "MESSAGE-ID", arity = "0..1", description = "CareBridge message id (or JMS message id)")
        String id;

        @Option(names = "--all", description = "Every dead letter (of --partner, else of every partner)")
        boolean all;

        @Option(names = "--partner", paramLabel = "PARTNER", description = "Only this destination partner's dead-letter queue")
        String partner;

        @Override
        String checkArguments() {
            if (all == (id != null)) {
                return all ? "Give a message id or --all, not both." : "Give a message id, or --all.";
            }
            return null;
        }

        List<DeadLetter> selected(DeadLetters broker) throws JMSException {
            return find(broker, partner, all ? null : id);
        }

        String nothing() {
            return "No dead letter" + (all ? "s" : " with id " + id) + (partner == null ? "" : " for " + partner) + ".";
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Move dead letters back to their outbound queue (carebridge.outbound.<partner>) for another"
                    + " delivery, once the cause is fixed. One transaction per message; the copy keeps its properties and"
                    + " per-person group, its attempts start again, and the server journals it as REPLAYED.",
                    "Exit 0 all replayed, 1 nothing matched or some failed, 2 cannot connect or bad arguments."})
    static final class Replay extends Move {
        @Override
        int run(DeadLetters broker) throws JMSException {
            List<DeadLetter> letters = selected(broker);
            if (letters.isEmpty()) {
                err.println(nothing());
                return PARTIAL;
            }
            int done = 0;
            for (DeadLetter d : letters) {
                Instant at = Instant.now();
                try {
                    if (broker.replay(d, at)) {
                        done++;
                        out.printf("replayed %s (%s) to %s%s at %s%n", d.messageId(), or(d.property(MessageHeaders.EVENT), "-"),
                                DeadLetters.OUTBOUND_PREFIX, d.partner(), at);
                    } else {
                        err.printf("%s on %s%s: no longer there (replayed, purged or taken meanwhile)%n", d.messageId(),
                                DeadLetters.DLQ_PREFIX, d.partner());
                    }
                } catch (JMSException e) {
                    err.printf("%s on %s%s: not replayed: %s%n", d.messageId(), DeadLetters.DLQ_PREFIX, d.partner(), e.getMessage());
                }
            }
            out.printf("%d of %d replayed.%n", done, letters.size());
            return done == letters.size() ? OK : PARTIAL;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = {"Delete dead letters for good. Needs --yes; without it, says what would be deleted.",
                    "Each deletion is printed (the CLI does not write the journal).",
                    "Exit 0 all deleted, 1 nothing matched or some failed, 2 cannot connect, bad arguments or no --yes."})
    static final class Purge extends Move {
        @Option(names = "--yes", description = "Really delete")
        boolean yes;

        @Override
        int run(DeadLetters broker) throws JMSException {
            List<DeadLetter> letters = selected(broker);
            if (letters.isEmpty()) {
                err.println(nothing());
                return PARTIAL;
            }
            if (!yes) {
                out.printf("Would delete %d dead letter(s):%n", letters.size());
                for (DeadLetter d : letters) {
                    out.printf("  %s%s: %s%n", DeadLetters.DLQ_PREFIX, d.partner(), line(d));
                }
                err.println("Nothing deleted: add --yes to delete them.");
                return UNUSABLE;
            }
            int done = 0;
            for (DeadLetter d : letters) {
                try {
                    if (broker.purge(d)) {
                        done++;
                        out.printf("%s purged %s (%s, from %s) from %s%s%n", Instant.now(), d.messageId(),
                                or(d.property(MessageHeaders.EVENT), "-"), or(d.property(MessageHeaders.SOURCE), "-"),
                                DeadLetters.DLQ_PREFIX, d.partner());
                    } else {
                        err.printf("%s on %s%s: no longer there%n", d.messageId(), DeadLetters.DLQ_PREFIX, d.partner());
                    }
                } catch (JMSException e) {
                    err.printf("%s on %s%s: not purged: %s%n", d.messageId(), DeadLetters.DLQ_PREFIX, d.partner(), e.getMessage());
                }
            }
            out.printf("%d of %d purged.%n", done, letters.size());
            return done == letters.size() ? OK : PARTIAL;
        }
    }
}
