package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.plugin.PluginCatalog;
import uk.carebridge.server.plugin.PluginLoader;
import uk.carebridge.server.testing.CliRun;
import uk.carebridge.server.testing.TestJars;

/** The plugin folder as an admin meets it, and the CLI's validate and plugins commands. */
class PluginsAndCliIT {

    @TempDir
    Path root;

    @Test
    void aPluginThatThrowsAtLoadIsReportedAndSkippedWhileTheOthersRun() throws Exception {
        Path plugins = copyOfDistributionPlugins();
        TestJars.brokenPluginJar(plugins.resolve("broken-plugin.jar"));

        PluginCatalog catalog = PluginLoader.load(plugins);
        assertThat(catalog.plugins()).extracting(PluginCatalog.Loaded::id).containsExactly("care-provider", "local-authority",
                "nhs-trust");
        assertThat(catalog.failures()).singleElement().satisfies(f -> {
            assertThat(f.source().getFileName().toString()).isEqualTo("broken-plugin.jar");
            assertThat(f.reason()).contains("cannot start: licence file missing");
        });

        CliRun plugin = cli("plugins", "--plugins", plugins.toString());
        assertThat(plugin.exit()).isEqualTo(1);
        assertThat(plugin.out()).contains("care-provider").contains("FAILED broken-plugin.jar")
                .contains("nhs-trust").contains("cannot start: licence file missing").contains("local-authority").contains("3 loaded, 1 failed");

        TestHome home = new TestHome(root.resolve("home"))
                .careHome("sunny-meadows", "VNE01", false)
                .outboxPartner("community-nursing", "RNX01")
                .routes("routes:\n  - id: r\n    from: sunny-meadows\n    events: [observation]\n    to:\n"
                        + "      - partner: community-nursing\n        resources: [Observation, Patient]\n");
        try (CareBridgeServer server = home.start(catalog)) {
            home.drop("sunny-meadows", "observations-1.csv", Fixtures.manyObservations(2, 2));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    TestHome.files(home.partnerFolder("community-nursing", "outbox")).size() == 2);
        }
    }

    @Test
    void validateNamesFileAndLineOfAnUnknownPartnerAndExitsNonZero() throws Exception {
        TestHome home = new TestHome(root.resolve("home"))
                .careHome("sunny-meadows", "VNE01", false)
                .routes("""
                        routes:
                          - id: to-a-typo
                            from: sunny-meadows
                            events: [transfer]
                            to:
                              - partner: comunity-nursing
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);
        Path routeFile = home.root.resolve("routes/routes.yaml").toAbsolutePath().normalize();

        CliRun result = cli("validate", "--config", home.root.resolve("config").toString(),
                "--routes", home.root.resolve("routes").toString(), "--plugins", TestHome.pluginFolder().toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains(routeFile + ":6: unknown partner 'comunity-nursing'");
    }

    @Test
    void validatePrintsEveryErrorOfARouteFileWithItsLineAndExitsNonZero() throws Exception {
        TestHome home = new TestHome(root.resolve("home"))
                .careHome("sunny-meadows", "VNE01", false)
                .outboxPartner("community-nursing", "RNX01")
                .routes("""
                        routes:
                          - id: observations
                            from: [sunny-meadows, group:care-homes]
                            events: [observation, vital-signs]
                            condition: entry.resource.ofType(Observation).where(value >= 5
                            to:
                              - partner: community-nursing
                                resources: [Patients, Observation]
                                remove: [Patient.telephone, Encounter.class]
                              - partner: comunity-nursing
                          - id: observations
                            from: sunny-meadows
                            events: [transfer]
                            to:
                              - partner: community-nursing
                                resources: [Patient]
                        """);
        String file = home.root.resolve("routes/routes.yaml").toAbsolutePath().normalize().toString();

        CliRun result = cli("validate", "--config", home.root.resolve("config").toString(),
                "--routes", home.root.resolve("routes").toString(), "--plugins", TestHome.pluginFolder().toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("OK");
        assertThat(result.err()).contains(
                file + ":3: unknown group 'care-homes'",
                file + ":4: unknown event 'vital-signs'",
                file + ":5: the condition is not valid FHIRPath",
                file + ":8: 'Patients' is not a FHIR R4 resource type",
                file + ":9: 'Patient.telephone': Patient has no element 'telephone' in FHIR R4",
                file + ":9: 'Encounter.class' removes from Encounter, which this destination does not receive",
                file + ":10: unknown partner 'comunity-nursing'",
                file + ":10: destination comunity-nursing needs 'resources'",
                file + ":11: route id 'observations' is used twice",
                "9 error(s)");
    }

    /** The demo config and the trust's sample FHIR discharge, through routes and explain. */
    @Test
    void routesAndExplainOnTheDemoConfig() {
        Path dist = TestHome.distribution();
        String[] where = {"--config", dist.resolve("config").toString(), "--routes", dist.resolve("routes").toString(),
                "--plugins", TestHome.pluginFolder().toString()};
        CliRun routes = cli(concat(new String[] {"routes"}, where));
        assertThat(routes.exit()).as(routes.err()).isZero();
        assertThat(routes.out()).containsPattern("Rule set [0-9a-f]+: 6 route\\(s\\)")
                .contains("route care-home-transfers", "from:      sunny-meadows-care-home, oak-lodge-care-home (group"
                        + " northshire-care-homes)", "remove:    Patient.telecom", "NORTHSHIRE-ICS-DSA-2026-01");

        Path sample = Path.of("..", "plugins", "nhs-trust", "samples", "fhir-discharge-message.json").toAbsolutePath().normalize();
        CliRun explain = cli(concat(new String[] {"explain", sample.toString(), "--show-copy", "sunny-meadows-care-home"}, where));
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).containsPattern("st-elsewhere-discharges +TAKES IT \\(condition true\\) -> sunny-meadows-care-home")
                .contains("Destinations (2):", "Copy for sunny-meadows-care-home:",
                        "https://carebridge.uk/fhir/StructureDefinition/data-sharing-agreement");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void validateAcceptsTheDemoConfigShippedWithTheDistribution() {
        Path dist = TestHome.distribution();
        CliRun result = cli("validate", "--config", dist.resolve("config").toString(), "--routes", dist.resolve("routes").toString(),
                "--plugins", TestHome.pluginFolder().toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("OK: 5 partner(s), 6 route(s)");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "validate", "routes", "explain", "plugins"}) {
            CliRun help = cli(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: carebridge " + command).contains("--config");
        }
        assertThat(cli("--help").out()).contains("run").contains("validate").contains("plugins").contains("send-hl7")
                .contains("routes").contains("explain");
        CliRun sendHelp = cli("send-hl7", "--help");
        assertThat(sendHelp.exit()).isZero();
        assertThat(sendHelp.out()).contains("Usage: carebridge send-hl7").contains("--port").contains("2575");
        CliRun listenHelp = cli("listen-http", "--help");
        assertThat(listenHelp.exit()).isZero();
        assertThat(listenHelp.out()).contains("Usage: carebridge listen-http").contains("--port").contains("9090");
    }

    /** The README's one-line demo: the shipped discharge sample, sent with send-hl7, reaches the care home. */
    @Test
    void sendHl7DeliversTheDemoDischargeToTheCareHomeAndPrintsTheAck() throws Exception {
        Path sample = Path.of("..", "plugins", "nhs-trust", "samples", "adt-a03-discharge.hl7").toAbsolutePath().normalize();
        int mllpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root.resolve("home"))
                .trust("st-elsewhere-hospital", "RXX01", TestHome.mllpInbound(mllpPort), null)
                .outboxPartner("sunny-meadows", "VNE01")
                .routes("""
                        routes:
                          - id: discharges
                            from: st-elsewhere-hospital
                            events: [discharge]
                            to:
                              - partner: sunny-meadows
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);
        try (var server = home.start()) {
            CliRun sent = cli("send-hl7", "--port", String.valueOf(mllpPort), sample.toString());
            assertThat(sent.exit()).as(sent.err()).isZero();
            assertThat(sent.out()).contains("RXX01-20261124-000417").contains("AA");

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    TestHome.files(home.partnerFolder("sunny-meadows", "outbox")).size() == 1);
            String fhir = TestHome.read(TestHome.files(home.partnerFolder("sunny-meadows", "outbox")).get(0));
            assertThat(fhir).contains("\"9990000034\"").contains(uk.carebridge.fhir.UkCore.ENCOUNTER);

            // Nothing listening: a clear error and exit 2.
            CliRun refused = cli("send-hl7", "--port", String.valueOf(HttpReceiver.freePort()), sample.toString());
            assertThat(refused.exit()).isEqualTo(2);
        }
    }


    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private Path copyOfDistributionPlugins() throws Exception {
        Path target = root.resolve("plugins");
        PathUtils.copyDirectory(TestHome.pluginFolder(), target);
        return target;
    }
}
