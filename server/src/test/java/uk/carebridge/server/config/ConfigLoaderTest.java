package uk.carebridge.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.plugin.PluginSetting;

class ConfigLoaderTest {

    private static final Map<String, List<PluginSetting>> PLUGINS = Map.of("care-provider", List.of(
            PluginSetting.optional("inbox", null, "inbox folder"),
            PluginSetting.optional("outbox", null, "outbox folder"),
            PluginSetting.optional("pollDelay", "500", "poll delay")),
            "needs-url", List.of(PluginSetting.required("url", "where to deliver")),
            "typed", List.of(
                    PluginSetting.optional("maxConnections", "64", PluginSetting.Type.COUNT, "most connections"),
                    PluginSetting.optional("port", null, PluginSetting.Type.PORT, "port"),
                    PluginSetting.optional("idleTimeout", "10min", PluginSetting.Type.DURATION, "idle time"),
                    PluginSetting.optional("maxFrameBytes", "10MiB", PluginSetting.Type.BYTES, "longest frame")));

    @TempDir
    Path home;
    Path config;
    Path routes;

    @BeforeEach
    void demo() throws IOException {
        config = Files.createDirectories(home.resolve("config"));
        routes = Files.createDirectories(home.resolve("routes"));
        Files.createDirectories(config.resolve("partners"));
        partner("home-a", "id: home-a\nodsCode: VNE01\nplugin: care-provider\nsettings:\n  inbox: in\n");
        partner("team-b", "id: team-b\nodsCode: RNX01\nplugin: care-provider\nsettings:\n  outbox: out\n");
    }

    @Test
    void validSetLoadsWithDefaultsApplied() throws IOException {
        route("r.yaml", """
                routes:
                  - id: a-to-b
                    from: home-a
                    events: [transfer, observation]
                    to:
                      - partner: team-b
                        resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                """);
        ConfigLoader.Result result = load();
        assertThat(result.errors()).isEmpty();
        ConfigSet set = result.config();
        assertThat(set.home()).isEqualTo(home.toAbsolutePath().normalize());
        assertThat(set.partners()).containsOnlyKeys("home-a", "team-b");
        assertThat(set.partners().get("home-a").settings()).containsEntry("pollDelay", "500").containsEntry("inbox", "in");
        assertThat(set.routes()).singleElement().satisfies(r -> {
            assertThat(r.from()).containsExactly("home-a");
            assertThat(r.events()).containsExactly("transfer", "observation");
        });
        assertThat(set.server().delivery().maxAttempts()).isEqualTo(6);
    }

