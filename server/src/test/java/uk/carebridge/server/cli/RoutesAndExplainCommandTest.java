package uk.carebridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.carebridge.server.testing.CliRun;
import uk.carebridge.server.testing.TestJars;

/** {@code carebridge routes} and {@code carebridge explain} against a small config, with a real plugin jar. */
class RoutesAndExplainCommandTest {

    @TempDir
    Path home;
    Path config;
    Path routes;
    Path plugins;

    @BeforeEach
    void setUp() throws IOException {
        plugins = home.resolve("plugins");
        TestJars.pluginJar(plugins.resolve("good.jar"), Map.of("test.good.GoodPlugin",
                TestJars.pluginSource("test.good", "GoodPlugin", "good", "")), "test.good.GoodPlugin");
        config = Files.createDirectories(home.resolve("config/partners")).getParent();
        routes = Files.createDirectories(home.resolve("routes"));
        partner("hospital", "RXX01");
        partner("home-a", "VNE01");
        partner("home-b", "VNE02");
        partner("nurses", "RNX01");
        Files.writeString(config.resolve("groups.yaml"), "groups:\n  homes: [home-a, home-b]\n");
        Files.writeString(routes.resolve("routes.yaml"), """
                routes:
                  - id: discharges-to-care-homes
                    description: Discharges to a care home reach Home A.
                    from: hospital
                    events: [discharge]
                    condition: >-
                      entry.resource.ofType(Encounter).hospitalization.dischargeDisposition.coding
                        .exists(code in ('54' | '65' | '85'))
                    to:
                      - partner: home-a
                        resources: [Patient, Encounter]
                        agreement: DSA-HOMES-1
                  - id: hospital-to-nurses
                    from: hospital
                    events: [admission, discharge]
                    to:
                      - partner: nurses
                        resources: [Patient]
                        remove: [Patient.telecom, Patient.photo]
                        agreement: DSA-NURSES-2
                      - partner: home-a
                        resources: [Patient]
                  - id: homes-transfers
                    from: [group:homes]
                    events: [transfer]
                    to:
                      - partner: nurses
                        resources: [Patient, Encounter]
                  - id: care-packages
                    from: nurses
                    events: [care-package]
                    to:
                      - group: homes
                        resources: [Patient, CarePlan]
                """);
    }

    @Test
    void routesPrintsTheEffectiveTableWithGroupsExpanded() {
        CliRun result = cli("routes");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("Rule set [0-9a-f]+: 4 route\\(s\\)")
                .contains("route discharges-to-care-homes", "Discharges to a care home reach Home A.",
                        "condition: entry.resource.ofType(Encounter).hospitalization.dischargeDisposition.coding"
                                + " .exists(code in ('54' | '65' | '85'))",
                        "from:      home-a, home-b (group homes)",
                        "    home-b (group homes)",
                        "      resources: Encounter, Patient",
                        "      remove:    Patient.telecom, Patient.photo",
                        "      agreement: DSA-NURSES-2",
                        "      agreement: (none named)");
    }

