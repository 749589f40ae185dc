package uk.carebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ca.uhn.fhir.context.FhirContext;
import uk.carebridge.fhir.Messages;
import uk.carebridge.server.CareBridgeServer;
import uk.carebridge.server.journal.Hop;
import uk.carebridge.server.journal.JournalEntry;
import uk.carebridge.testkit.FhirAssertions;
import uk.carebridge.validation.MessageValidator;

/**
 * The whole path on the real embedded broker: CSV files with good and bad rows dropped in a care
 * home's inbox -> FHIR messages -> carebridge.inbound -> router -> two destinations (an outbox folder
 * and an HTTP endpoint), each copy valid FHIR R4, each bad row in error/, every hop in the journal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** The test JVM's one profile validator: building and warming one takes seconds. */
    private static final MessageValidator VALIDATOR = FhirAssertions.VALIDATOR;

    @TempDir
    static Path root;
    static TestHome home;
    static HttpReceiver gp;
    static CareBridgeServer server;

    @BeforeAll
    static void start() throws Exception {
        gp = HttpReceiver.start(202);
        home = new TestHome(root)
                .careHome("sunny-meadows", "VNE01", false)
                .outboxPartner("community-nursing", "RNX01")
                .httpPartner("gp-surgery", "Y01234", gp.url(), null)
                .routes("""
                        routes:
                          - id: escalations
                            from: sunny-meadows
                            events: [transfer, observation]
                            to:
                              - partner: community-nursing
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                              - partner: gp-surgery
                                resources: [Patient, Encounter, Organization, Location, Observation, ServiceRequest, CarePlan, Task, Condition]
                        """);
        server = home.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (gp != null) {
            gp.close();
        }
    }

    @Test
    @Order(1)
    void goodRowsReachEveryDestinationAsValidFhirAndBadRowsGoToTheErrorFolder() throws Exception {
        home.drop("sunny-meadows", "observations-20261120.csv", Fixtures.observations());
        home.drop("sunny-meadows", "transfers-20261120.csv", Fixtures.transfers());

        Path outbox = home.partnerFolder("community-nursing", "outbox");
        // 3 good observation rows + 1 good transfer row, to both destinations.
        await().atMost(Duration.ofSeconds(30)).until(() -> TestHome.files(outbox).size() == 4 && gp.received().size() == 4);

        List<String> nhsNumbers = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (Path file : TestHome.files(outbox)) {
            String json = Files.readString(file);
            Bundle message = FHIR.newJsonParser().parseResource(Bundle.class, json);
            assertThat(VALIDATOR.checkMessage(message)).as("CareBridge checks of %s", file).isEmpty();
            assertThat(VALIDATOR.checkProfiles(json)).as("HAPI R4 validation of %s", file).isEmpty();
            assertThat(file.getFileName().toString()).isEqualTo(message.getIdElement().getIdPart() + ".json");
            nhsNumbers.add(Messages.patient(message).flatMap(Messages::nhsNumber).orElseThrow());
            messageIds.add(message.getIdElement().getIdPart());
        }
        assertThat(nhsNumbers).containsExactlyInAnyOrder(Fixtures.NHS[0], Fixtures.NHS[1], Fixtures.NHS[3], Fixtures.NHS[3]);
        assertThat(gp.received()).extracting(HttpReceiver.Received::messageId).containsExactlyInAnyOrderElementsOf(messageIds);
        assertThat(gp.received()).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/fhir+json"));

        // Bad rows: in error/ with their spreadsheet row numbers; the inbox is empty, the files are in done/.
        String errors = String.join("\n", TestHome.files(home.partnerFolder("sunny-meadows", "error")).stream()
                .map(TestHome::read).toList());
        assertThat(errors).contains("3,nhs_number").contains("5,type").contains("3,transfer_time");
        assertThat(errors).doesNotContain(Fixtures.NHS[1] + ",R003"); // good rows are not in the error file
        assertThat(TestHome.files(home.inbox("sunny-meadows"))).isEmpty();
        assertThat(TestHome.files(home.partnerFolder("sunny-meadows", "done"))).hasSize(2);

        // The journal holds every hop of every delivered message.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                messageIds.stream().allMatch(id -> hops(id).stream().filter(h -> h == Hop.DELIVERED).count() == 2));
        for (String id : messageIds) {
            assertThat(hops(id)).containsExactly(Hop.RECEIVED, Hop.ROUTED, Hop.ROUTED, Hop.DELIVERED, Hop.DELIVERED);
            List<JournalEntry> history = server.journal().history(id);
            assertThat(history).allSatisfy(e -> assertThat(e.source()).isEqualTo("sunny-meadows"));
            assertThat(history).filteredOn(e -> e.hop() == Hop.DELIVERED).extracting(JournalEntry::destination)
                    .containsExactlyInAnyOrder("community-nursing", "gp-surgery");
            assertThat(history.get(0).resourceTypes()).contains("Patient");
        }
        List<JournalEntry> rejected = server.journal().entries(Hop.REJECTED);
        assertThat(rejected).hasSize(3);
        // Journal details name the column and reason, never the value that was wrong.
        assertThat(rejected).allSatisfy(e -> assertThat(e.detail()).doesNotContain(Fixtures.BAD_NHS));
    }

    @Test
    @Order(2)
    void aResentFileIsRecognisedAndNotRoutedAgain() throws Exception {
        String csv = Fixtures.manyObservations(5, 5);
        int before = delivered("community-nursing").size();
        int gpBefore = delivered("gp-surgery").size();
        home.drop("sunny-meadows", "observations-resend.csv", csv);
        // Both destinations have had the first drop's five before the resend is counted against them.
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered("community-nursing").size() == before + 5
                && delivered("gp-surgery").size() == gpBefore + 5);
        int deliveries = gp.received().size();
        long duplicatesBefore = server.journal().entries(Hop.DUPLICATE).size();

        home.drop("sunny-meadows", "observations-resend.csv", csv);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                server.journal().entries(Hop.DUPLICATE).size() == duplicatesBefore + 5);
        Thread.sleep(1000);
        assertThat(gp.received()).hasSize(deliveries);
        assertThat(TestHome.files(home.inbox("sunny-meadows"))).isEmpty();
        assertThat(delivered("community-nursing")).hasSize(before + 5);
    }

    private static List<JournalEntry> delivered(String partner) {
        return server.journal().entries(Hop.DELIVERED).stream().filter(e -> partner.equals(e.destination())).toList();
    }

    private static List<Hop> hops(String messageId) {
        return server.journal().history(messageId).stream().map(JournalEntry::hop).toList();
    }
}
