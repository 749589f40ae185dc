package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.config.ConfigError;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.server.outbound.OutboundRoutes;

/**
 * Hot reload on the real broker with real files: route and partner files edited while messages flow. A valid edit
 * applies within 2 s without losing or duplicating a message; an invalid one is refused and the old rules keep
 * routing; a partner file added starts the partner, one removed stops it and leaves its undelivered messages on its
 * queue in the broker; a partner's HTTP endpoint is mounted, changed and unmounted with its file.
 */
class HotReloadIT {

    private static final String RESOURCES = "[Patient, Encounter, Organization, Location, Observation]";
    private static final Pattern RULES = Pattern.compile("rules (\\w+)");
    /** Set by failsafe (distribution/pom.xml). */
    private static final String API_KEY = System.getenv("CAREBRIDGE_IT_COUNCIL_KEY");

    @TempDir
    Path root;

    @Test
    void routeEditsUnderTrafficApplyWithin2sWithoutLossOrDuplicates() throws Exception {
        try (HttpReceiver gp = HttpReceiver.start(202)) {
            TestHome home = new TestHome(root)
                    .careHome("sunny-meadows", "VNE01", false)
                    .outboxPartner("community-nursing", "RNX01")
                    .outboxPartner("district-team", "RNX02")
                    .httpPartner("gp-surgery", "Y01234", gp.url(), null)
                    .routes(observationsTo("community-nursing", "gp-surgery"));
            try (CareBridgeServer server = home.start()) {
                String v0 = server.routing().version();
                int files = 100;
                int rows = 30;
                AtomicReference<Throwable> trafficFailure = new AtomicReference<>();
                Thread traffic = new Thread(() -> {
                    try {
                        for (int i = 0; i < files; i++) {
                            home.drop("sunny-meadows", "observations-" + i + ".csv", observations(i, rows));
                            // 200 rows a second: below what the server routes on a busy 2-core machine, so the
                            // timings below measure the reload, not a queue building up behind an overloaded router.
                            Thread.sleep(150);
                        }
                    } catch (Throwable t) {
                        trafficFailure.set(t);
                    }
                }, "traffic");
                traffic.start();

                Thread.sleep(1500);
                // Edit 1: add a destination.
                Instant edit1 = Instant.now();
                home.routes(observationsTo("community-nursing", "gp-surgery", "district-team"));
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !server.routing().version().equals(v0));
                Instant applied1 = Instant.now();
                String v1 = server.routing().version();

                Thread.sleep(1500);
                // Edit 2: remove a destination.
                Instant edit2 = Instant.now();
                home.routes(observationsTo("community-nursing", "district-team"));
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !server.routing().version().equals(v1));
                Instant applied2 = Instant.now();
                String v2 = server.routing().version();

                traffic.join(30_000);
                assertThat(trafficFailure.get()).isNull();
                int total = files * rows;
                await().atMost(Duration.ofSeconds(45)).until(() -> server.journal().entries(Hop.RECEIVED).size() == total
                        && routedIds(server).size() == total);

                Map<String, Set<String>> expected = Map.of(
                        v0, Set.of("community-nursing", "gp-surgery"),
                        v1, Set.of("community-nursing", "gp-surgery", "district-team"),
                        v2, Set.of("community-nursing", "district-team"));
                List<JournalEntry> routed = server.journal().entries(Hop.ROUTED);
                Map<String, String> versionOf = new HashMap<>();
                Map<String, List<String>> destinationsOf = new HashMap<>();
                for (JournalEntry e : routed) {
                    String version = version(e);
                    String before = versionOf.putIfAbsent(e.messageId(), version);
                    assertThat(before == null || before.equals(version))
                            .as("message %s routed under one rule set only", e.messageId()).isTrue();
                    destinationsOf.computeIfAbsent(e.messageId(), k -> new ArrayList<>()).add(e.destination());
                }
                assertThat(new HashSet<>(versionOf.values())).containsExactlyInAnyOrder(v0, v1, v2);
                Map<String, Set<String>> routedTo = new HashMap<>();
                destinationsOf.forEach((id, destinations) -> {
                    assertThat(destinations).as("copies of %s", id).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(expected.get(versionOf.get(id)));
                    destinations.forEach(d -> routedTo.computeIfAbsent(d, k -> new HashSet<>()).add(id));
                });

                // Every copy reaches its destination exactly once.
                await().atMost(Duration.ofSeconds(45)).until(() ->
                        outbox(home, "community-nursing").size() == routedTo.get("community-nursing").size()
                                && outbox(home, "district-team").size() == routedTo.get("district-team").size()
                                && gp.received().size() >= routedTo.get("gp-surgery").size());
                Thread.sleep(500);
                assertThat(outbox(home, "community-nursing")).isEqualTo(routedTo.get("community-nursing"));
                assertThat(outbox(home, "district-team")).isEqualTo(routedTo.get("district-team"));
                List<String> gpIds = gp.received().stream().map(HttpReceiver.Received::messageId).toList();
                assertThat(gpIds).doesNotHaveDuplicates();
                assertThat(new HashSet<>(gpIds)).isEqualTo(routedTo.get("gp-surgery"));
                Map<String, Long> deliveries = server.journal().entries(Hop.DELIVERED).stream()
                        .collect(Collectors.groupingBy(e -> e.messageId() + ">" + e.destination(), Collectors.counting()));
                assertThat(deliveries.values()).allMatch(n -> n == 1);
                assertThat(deliveries).hasSize(routed.size());

                // Applied within 2 s of the edit: the first message routed under the new rules.
                Duration latency1 = Duration.between(edit1, firstRouted(routed, v1));
                Duration latency2 = Duration.between(edit2, firstRouted(routed, v2));
                // Stricter: the first message received after the edit that was routed under the new rules.
                Map<String, Instant> receivedAt = server.journal().entries(Hop.RECEIVED).stream()
                        .collect(Collectors.toMap(JournalEntry::messageId, JournalEntry::at, (a, b) -> a));
                Duration fresh1 = Duration.between(edit1, firstRoutedReceivedAfter(routed, v1, receivedAt, edit1));
                Duration fresh2 = Duration.between(edit2, firstRoutedReceivedAfter(routed, v2, receivedAt, edit2));
                System.out.printf("HotReloadIT: edit -> first message received after the edit and routed under the new"
                        + " rules: %d ms, %d ms%n", fresh1.toMillis(), fresh2.toMillis());
                assertThat(fresh1).isLessThan(Duration.ofSeconds(2));
                assertThat(fresh2).isLessThan(Duration.ofSeconds(2));
                System.out.printf("HotReloadIT: edit -> first routed under new rules: %d ms (%s -> %s), %d ms (%s -> %s);"
                                + " edit -> table swapped (seen by test): %d ms, %d ms; messages %d, per version %s%n",
                        latency1.toMillis(), v0, v1, latency2.toMillis(), v1, v2,
                        Duration.between(edit1, applied1).toMillis(), Duration.between(edit2, applied2).toMillis(), total,
                        versionOf.values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())));
                assertThat(latency1).isLessThan(Duration.ofSeconds(2));
                assertThat(latency2).isLessThan(Duration.ofSeconds(2));
                assertThat(server.lastReload()).hasValueSatisfying(r -> {
                    assertThat(r.oldVersion()).isEqualTo(v1);
                    assertThat(r.newVersion()).isEqualTo(v2);
                    assertThat(r.added()).isEmpty();
                    assertThat(r.removed()).isEmpty();
                });
            }
        }
    }

    @Test
    void anInvalidEditIsRefusedAndTheOldRulesKeepRoutingUntilItIsFixed() throws Exception {
        TestHome home = new TestHome(root)
                .careHome("sunny-meadows", "VNE01", false)
                .outboxPartner("community-nursing", "RNX01")
                .outboxPartner("district-team", "RNX02")
                .routes(observationsTo("community-nursing"));
        try (CareBridgeServer server = home.start()) {
            String v0 = server.routing().version();
            Files.writeString(root.resolve("routes/routes.yaml"), """
                    routes:
                      - id: observations
                        from: sunny-meadows
                        events: [observation
                        to:
                          - partner: district-team
                    """);
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.lastReloadErrors().isEmpty());
            List<ConfigError> errors = server.lastReloadErrors();
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.file().getFileName().toString()).isEqualTo("routes.yaml");
                assertThat(e.line()).isPositive();
            });
            assertThat(server.routing().version()).isEqualTo(v0);

            // The old rules keep routing: to community-nursing only.
            home.drop("sunny-meadows", "observations-during-bad-edit.csv", observations(0, 5));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 5);
            assertThat(outbox(home, "district-team")).isEmpty();
            assertThat(server.routing().version()).isEqualTo(v0);
            assertThat(server.lastReloadErrors()).isNotEmpty();

            // Fixed: applies.
            home.routes(observationsTo("community-nursing", "district-team"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.routing().version().equals(v0));
            assertThat(server.lastReloadErrors()).isEmpty();
            home.drop("sunny-meadows", "observations-after-fix.csv", observations(1, 5));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 10
                    && outbox(home, "district-team").size() == 5);
        }
    }

    @Test
    void anAddedPartnerStartsAndARemovedOneStopsWithItsUndeliveredMessagesKeptInTheBroker() throws Exception {
        try (HttpReceiver newTeam = HttpReceiver.start(202)) {
            TestHome home = new TestHome(root)
                    .careHome("sunny-meadows", "VNE01", false)
                    .outboxPartner("community-nursing", "RNX01")
                    .routes(observationsTo("community-nursing"));
            try (CareBridgeServer server = home.start()) {
                assertThat(server.runningPartners()).extracting(p -> p.partner().id()).doesNotContain("new-home");

                // A new partner (with an inbox and an HTTP endpoint we deliver to) and routes to and from it.
                home.partner("new-home", "odsCode: VNE02\nplugin: care-provider\nsettings:\n"
                        + "  inbox: data/partners/new-home/inbox\n  pollDelay: 200\n  deliveryUrl: " + newTeam.url() + "\n"
                        + "delivery:\n  maxAttempts: 100\n  initialDelayMs: 300\n  backoffMultiplier: 1\n");
                home.routes(observationsTo("community-nursing", "new-home") + """
                          - id: from-new-home
                            from: new-home
                            events: [observation]
                            to:
                              - partner: community-nursing
                                resources: %s
                        """.formatted(RESOURCES));
                await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPartners().stream()
                        .anyMatch(p -> p.partner().id().equals("new-home")));
                assertThat(server.lastReloadErrors()).isEmpty();
                assertThat(server.lastReload()).hasValueSatisfying(r -> assertThat(r.added()).containsExactly("new-home"));

                // Its delivery side runs...
                home.drop("sunny-meadows", "observations-1.csv", observations(1, 5));
                await().atMost(Duration.ofSeconds(20)).until(() -> newTeam.received().size() == 5);
                // ... and its receiver (a file consumer it did not have at start-up).
                home.drop("new-home", "observations-2.csv", observations(2, 4));
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 5 + 4);
                assertThat(server.journal().entries(Hop.RECEIVED)).filteredOn(e -> "new-home".equals(e.source())).hasSize(4);

                // Its file changes: it is restarted with the new settings and keeps taking files.
                home.partner("new-home", "odsCode: VNE02\nplugin: care-provider\nsettings:\n"
                        + "  inbox: data/partners/new-home/inbox\n  pollDelay: 300\n  deliveryUrl: " + newTeam.url() + "\n"
                        + "delivery:\n  maxAttempts: 100\n  initialDelayMs: 300\n  backoffMultiplier: 1\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> server.lastReload()
                        .filter(r -> r.restarted().contains("new-home")).isPresent());
                assertThat(server.runningPartners()).extracting(p -> p.partner().id()).contains("new-home");
                home.drop("new-home", "observations-2b.csv", observations(6, 3));
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 5 + 4 + 3);

                // It goes down; messages for it wait on its queue.
                newTeam.status(503);
                home.drop("sunny-meadows", "observations-3.csv", observations(3, 6));
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 5 + 4 + 3 + 6);

                // Removed: its routes stop, its undelivered messages stay in the broker (none dead-lettered).
                home.routes(observationsTo("community-nursing"));
                Files.delete(root.resolve("config/partners/new-home.yaml"));
                Instant removal = Instant.now();
                await().atMost(Duration.ofSeconds(15)).until(() -> server.lastReload()
                        .filter(r -> r.removed().contains("new-home")).isPresent());
                System.out.printf("HotReloadIT: partner file removed -> its routes stopped: %d ms%n",
                        Duration.between(removal, Instant.now()).toMillis());
                assertThat(server.runningPartners()).extracting(p -> p.partner().id()).doesNotContain("new-home");
                assertThat(server.camel().getRoute(OutboundRoutes.routeId("new-home"))).isNull();
                assertThat(server.camel().getRoutes()).extracting(r -> r.getRouteId()).noneMatch(id -> id.contains("new-home"));
                assertThat(DeadLetterIT.browse(server, "carebridge.outbound.new-home")).hasSize(6);
                assertThat(DeadLetterIT.browse(server, "DLQ.carebridge.outbound.new-home")).isEmpty();
                assertThat(server.journal().entries(Hop.DEAD_LETTERED)).isEmpty();

                // A file dropped in its inbox is no longer taken; the others flow on.
                home.drop("new-home", "observations-4.csv", observations(4, 2));
                home.drop("sunny-meadows", "observations-5.csv", observations(5, 3));
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 5 + 4 + 3 + 6 + 3);
                assertThat(TestHome.files(home.inbox("new-home"))).hasSize(1);
                assertThat(newTeam.received()).hasSizeGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void aPartnersHttpEndpointComesGoesAndChangesWithItsFile() throws Exception {
        assertThat(API_KEY).as("CAREBRIDGE_IT_COUNCIL_KEY (set by failsafe)").isNotBlank();
        int httpPort = HttpReceiver.freePort();
        TestHome home = new TestHome(root)
                .server("broker:\n  port: 0\nhttp:\n  host: 127.0.0.1\n  port: " + httpPort + "\n")
                .careHome("sunny-meadows", "VNE01", false)
                .outboxPartner("community-nursing", "RNX01")
                .routes(observationsTo("community-nursing"));
        String endpoint = "http://127.0.0.1:" + httpPort + "/partners/fhir-trust/fhir/$process-message";
        String withDischarges = observationsTo("community-nursing") + """
                  - id: trust-discharges
                    from: fhir-trust
                    events: [discharge]
                    to:
                      - partner: community-nursing
                        resources: [Patient, Encounter, Organization, Location]
                """;
        try (CareBridgeServer server = home.start()) {
            assertThat(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-1", Fixtures.NHS[0], null), null).statusCode())
                    .as("no such partner yet").isEqualTo(404);

            // Added: its endpoint is mounted on the running HTTP listener and takes messages.
            home.trust("fhir-trust", "RXX04", "  fhirInbound: true\n", null).routes(withDischarges);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lastReload()
                    .filter(r -> r.added().contains("fhir-trust")).isPresent());
            String first = acceptedId(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-1", Fixtures.NHS[0], null), null));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").contains(first));

            // Changed: the same path, now behind an API key.
            home.trust("fhir-trust", "RXX04", "  fhirInbound: true\n  apiKeyEnv: CAREBRIDGE_IT_COUNCIL_KEY\n", null);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lastReload()
                    .filter(r -> r.restarted().contains("fhir-trust")).isPresent());
            assertThat(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-2", Fixtures.NHS[1], null), null).statusCode())
                    .as("without the key it now asks for").isEqualTo(401);
            String second = acceptedId(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-2", Fixtures.NHS[1], null), API_KEY));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").contains(second));

            // Removed: the endpoint goes; the other partners run on.
            home.routes(observationsTo("community-nursing"));
            Files.delete(root.resolve("config/partners/fhir-trust.yaml"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lastReload()
                    .filter(r -> r.removed().contains("fhir-trust")).isPresent());
            assertThat(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-3", Fixtures.NHS[2], null), API_KEY).statusCode())
                    .as("a removed partner's endpoint").isEqualTo(404);
            home.drop("sunny-meadows", "observations-1.csv", observations(1, 2));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").size() == 2 + 2);

            // Back again: the path is mounted anew.
            home.trust("fhir-trust", "RXX04", "  fhirInbound: true\n", null).routes(withDischarges);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lastReload()
                    .filter(r -> r.added().contains("fhir-trust")).isPresent());
            String third = acceptedId(PartnerHttp.postFhir(endpoint, Fixtures.fhirDischarge("m-3", Fixtures.NHS[2], null), null));
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox(home, "community-nursing").contains(third));
            assertThat(server.lastReloadErrors()).isEmpty();
        }
    }

    private static String acceptedId(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return answer.headers().firstValue("X-CareBridge-Message-Id").orElseThrow();
    }

    /** A route file: sunny-meadows' observations to the given partners. */
    private static String observationsTo(String... partners) {
        StringBuilder sb = new StringBuilder("""
                routes:
                  - id: observations
                    from: sunny-meadows
                    events: [observation]
                    to:
                """);
        for (String p : partners) {
            sb.append("      - partner: ").append(p).append("\n        resources: ").append(RESOURCES).append('\n');
        }
        return sb.toString();
    }

    /** {@code rows} pulse observations, unique to file {@code n} (row ids are file + row). */
    private static String observations(int n, int rows) {
        StringBuilder sb = new StringBuilder("nhs_number,resident_id,observed_at,type,value,unit\n");
        for (int i = 0; i < rows; i++) {
            sb.append("%s,R%03d,2026-11-20T%02d:%02d:%02dZ,pulse,%d,/min\n".formatted(Fixtures.NHS[i % 5], n,
                    n % 24, i / 60, i % 60, 60 + i % 40));
        }
        return sb.toString();
    }

    private static String version(JournalEntry routed) {
        Matcher m = RULES.matcher(routed.detail());
        assertThat(m.find()).as("rules version in '%s'", routed.detail()).isTrue();
        return m.group(1);
    }

    private static Set<String> routedIds(CareBridgeServer server) {
        return server.journal().entries(Hop.ROUTED).stream().map(JournalEntry::messageId).collect(Collectors.toSet());
    }

    private static Instant firstRouted(List<JournalEntry> routed, String version) {
        return routed.stream().filter(e -> version.equals(version(e))).map(JournalEntry::at).min(Instant::compareTo)
                .orElseThrow();
    }

    private static Instant firstRoutedReceivedAfter(List<JournalEntry> routed, String version,
                                                    Map<String, Instant> receivedAt, Instant edit) {
        return routed.stream().filter(e -> version.equals(version(e)))
                .filter(e -> receivedAt.get(e.messageId()).isAfter(edit))
                .map(JournalEntry::at).min(Instant::compareTo).orElseThrow();
    }

    /** Message ids delivered to a partner's outbox ({@code <id>.json}). */
    private static Set<String> outbox(TestHome home, String partner) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (Path f : TestHome.files(home.partnerFolder(partner, "outbox"))) {
            ids.add(f.getFileName().toString().replaceFirst("\\.json$", ""));
        }
        return ids;
    }
}