    @Test
    void routesJsonIsForTools() throws IOException {
        CliRun result = cli("routes", "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode table = new ObjectMapper().readTree(result.out());
        assertThat(table.get("version").asText()).matches("[0-9a-f]+");
        assertThat(table.get("routes")).hasSize(4);
        JsonNode transfers = table.get("routes").get(2);
        assertThat(transfers.get("id").asText()).isEqualTo("homes-transfers");
        assertThat(transfers.get("from").toString())
                .isEqualTo("[{\"partner\":\"home-a\",\"group\":\"homes\"},{\"partner\":\"home-b\",\"group\":\"homes\"}]");
        assertThat(transfers.get("condition").isNull()).isTrue();
        JsonNode nurses = table.get("routes").get(1).get("to").get(0);
        assertThat(nurses.get("partner").asText()).isEqualTo("nurses");
        assertThat(nurses.get("resources").toString()).isEqualTo("[\"Patient\"]");
        assertThat(nurses.get("remove").toString()).isEqualTo("[\"Patient.telecom\",\"Patient.photo\"]");
        assertThat(nurses.get("agreement").asText()).isEqualTo("DSA-NURSES-2");
        assertThat(table.get("routes").get(3).get("to")).hasSize(2);
    }

    @Test
    void routesAndExplainRefuseAnInvalidSetWithFileAndLine() throws IOException {
        Path bad = routes.resolve("zz-bad.yaml");
        Files.writeString(bad, "routes:\n  - id: bad\n    from: hospital\n    events: [discharged]\n    to:\n"
                + "      - partner: nurses\n        resources: [Patients]\n");
        String file = bad.toAbsolutePath().normalize().toString();
        for (CliRun result : List.of(cli("routes"), cli("explain", message("85").toString()))) {
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err()).contains(file + ":4: unknown event 'discharged'")
                    .contains(file + ":7: 'Patients' is not a FHIR R4 resource type").contains("2 error(s)");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void explainShowsRoutesDestinationsAndPoliciesWithoutPatientData() throws IOException {
        CliRun result = cli("explain", message("85").toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("event:     discharge", "source:    hospital", "resources: Encounter x1, Patient x1")
                .containsPattern("discharges-to-care-homes +TAKES IT \\(condition true\\) -> home-a")
                .containsPattern("hospital-to-nurses +TAKES IT \\(no condition\\) -> nurses \\(home-a already sent by an"
                        + " earlier route\\)")
                .containsPattern("homes-transfers +no: does not take messages from hospital")
                .contains("Destinations (2):")
                .contains("  home-a  (route discharges-to-care-homes)\n    kept:      Encounter, Patient\n"
                        + "    dropped:   (nothing)\n    removed:   (nothing)\n    agreement: DSA-HOMES-1")
                .contains("  nurses  (route hospital-to-nurses)\n    kept:      Patient\n    dropped:   Encounter\n"
                        + "    removed:   Patient.telecom (2 values), Patient.photo (not in this message)\n"
                        + "    agreement: DSA-NURSES-2\n")
                .doesNotContain("NOT SENT");
        assertThat(result.out()).doesNotContain("Lovelace", "9990000034", "07700", "LS7");

        // The focus is only the Encounter, which the nurses may not see: nothing is sent to them.
        Path encounterOnly = message("85", "[{\"reference\": \"urn:uuid:e\"}]");
        CliRun withheld = cli("explain", encounterOnly.toString());
        assertThat(withheld.out()).contains("    agreement: DSA-NURSES-2\n    NOT SENT: its policy withholds everything the"
                + " message is about (journaled WITHHELD)");
        CliRun noCopy = cli("explain", encounterOnly.toString(), "--show-copy", "nurses");
        assertThat(noCopy.exit()).isZero();
        assertThat(noCopy.err()).contains("--show-copy nurses: nothing is sent to it");
        assertThat(noCopy.out()).doesNotContain("Lovelace");
    }

    @Test
    void explainSaysWhenAConditionIsFalse() throws IOException {
        CliRun result = cli("explain", message("19").toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("discharges-to-care-homes +no: its condition is false for this message:"
                        + " entry.resource.ofType\\(Encounter\\)")
                .containsPattern("hospital-to-nurses +TAKES IT \\(no condition\\) -> nurses, home-a")
                .contains("  home-a  (route hospital-to-nurses)\n    kept:      Patient\n    dropped:   Encounter");
    }

    @Test
    void explainWithFromOverridesTheSourceAndSaysWhenNothingTakesIt() throws IOException {
        CliRun result = cli("explain", message("85").toString(), "--from", "home-b");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("source:    home-b (--from)")
                .containsPattern("homes-transfers +no: does not take 'discharge' \\(events: transfer\\)")
                .contains("No route takes it: the server would journal it UNROUTED");
        CliRun unknown = cli("explain", message("85").toString(), "--from", "nobody");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("source partner 'nobody' (--from) is not configured");
    }

    @Test
    void showCopyPrintsThatDestinationsCopyOnly() throws IOException {
        CliRun result = cli("explain", message("85").toString(), "--show-copy", "nurses");
        assertThat(result.exit()).as(result.err()).isZero();
        String copy = result.out().substring(result.out().indexOf("Copy for nurses:"));
        assertThat(copy).contains("\"Lovelace\"", "9990000034", "https://carebridge.uk/fhir/StructureDefinition/data-sharing-agreement",
                "DSA-NURSES-2").doesNotContain("telecom", "07700", "\"Encounter\"");
        assertThat(result.out().substring(0, result.out().indexOf("Copy for nurses:"))).doesNotContain("Lovelace");

        CliRun notADestination = cli("explain", message("85").toString(), "--show-copy", "home-b");
        assertThat(notADestination.exit()).isEqualTo(2);
        assertThat(notADestination.err()).contains("--show-copy home-b: that partner does not receive this message"
                + " (destinations: home-a, nurses)");
    }

    @Test
    void explainNamesTheFileAndWhatIsWrongWithIt() throws IOException {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"missing.json", null, "no such file"});
        cases.add(new String[] {"empty.json", "  \n", "the file is empty"});
        cases.add(new String[] {"hl7.json", "MSH|^~\\&|PAS", "not JSON: expected a FHIR message Bundle in JSON"});
        cases.add(new String[] {"broken.json", "{\"resourceType\": \"Bundle\", ", "not a FHIR R4 resource in JSON"});
        cases.add(new String[] {"patient.json", "{\"resourceType\": \"Patient\"}", "is a Patient, not a Bundle"});
        cases.add(new String[] {"collection.json", "{\"resourceType\": \"Bundle\", \"type\": \"collection\"}",
                "Bundle.type is 'collection': a message Bundle has type 'message'"});
        cases.add(new String[] {"no-header.json", "{\"resourceType\": \"Bundle\", \"type\": \"message\", \"entry\": "
                + "[{\"resource\": {\"resourceType\": \"Patient\"}}]}", "the first entry is not a MessageHeader"});
        cases.add(new String[] {"no-event.json", header("{}", "hospital"), "MessageHeader.eventCoding has no code"});
        cases.add(new String[] {"odd-event.json", header("{\"code\": \"teleport\"}", "hospital"),
                "MessageHeader.eventCoding 'teleport' is not a CareBridge event"});
        cases.add(new String[] {"no-source.json", header("{\"code\": \"discharge\"}", null),
                "MessageHeader.source.name is missing: give the source partner with --from"});
        for (String[] c : cases) {
            Path file = home.resolve(c[0]);
            if (c[1] != null) {
                Files.writeString(file, c[1]);
            }
            CliRun result = cli("explain", file.toString());
            assertThat(result.exit()).as(c[0]).isEqualTo(2);
            assertThat(result.err()).as(c[0]).startsWith(file + ": ").contains(c[2]);
            assertThat(result.out()).as(c[0]).isEmpty();
        }
    }

    @Test
    void explainsVerdictsGiveExactlyTheRoutersDestinations() throws Exception {
        var loaded = new uk.carebridge.server.config.ConfigLoader().load(config, routes, Map.of("good",
                List.of(uk.carebridge.plugin.PluginSetting.required("folder", "a folder"))));
        assertThat(loaded.errors()).isEmpty();
        var table = uk.carebridge.server.routing.RoutingTable.compile(loaded.config().routes(), loaded.config().groups(),
                loaded.config().fingerprint());
        for (String destination : List.of("85", "19")) {
            for (String source : List.of("hospital", "home-b", "nurses")) {
                ExplainCommand.Read read = ExplainCommand.read(message(destination), source);
                assertThat(table.explain(source, read.event(), read.bundle()).stream()
                        .flatMap(v -> v.matches().stream()).toList())
                        .isEqualTo(table.destinations(source, read.event(), read.bundle()));
            }
        }
    }

    @Test
    void bothHaveHelp() {
        CliRun routesHelp = cli("routes", "--help");
        assertThat(routesHelp.exit()).isZero();
        assertThat(routesHelp.out()).contains("Usage: carebridge routes", "--config", "--routes", "--plugins", "--json");
        CliRun explainHelp = cli("explain", "--help");
        assertThat(explainHelp.exit()).isZero();
        assertThat(explainHelp.out()).contains("Usage: carebridge explain", "MESSAGE", "--from", "--show-copy", "--config");
        assertThat(cli("--help").out()).contains("routes", "explain");
    }

    private static String header(String eventCoding, String source) {
        return "{\"resourceType\": \"Bundle\", \"type\": \"message\", \"entry\": [{\"resource\": {\"resourceType\":"
                + " \"MessageHeader\", \"eventCoding\": " + eventCoding
                + (source == null ? "" : ", \"source\": {\"name\": \"" + source + "\"}") + "}}]}";
    }

    /** A discharge from the hospital to discharge destination {@code destination}. */
    private Path message(String destination) throws IOException {
        return message(destination, "[{\"reference\": \"urn:uuid:e\"}, {\"reference\": \"urn:uuid:p\"}]");
    }

    private Path message(String destination, String focus) throws IOException {
        Path file = home.resolve("discharge-" + destination + "-" + Integer.toHexString(focus.hashCode()) + ".json");
        Files.writeString(file, """
                {"resourceType": "Bundle", "type": "message", "identifier": {"value": "MSG-1"}, "entry": [
                  {"fullUrl": "urn:uuid:h", "resource": {"resourceType": "MessageHeader",
                    "eventCoding": {"system": "https://carebridge.uk/fhir/CodeSystem/carebridge-event", "code": "discharge"},
                    "source": {"name": "hospital"}, "focus": %s}},
                  {"fullUrl": "urn:uuid:e", "resource": {"resourceType": "Encounter", "status": "finished",
                    "class": {"code": "IMP"}, "subject": {"reference": "urn:uuid:p"},
                    "hospitalization": {"dischargeDisposition": {"coding": [{"code": "%s"}]}}}},
                  {"fullUrl": "urn:uuid:p", "resource": {"resourceType": "Patient",
                    "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000034"}],
                    "name": [{"family": "Lovelace"}],
                    "telecom": [{"system": "phone", "value": "07700900123"}, {"system": "email", "value": "a@b"}],
                    "address": [{"line": ["Sunny Meadows Care Home"], "postalCode": "LS7 4AB"}]}}
                ]}
                """.formatted(focus, destination));
        return file;
    }

    private void partner(String id, String ods) throws IOException {
        Files.writeString(config.resolve("partners").resolve(id + ".yaml"),
                "id: " + id + "\nodsCode: " + ods + "\nplugin: good\nsettings:\n  folder: x\n");
    }


    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!List.of(args).contains("--help") && args.length > 0 && !args[0].startsWith("-")) {
            all.addAll(List.of("--config", config.toString(), "--routes", routes.toString(), "--plugins", plugins.toString()));
        }
        return CliRun.of(all.toArray(String[]::new));
    }
}