    @Test
    void unknownPartnerInARouteNamesFileAndLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: a-to-nowhere
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: team-b
                        resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                      - partner: no-such-team
                        resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                """);
        assertThat(errors()).containsExactly(file + ":8: unknown partner 'no-such-team': no file in config/partners/"
                + " has this id (known: home-a, team-b)");
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: first
                    from: ghost
                    events: [transfer, teleport]
                    to:
                      - partner: home-a
                        resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                  - id: first
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: home-a
                        resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                """);
        List<String> errors = errors();
        assertThat(errors).contains(
                file + ":3: unknown partner 'ghost': no file in config/partners/ has this id (known: home-a, team-b)",
                file + ":4: unknown event 'teleport': use one of admission, transfer, discharge, person-update, referral,"
                        + " assessment, care-package, observation, incident",
                file + ":8: route id 'first' is used twice: route ids must be unique across all route files",
                file + ":12: partner 'home-a' would receive its own messages back: remove it from 'to' or 'from'");
        assertThat(errors).hasSize(4);
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws IOException {
        Path file = route("bad.yaml", "routes:\n  - id: x\n    from: [home-a\n    events: [transfer]\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":4: ");
    }

    @Test
    void unknownKeyIsRefusedWithTheKnownOnes() throws IOException {
        Path file = route("r.yaml", "routes:\n  - id: x\n    from: home-a\n    event: [transfer]\n    to:\n      - partner: team-b\n        resources: [Patient]\n");
        assertThat(errors()).singleElement().asString()
                .startsWith(file + ":4: unknown key 'event'").contains("events");
    }

    @Test
    void partnerProblems() throws IOException {
        Path noPlugin = partner("c", "id: home-c\nodsCode: VNE03\nplugin: fax-machine\n");
        Path missingSetting = partner("d", "id: team-d\nodsCode: RNX02\nplugin: needs-url\nsettings: {}\n");
        Path unknownSetting = partner("e", "id: home-e\nodsCode: VNE05\nplugin: care-provider\nsettings:\n  inbx: x\n");
        Path duplicate = partner("z", "id: home-a\nodsCode: lower\nplugin: care-provider\n");
        route("r.yaml", "routes: []\n");

        assertThat(errors()).containsExactlyInAnyOrder(
                noPlugin + ":3: plugin 'fax-machine' is not loaded (loaded: " + String.join(", ", PLUGINS.keySet())
                        + "); run 'carebridge plugins' to see load errors",
                missingSetting + ":4: setting 'url' is required by plugin needs-url: where to deliver",
                unknownSetting + ":5: unknown setting 'inbx' for plugin care-provider (known: inbox, outbox, pollDelay)",
                duplicate + ":1: partner id 'home-a' is already used by home-a.yaml: partner ids must be unique",
                duplicate + ":2: 'odsCode' is required: the organisation's ODS code, 3 to 10 upper-case letters or digits");
    }

    @Test
    void aTypedSettingIsCheckedWithFileAndLine() throws IOException {
        Path bad = partner("t", "id: trust-t\nodsCode: RXX09\nplugin: typed\nsettings:\n  port: 2575\n"
                + "  maxConnections: lots\n  idleTimeout: 10 minutes\n  maxFrameBytes: 10MiB\n");
        Path good = partner("u", "id: trust-u\nodsCode: RXX08\nplugin: typed\nsettings:\n  port: 2576\n"
                + "  maxConnections: 100\n  idleTimeout: 90s\n  maxFrameBytes: 512KiB\n");
        route("r.yaml", "routes: []\n");

        assertThat(errors()).containsExactlyInAnyOrder(
                bad + ":6: setting 'maxConnections' must be a whole number of at least 1 (was 'lots'): most connections",
                bad + ":7: setting 'idleTimeout' must be a length of time: milliseconds, or a number with ms, s, min or"
                        + " h (e.g. 30s, 10min) (was '10 minutes'): idle time");
        assertThat(good).exists();
    }

    @Test
    void serverFileIsCheckedToo() throws IOException {
        Path file = config.resolve("carebridge.yaml");
        Files.writeString(file, "broker:\n  port: 61616\n  urll: tcp://x\n");
        route("r.yaml", "routes: []\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":3: unknown key 'urll'").contains("known here: dataFolder, journalFileMb, memoryLimitMb, minFreeDiskMb, passwordEnv, port, storeLimitMb, tempLimitMb, url, usernameEnv");
    }

    @Test
    void brokerLimitsAreReadAndCheckedWithTheirLine() throws IOException {
        Path file = config.resolve("carebridge.yaml");
        route("r.yaml", "routes: []\n");
        Files.writeString(file, "broker:\n  storeLimitMb: 2048\n  memoryLimitMb: 64\n  tempLimitMb: 256\n  journalFileMb: 8\n");
        ConfigLoader.Result ok = load();
        assertThat(ok.errors()).isEmpty();
        ServerConfig.BrokerSettings broker = ok.config().server().broker();
        assertThat(broker.storeLimitMb()).isEqualTo(2048L);
        assertThat(broker.memoryLimitMb()).isEqualTo(64L);
        assertThat(broker.tempLimitMb()).isEqualTo(256L);
        assertThat(broker.journalFileMb()).isEqualTo(8);

        Files.writeString(file, "broker:\n  port: 0\n");
        ServerConfig.BrokerSettings defaults = load().config().server().broker();
        assertThat(defaults.storeLimitMb()).isNull(); // worked out from the free disk space at start-up
        assertThat(defaults.journalFileMb()).isEqualTo(32);

        Files.writeString(file, "broker:\n  storeLimitMb: 0\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":").contains("storeLimitMb must be a positive");
        Files.writeString(file, "broker:\n  tempLimitMb: 16\n");
        assertThat(errors()).singleElement().asString().contains("tempLimitMb must be at least 32");
    }

    @Test
    void theServersBoundOnMllpConnectionsIsReadAndCheckedWithItsLine() throws IOException {
        Path file = config.resolve("carebridge.yaml");
        route("r.yaml", "routes: []\n");
        Files.writeString(file, "http:\n  port: 0\n");
        assertThat(load().config().server().mllp().maxConnections()).isEqualTo(512);
        Files.writeString(file, "mllp:\n  maxConnections: 2000\n");
        assertThat(load().config().server().mllp().maxConnections()).isEqualTo(2000);
        Files.writeString(file, "http:\n  port: 0\nmllp:\n  maxConnections: 0\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":4: mllp.maxConnections must be 1 to 10000");
        Files.writeString(file, "mllp:\n  maxConnections: lots\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":2:");
    }

    @Test
    void anExternalBrokerNeedsTheInstallationKeyToBeShared() throws IOException {
        Path file = config.resolve("carebridge.yaml");
        route("r.yaml", "routes: []\n");
        Files.writeString(file, "broker:\n  url: tcp://broker.example:61616\n");
        assertThat(errors()).singleElement().asString().startsWith(file + ":")
                .contains("set security.secretEnv (or security.secretFile)", "same installation key");

        Files.writeString(file, "broker:\n  url: tcp://broker.example:61616\nsecurity:\n  secretEnv: CAREBRIDGE_SECRET\n");
        assertThat(load().errors()).isEmpty();
        Files.writeString(file, "broker:\n  port: 0\n");
        assertThat(load().config().server().security().secretFileOrDefault()).isEqualTo("data/secret.key");
    }

    // One test per kind of route and group error, each with its file and line.

    @Test
    void yamlSyntaxErrorInAFlowListNamesTheFileAndLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer
                    to:
                      - partner: team-b
                        resources: [Patient]
                """);
        assertThat(errors()).singleElement().asString().startsWith(file + ":5: ");
    }

    @Test
    void unknownKeyInADestinationNamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: team-b
                        resources: [Patient]
                        removes: [Patient.telecom]
                """);
        assertThat(errors()).singleElement().asString()
                .startsWith(file + ":8: unknown key 'removes' (known here: agreement, group, partner, remove, resources)");
    }

    @Test
    void unknownPartnerInFromNamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: [home-a, home-z]
                    events: [transfer]
                    to:
                      - partner: team-b
                        resources: [Patient]
                """);
        assertThat(errors()).containsExactly(file + ":3: unknown partner 'home-z': no file in config/partners/ has this"
                + " id (known: home-a, team-b)");
    }

    @Test
    void unknownGroupInFromAndToNamesEachLine() throws IOException {
        groups("groups:\n  care-homes: [home-a]\n");
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: group:care-houses
                    events: [transfer]
                    to:
                      - group: nursing-teams
                        resources: [Patient]
                """);
        assertThat(errors()).containsExactly(
                file + ":3: unknown group 'care-houses': config/groups.yaml defines care-homes",
                file + ":6: unknown group 'nursing-teams': config/groups.yaml defines care-homes");
    }

    @Test
    void unknownGroupWithoutAGroupsFileSaysThereAreNone() throws IOException {
        Path file = route("r.yaml", "routes:\n  - id: x\n    from: group:care-homes\n    events: [transfer]\n"
                + "    to:\n      - partner: team-b\n        resources: [Patient]\n");
        assertThat(errors()).containsExactly(file + ":3: unknown group 'care-homes': config/groups.yaml defines no groups");
    }

    @Test
    void groupsAreExpandedInFromAndTo() throws IOException {
        partner("home-c", "id: home-c\nodsCode: VNE03\nplugin: care-provider\n");
        groups("groups:\n  care-homes: [home-a, home-c]\n");
        route("r.yaml", "routes:\n  - id: x\n    from: team-b\n    events: [care-package]\n"
                + "    to:\n      - group: care-homes\n        resources: [Patient, CarePlan]\n");
        ConfigLoader.Result result = load();
        assertThat(result.errors()).isEmpty();
        assertThat(result.config().groups()).containsEntry("care-homes", List.of("home-a", "home-c"));
    }

    @Test
    void unknownEventCodeNamesItsLineAndTheCodes() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events:
                      - transfer
                      - discharged
                    to:
                      - partner: team-b
                        resources: [Patient]
                """);
        assertThat(errors()).containsExactly(file + ":6: unknown event 'discharged': use one of admission, transfer,"
                + " discharge, person-update, referral, assessment, care-package, observation, incident");
    }

    @Test
    void conditionThatIsNotFhirPathNamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer]
                    condition: >-
                      entry.resource.ofType(Encounter).where(class.code = 'IMP'
                    to:
                      - partner: team-b
                        resources: [Patient]
                """);
        assertThat(errors()).singleElement().asString().startsWith(file + ":5: the condition is not valid FHIRPath: ");
    }

    @Test
    void removedElementThatIsNotInR4NamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: team-b
                        resources: [Patient, Encounter]
                        remove:
                          - Patient.telecom
                          - Patient.telephone
                """);
        assertThat(errors()).containsExactly(file + ":10: 'Patient.telephone': Patient has no element 'telephone' in FHIR R4");
    }

    @Test
    void resourceTypeThatIsNotR4NamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: team-b
                        resources:
                          - Patients
                          - Encounter
                """);
        assertThat(errors()).containsExactly(file + ":8: 'Patients' is not a FHIR R4 resource type (e.g. Patient,"
                + " Encounter, Observation)");
    }

    @Test
    void removingFromATypeTheDestinationDoesNotReceiveNamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [observation]
                    to:
                      - partner: team-b
                        resources: [Observation]
                        remove: [Patient.telecom]
                """);
        assertThat(errors()).containsExactly(file + ":8: 'Patient.telecom' removes from Patient, which this destination"
                + " does not receive (resources: Observation)");
    }

    @Test
    void destinationWithoutResourcesNamesItsLine() throws IOException {
        Path file = route("r.yaml", """
                routes:
                  - id: x
                    from: home-a
                    events: [transfer]
                    to:
                      - partner: team-b
                        agreement: DSA-1
                """);
        assertThat(errors()).containsExactly(file + ":6: destination team-b needs 'resources': the resource types it may"
                + " receive, e.g. [Patient, Encounter]; nothing that is not listed is shared");
    }

    @Test
    void duplicateRouteIdAcrossTwoFilesNamesTheSecond() throws IOException {
        route("a.yaml", "routes:\n  - id: same\n    from: home-a\n    events: [transfer]\n"
                + "    to:\n      - partner: team-b\n        resources: [Patient]\n");
        Path second = route("b.yaml", "# the same id again\nroutes:\n  - id: same\n    from: home-a\n"
                + "    events: [observation]\n    to:\n      - partner: team-b\n        resources: [Observation]\n");
        assertThat(errors()).containsExactly(second + ":3: route id 'same' is used twice: route ids must be unique"
                + " across all route files");
    }

    @Test
    void groupWithUnknownMemberNamesItsLine() throws IOException {
        Path file = groups("""
                groups:
                  care-homes:
                    - home-a
                    - home-q
                """);
        route("r.yaml", "routes: []\n");
        assertThat(errors()).containsExactly(file + ":4: unknown partner 'home-q': no file in config/partners/ has"
                + " this id (known: home-a, team-b)");
    }

    private Path groups(String yaml) throws IOException {
        Path f = config.resolve(ConfigFiles.GROUPS_FILE);
        Files.writeString(f, yaml);
        return f.toAbsolutePath().normalize();
    }

    private ConfigLoader.Result load() {
        return new ConfigLoader().load(config, routes, PLUGINS);
    }

    private List<String> errors() {
        return load().errors().stream().map(ConfigError::toString).toList();
    }

    private Path partner(String name, String yaml) throws IOException {
        Path f = config.resolve("partners").resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f.toAbsolutePath().normalize();
    }

    private Path route(String name, String yaml) throws IOException {
        Path f = routes.resolve(name);
        Files.writeString(f, yaml);
        return f.toAbsolutePath().normalize();
    }
}
