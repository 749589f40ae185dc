package uk.carebridge.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.server.config.ConfigSet;
import uk.carebridge.server.routing.RoutingTable;
import uk.carebridge.server.routing.SharingPolicy;

/**
 * {@code carebridge explain}: what the routes would do with one FHIR message, offline: which routes take it (and
 * which would have but for their condition), which partners get it, and what each would receive. Prints resource
 * types and counts only; a copy's content only for the one destination named with {@code --show-copy}.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain what the routes do with one FHIR message Bundle (JSON), offline.",
                "Shows which routes take it, which"
                + " routes with its source and event do not because their condition is false, which partners receive"
                + " it, and what each receives under its data-sharing policy (resource types kept and dropped,"
                + " elements removed, the agreement).",
                "The event is MessageHeader.eventCoding, the source partner MessageHeader.source.name (or --from).",
                "Prints no patient data unless --show-copy names a destination: then that destination's copy, as"
                        + " JSON.",
                "Exit 0: explained; 1: the config or route files are invalid; 2: the message file cannot be used."})
final class ExplainCommand implements Callable<Integer> {

    private static final FhirContext R4 = FhirContext.forR4Cached();

    @Parameters(index = "0", paramLabel = "MESSAGE", description = "A FHIR R4 message Bundle in JSON")
    Path message;

    @Mixin
    Locations where = new Locations();

    @Option(names = "--from", paramLabel = "PARTNER",
            description = "The source partner id (default: the message's MessageHeader.source.name)")
    String from;

    @Option(names = "--show-copy", paramLabel = "DESTINATION",
            description = "Print the copy this destination partner would receive, as JSON (it holds patient data)")
    String showCopy;

    @Spec
    CommandSpec spec;

    /** A message file that cannot be explained, with what is wrong. */
    static final class BadMessage extends Exception {
        BadMessage(Path file, String why) {
            super(file + ": " + why);
        }
    }

    /** The message as routing sees it. */
    record Read(Bundle bundle, String event, String source, String id) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Read read;
        try {
            read = read(message, from);
        } catch (BadMessage e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        Bootstrap.Loaded loaded = Bootstrap.load(where);
        Bootstrap.printPluginFailures(err, loaded.plugins());
        if (!loaded.config().ok()) {
            ValidateCommand.printErrors(err, loaded.config().errors(), where);
            return 1;
        }
        ConfigSet config = loaded.config().config();
        if (!config.partners().containsKey(read.source())) {
            err.printf("%s: source partner '%s'%s is not configured (partners: %s); give the sender's partner id"
                    + " with --from%n", message, read.source(), from != null ? " (--from)" : " (MessageHeader.source.name)",
                    String.join(", ", config.partners().keySet()));
            err.flush();
            return 2;
        }
        RoutingTable table = RoutingTable.compile(config.routes(), config.groups(), config.fingerprint());
        return explain(out, err, table, read);
    }

    int explain(PrintWriter out, PrintWriter err, RoutingTable table, Read read) {
        Bundle bundle = read.bundle();
        out.printf("Message %s%n", message);
        if (read.id() != null) {
            out.printf("  id:        %s%n", read.id());
        }
        out.printf("  event:     %s%n", read.event());
        out.printf("  source:    %s%s%n", read.source(), from != null ? " (--from)" : "");
        out.printf("  resources: %s%n", counts(bundle));
        out.printf("Rule set %s: %d route(s)%n%n", table.version(), table.size());

        List<RoutingTable.Verdict> verdicts = table.explain(read.source(), read.event(), bundle);
        int width = verdicts.stream().mapToInt(v -> v.route().id().length()).max().orElse(0);
        out.println("Routes:");
        for (RoutingTable.Verdict v : verdicts) {
            out.printf("  %-" + width + "s  %s%n", v.route().id(), verdict(v, read));
        }
        List<RoutingTable.Match> matches = verdicts.stream().flatMap(v -> v.matches().stream()).toList();
        out.println();
        if (matches.isEmpty()) {
            out.printf("No route takes it: the server would journal it UNROUTED (counted by"
                    + " carebridge.messages.unrouted) and send it nowhere.%n");
        } else {
            out.printf("Destinations (%d):%n", matches.size());
        }
        SharingPolicy.Shared copy = null;
        for (RoutingTable.Match m : matches) {
            SharingPolicy.Shared shared = m.policy().apply(bundle);
            out.printf("  %s  (route %s)%n", m.destination(), m.routeId());
            out.printf("    kept:      %s%n", shared.kept().isEmpty() ? "(only the MessageHeader)" : String.join(", ", shared.kept()));
            out.printf("    dropped:   %s%n", shared.dropped().isEmpty() ? "(nothing)" : String.join(", ", shared.dropped()));
            out.printf("    removed:   %s%n", removed(m.policy(), bundle));
            out.printf("    agreement: %s%n", m.policy().agreement() == null ? "(none named)" : m.policy().agreement());
            if (!shared.hasFocus()) {
                out.printf("    NOT SENT: its policy withholds everything the message is about (journaled WITHHELD)%n");
            }
            if (m.destination().equals(showCopy)) {
                copy = shared;
            }
        }
        out.flush();
        if (showCopy != null) {
            if (copy == null) {
                err.printf("--show-copy %s: that partner does not receive this message (destinations: %s)%n", showCopy,
                        matches.isEmpty() ? "none" : String.join(", ", matches.stream().map(RoutingTable.Match::destination).toList()));
                err.flush();
                return 2;
            }
            if (!copy.hasFocus()) {
                err.printf("--show-copy %s: nothing is sent to it (its policy withholds everything the message is"
                        + " about)%n", showCopy);
                err.flush();
                return 0;
            }
            out.printf("%nCopy for %s:%n", showCopy);
            out.println(R4.newJsonParser().setPrettyPrint(true).encodeResourceToString(copy.message()));
            out.flush();
        }
        return 0;
    }

    private static String verdict(RoutingTable.Verdict v, Read read) {
        if (!v.sourceMatches()) {
            return "no: does not take messages from " + read.source();
        }
        if (!v.eventMatches()) {
            return "no: does not take '" + read.event() + "' (events: " + String.join(", ", v.route().events()) + ")";
        }
        String to = v.matches().isEmpty() ? "" : " -> " + String.join(", ",
                v.matches().stream().map(RoutingTable.Match::destination).toList());
        String taken = v.alreadyTaken().isEmpty() ? "" : " (" + String.join(", ", v.alreadyTaken())
                + " already sent by an earlier route)";
        return switch (v.condition()) {
            case NONE -> "TAKES IT (no condition)" + to + taken;
            case TRUE -> "TAKES IT (condition true)" + to + taken;
            case FALSE -> "no: its condition is false for this message: " + oneLine(v.route().condition());
            case ERROR -> "no: its condition could not be evaluated (" + v.conditionError() + "): "
                    + oneLine(v.route().condition());
            case NOT_EVALUATED -> "no";
        };
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** "Encounter x1, Patient x1": resource types and how many, never their content. */
    private static String counts(Bundle bundle) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry().subList(1, bundle.getEntry().size())) {
            counts.merge(e.getResource() == null ? "(empty entry)" : e.getResource().fhirType(), 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "(none besides the MessageHeader)";
        }
        List<String> parts = new ArrayList<>();
        new TreeSet<>(counts.keySet()).forEach(t -> parts.add(t + " x" + counts.get(t)));
        return String.join(", ", parts);
    }

    /** Each removal of the policy and how many values it takes out of this message (none: nothing to remove). */
    private static String removed(SharingPolicy policy, Bundle bundle) {
        if (policy.removals().isEmpty()) {
            return "(nothing)";
        }
        List<String> parts = new ArrayList<>();
        for (String path : policy.removals()) {
            int n = 0;
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                Resource r = e.getResource();
                if (r != null && path.startsWith(r.fhirType() + ".") && policy.resourceTypes().contains(r.fhirType())) {
                    n += R4.newFhirPath().evaluate(r, path, Base.class).size();
                }
            }
            parts.add(path + (n == 0 ? " (not in this message)" : " (" + n + " value" + (n == 1 ? "" : "s") + ")"));
        }
        return String.join(", ", parts);
    }

    /** Reads and checks the message file: a FHIR R4 message Bundle with an event and a source. */
    static Read read(Path file, String fromOverride) throws BadMessage {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadMessage(file, "no such file");
        } catch (IOException e) {
            throw new BadMessage(file, "cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new BadMessage(file, "the file is empty; expected a FHIR message Bundle in JSON");
        }
        if (!text.stripLeading().startsWith("{")) {
            throw new BadMessage(file, "not JSON: expected a FHIR message Bundle in JSON (starting with '{')");
        }
        IBaseResource resource;
        try {
            resource = R4.newJsonParser().parseResource(text);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadMessage(file, "not a FHIR R4 resource in JSON: " + why.replaceAll("^HAPI-\\d+: ", ""));
        }
        if (!(resource instanceof Bundle bundle)) {
            throw new BadMessage(file, "is a " + R4.getResourceType(resource) + ", not a Bundle: expected a FHIR"
                    + " message Bundle (resourceType Bundle, type message, a MessageHeader first)");
        }
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw new BadMessage(file, "Bundle.type is '" + (bundle.hasType() ? bundle.getType().toCode() : "")
                    + "': a message Bundle has type 'message'");
        }
        if (bundle.getEntry().isEmpty() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw new BadMessage(file, "the first entry is not a MessageHeader: a message Bundle starts with its"
                    + " MessageHeader");
        }
        String event = header.hasEventCoding() ? header.getEventCoding().getCode() : null;
        if (event == null || event.isBlank()) {
            throw new BadMessage(file, "MessageHeader.eventCoding has no code: give one of " + CareBridgeEvent.codes());
        }
        if (CareBridgeEvent.fromCode(event).isEmpty()) {
            throw new BadMessage(file, "MessageHeader.eventCoding '" + event + "' is not a CareBridge event: use one of "
                    + CareBridgeEvent.codes());
        }
        String source = fromOverride != null ? fromOverride
                : header.hasSource() && header.getSource().hasName() ? header.getSource().getName() : null;
        if (source == null || source.isBlank()) {
            throw new BadMessage(file, "MessageHeader.source.name is missing: give the source partner with --from");
        }
        String id = bundle.hasIdentifier() && bundle.getIdentifier().hasValue() ? bundle.getIdentifier().getValue()
                : bundle.getIdElement().getIdPart();
        return new Read(bundle, event, source, id);
    }
}
