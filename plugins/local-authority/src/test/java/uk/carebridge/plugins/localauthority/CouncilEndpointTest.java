package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.testkit.PlatformHttpServer;
import uk.carebridge.testkit.RecordingGateway;
import uk.carebridge.testkit.TestPartnerContext;
import uk.carebridge.plugins.localauthority.inbound.Bodies;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.Fhir;
import uk.carebridge.plugins.localauthority.inbound.ReadResult;
import uk.carebridge.plugins.localauthority.inbound.Translate;

/**
 * The v1 JSON API over real HTTP: a Vert.x server behind platform-http as the server's HttpListener sets it up,
 * the plugin's receiver routes for a council with an API key, a real client.
 */
class CouncilEndpointTest {

    private static final String PARTNER = Translate.PARTNER;
    private static final String API_KEY = "c0uncil-k3y";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RecordingGateway gateway;
    private TestPartnerContext context;
    private PlatformHttpServer server;

    @BeforeEach
    void start() throws Exception {
        gateway = new RecordingGateway();
        server = new PlatformHttpServer();
        context = TestPartnerContext.of(PARTNER, "X123", LocalAuthorityPlugin.ID,
                Map.of("apiKeyEnv", "COUNCIL_KEY"), gateway).withHttpBaseUrl(server.baseUrl())
                .withEnvironment(Map.of("COUNCIL_KEY", API_KEY));
        server.camel().addRoutes(new LocalAuthorityPlugin().receiver(context));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachEndpointAcceptsItsReadmeExampleWith202AndTheMessageId() throws Exception {
        Map<CouncilResource, String> examples = Map.of(CouncilResource.PEOPLE, Bodies.PERSON,
                CouncilResource.REFERRALS, Bodies.REFERRAL, CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT,
                CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE);
        for (var example : examples.entrySet()) {
            CouncilResource resource = example.getKey();
            String eventId = Translate.READER.read(resource, example.getValue()) instanceof ReadResult.Accepted a
                    ? a.eventId() : null;
            String sourceKey = "event:" + eventId;

            HttpResponse<String> response = post(resource, example.getValue(), API_KEY, null);

            assertThat(response.statusCode()).as("%s: %s", resource, response.body()).isEqualTo(202);
            String id = RecordingGateway.messageId(sourceKey);
            assertThat(response.headers().firstValue("X-CareBridge-Message-Id")).contains(id);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/fhir+json"));
            OperationOutcome outcome = outcome(response);
            assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.INFORMATION);
            assertThat(outcome.getIssueFirstRep().getDiagnostics())
                    .isEqualTo("event " + eventId + " accepted as message " + id);
            assertThat(gateway.messages()).filteredOn(m -> m.sourceKey().equals(sourceKey)).singleElement()
                    .satisfies(m -> {
                        Bundle bundle = m.bundle();
                        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
                        assertThat(Fhir.header(bundle).getEventCoding().getCode())
                                .isEqualTo(resource.event().code());
                        assertThat(Fhir.header(bundle).getSource().getName()).isEqualTo(PARTNER);
                    });
        }
        assertThat(gateway.messages()).hasSize(4);
        assertThat(gateway.outcomes()).extracting(InboundOutcome::status).containsOnly(InboundOutcome.Status.ACCEPTED);
    }

    @Test
    void aResendIsAnswered202AlreadyReceivedAndNotRoutedTwice() throws Exception {
        HttpResponse<String> first = post(CouncilResource.REFERRALS, Bodies.REFERRAL, API_KEY, null);
        HttpResponse<String> again = post(CouncilResource.REFERRALS, Bodies.REFERRAL, API_KEY, null);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("X-CareBridge-Message-Id"))
                .contains(RecordingGateway.messageId("event:evt-ref-0001"))
                .isEqualTo(first.headers().firstValue("X-CareBridge-Message-Id"));
        assertThat(outcome(again).getIssueFirstRep().getDiagnostics()).contains("already received")
                .endsWith("not routed again");
        assertThat(gateway.outcomes()).extracting(InboundOutcome::status)
                .containsExactly(InboundOutcome.Status.ACCEPTED, InboundOutcome.Status.DUPLICATE);
    }

    @Test
    void anIdempotencyKeyEqualToTheEventIdIsAcceptedADifferentOneIs400() throws Exception {
        HttpResponse<String> same = post(CouncilResource.PEOPLE, Bodies.PERSON, API_KEY, "evt-person-0001");
        assertThat(same.statusCode()).isEqualTo(202);

        String other = Bodies.PERSON.replace("evt-person-0001", "evt-person-0002");
        HttpResponse<String> different = post(CouncilResource.PEOPLE, other, API_KEY, "evt-person-9999");
        assertThat(different.statusCode()).isEqualTo(400);
        assertThat(expressions(outcome(different))).containsExactly("$.eventId");
        assertThat(outcome(different).getIssueFirstRep().getDiagnostics()).contains("Idempotency-Key");
        assertThat(gateway.records()).extracting(InboundRecord::sourceKey).containsExactly("event:evt-person-0001");
    }

    @Test
    void aMissingOrWrongApiKeyIs401AndNothingIsSubmitted() throws Exception {
        for (String key : new String[] {null, "", "wrong", API_KEY + "x", API_KEY.substring(1), API_KEY.toUpperCase()}) {
            HttpResponse<String> response = post(CouncilResource.PEOPLE, Bodies.PERSON, key, null);
            assertThat(response.statusCode()).as("key %s", key).isEqualTo(401);
            assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("X-API-Key");
            assertThat(response.body()).doesNotContain(API_KEY);
            assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));
        }
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void malformedJsonIs400AtTheRoot() throws Exception {
        HttpResponse<String> response = post(CouncilResource.PEOPLE, "{ \"eventId\": \"evt-1\", ", API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(expressions(outcome(response))).containsExactly("$");
        assertThat(outcome(response).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.STRUCTURE);
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void malformedJsonAroundTheNhsNumberIs400WithoutRepeatingIt() throws Exception {
        for (String broken : new String[] {
                Bodies.PERSON.replace("\"9990000018\"", "9990000018x"),
                Bodies.PERSON.replace("\"9990000018\",", "\"9990000018\""),
                Bodies.PERSON.replace("\"nhsNumber\": \"9990000018\"", "\"nhsNumber\": \"9990000018\", \"nhsNumber\": \"9990000018\""),
                Bodies.PERSON + "9990000018"}) {
            assertThat(broken).isNotEqualTo(Bodies.PERSON);

            HttpResponse<String> response = post(CouncilResource.PEOPLE, broken, API_KEY, null);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(expressions(outcome(response))).containsExactly("$");
            assertThat(response.body()).doesNotContain("9990000018").doesNotContain("Testperson");
        }
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void aWrongTypeIs400NamingTheFieldWithoutTheValue() throws Exception {
        String body = Bodies.PERSON.replace("\"1941-03-07\"", "123");

        HttpResponse<String> response = post(CouncilResource.PEOPLE, body, API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(expressions(outcome(response))).contains("$.person.birthDate");
        assertThat(response.body()).doesNotContain("9990000018").doesNotContain("Testperson");
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void aPersonWithNeitherNhsNumberNorCouncilIdIs400() throws Exception {
        String body = Bodies.REFERRAL.replace("\"person\": { \"nhsNumber\": \"9990000026\", \"councilPersonId\": \"P100235\" }",
                "\"person\": { }");
        assertThat(body).isNotEqualTo(Bodies.REFERRAL);

        HttpResponse<String> response = post(CouncilResource.REFERRALS, body, API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(expressions(outcome(response))).contains("$.person");
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void anNhsNumberFailingModulus11Is400AndIsNotRepeated() throws Exception {
        String body = Bodies.PERSON.replace("9990000018", "9990000019");

        HttpResponse<String> response = post(CouncilResource.PEOPLE, body, API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(400);
        OperationOutcome outcome = outcome(response);
        assertThat(expressions(outcome)).containsExactly("$.person.nhsNumber");
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Modulus 11");
        assertThat(response.body()).doesNotContain("9990000019");
        assertThat(response.headers().map().values().toString()).doesNotContain("9990000019");
        assertThat(gateway.records()).isEmpty();
    }

    @Test
    void whenTheGatewayIsDownTheAnswerIs503WithRetryAfter() throws Exception {
        gateway.goDown();

        HttpResponse<String> response = post(CouncilResource.PEOPLE, Bodies.PERSON, API_KEY, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().firstValue("X-CareBridge-Message-Id")).isEmpty();
        assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("same eventId");
        // Not kept: the register learns only once the broker holds the event.
        assertThat(new PeopleRegister(PARTNER, context.state()).find("9990000018")).isEmpty();

        gateway.recover();
        assertThat(post(CouncilResource.PEOPLE, Bodies.PERSON, API_KEY, null).statusCode()).isEqualTo(202);
    }

    @Test
    void noRequestHeaderIsEchoedBack() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(CouncilResource.PEOPLE))
                .header("Content-Type", "application/json")
                .header("X-API-Key", API_KEY)
                .header("X-Trace-Me", "trace-value")
                .header("Idempotency-Key", "evt-person-0001")
                .POST(BodyPublishers.ofString(Bodies.PERSON)).build();

        HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key")
                || h.equalsIgnoreCase("X-Trace-Me") || h.equalsIgnoreCase("Idempotency-Key")
                || h.toLowerCase().startsWith("camel"));
        assertThat(response.headers().map().values().toString()).doesNotContain(API_KEY).doesNotContain("trace-value");
    }

    @Test
    void acceptedEventsTeachThePeopleRegister() throws Exception {
        PeopleRegister register = new PeopleRegister(PARTNER, context.state());
        assertThat(post(CouncilResource.PEOPLE, Bodies.PERSON, API_KEY, null).statusCode()).isEqualTo(202);
        assertThat(register.find("9990000018")).contains(
                new PeopleRegister.KnownPerson(Optional.of("P100234"), false));

        assertThat(post(CouncilResource.REFERRALS, Bodies.REFERRAL, API_KEY, null).statusCode()).isEqualTo(202);
        assertThat(post(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE, API_KEY, null).statusCode()).isEqualTo(202);
        assertThat(register.find("9990000026")).contains(
                new PeopleRegister.KnownPerson(Optional.of("P100235"), true));

        String ended = Bodies.CARE_PACKAGE.replace("evt-pkg-0001", "evt-pkg-0001-end")
                .replace("\"status\": \"active\"", "\"status\": \"ended\", \"endDate\": \"2027-01-31\"");
        HttpResponse<String> endedResponse = post(CouncilResource.CARE_PACKAGES, ended, API_KEY, null);
        assertThat(endedResponse.statusCode()).as(endedResponse.body()).isEqualTo(202);
        assertThat(register.find("9990000026")).contains(
                new PeopleRegister.KnownPerson(Optional.of("P100235"), false));
    }

    // ---- helpers ----

    private URI uri(CouncilResource resource) {
        return URI.create(server.baseUrl() + "/partners/" + PARTNER + "/v1/" + resource.path());
    }

    private HttpResponse<String> post(CouncilResource resource, String body, String apiKey, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(resource))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), BodyHandlers.ofString());
        assertThat(response.headers().map().keySet()).as("response headers")
                .noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));
        return response;
    }

    private static OperationOutcome outcome(HttpResponse<String> response) {
        return Fhir.R4.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private static java.util.List<String> expressions(OperationOutcome outcome) {
        return outcome.getIssue().stream().flatMap(i -> i.getExpression().stream()).map(StringType::getValue)
                .toList();
    }
}
