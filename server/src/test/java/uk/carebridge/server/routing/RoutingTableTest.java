package uk.carebridge.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import uk.carebridge.server.config.RouteConfig;
import uk.carebridge.server.config.RouteConfig.Destination;
import uk.carebridge.server.rules.ElementPath;
import uk.carebridge.server.rules.RuleChecks;

/** Who gets a message: sources and groups, events, FHIRPath conditions, first route wins per destination. */
class RoutingTableTest {

    private static final String HIGH_NEWS2 = "entry.resource.ofType(Observation)"
            + ".where(code.coding.code = '" + Messages.NEWS2 + "').exists(value >= 5)";

    private static RouteConfig route(String id, List<String> from, String condition, Destination... to) {
        return new RouteConfig(id, null, from, List.of("observation", "admission"), condition, List.of(to));
    }

    @Test
    void aNews2ConditionRoutesOnlyTheHighScores() {
        RoutingTable table = RoutingTable.compile(List.of(
                route("urgent", List.of("sunny-meadows"), HIGH_NEWS2, Destination.of("nurses", List.of("Observation")))));

        for (int score : new int[] {0, 3, 4}) {
            assertThat(table.destinations("sunny-meadows", "observation", Messages.observation(score))).isEmpty();
        }
        for (int score : new int[] {5, 7, 20}) {
            assertThat(table.destinations("sunny-meadows", "observation", Messages.observation(score)))
                    .extracting(RoutingTable.Match::destination).containsExactly("nurses");
        }
    }

    @Test
    void groupsExpandInFromAndTo() {
        RouteConfig r = new RouteConfig("homes", null, List.of("group:homes"), List.of("observation"), null,
                List.of(new Destination(null, "teams", List.of("Observation"), List.of(), null)));
        RoutingTable table = RoutingTable.compile(List.of(r),
                Map.of("homes", List.of("sunny-meadows", "oak-lodge"), "teams", List.of("nurses", "gp")), "v1");

        assertThat(table.destinations("oak-lodge", "observation", Messages.observation(1)))
                .extracting(RoutingTable.Match::destination).containsExactly("nurses", "gp");
        assertThat(table.destinations("elsewhere", "observation", Messages.observation(1))).isEmpty();
        assertThat(table.version()).isEqualTo("v1");
        assertThat(table.allDestinations()).containsExactly("nurses", "gp");
    }

    @Test
    void eachDestinationOnceUnderTheFirstRouteThatNamesIt() {
        RoutingTable table = RoutingTable.compile(List.of(
                route("first", List.of("st-elsewhere"), null, Destination.of("nurses", List.of("Encounter"))),
                route("second", List.of("st-elsewhere"), null, Destination.of("nurses", List.of("Encounter", "Patient")),
                        Destination.of("gp", List.of("Patient")))));

        assertThat(table.destinations("st-elsewhere", "admission", Messages.admission()))
                .extracting(m -> m.routeId() + "->" + m.destination() + " " + m.policy().resourceTypes())
                .containsExactly("first->nurses [Encounter]", "second->gp [Patient]");
    }

    @Test
    void aConditionThatIsNotTrueOrFalseDoesNotMatch() {
        // A collection of Patients is not "true": only an expression giving exactly true takes the message.
        RoutingTable table = RoutingTable.compile(List.of(route("odd", List.of("sunny-meadows"),
                "entry.resource.ofType(Patient)", Destination.of("nurses", List.of("Patient")))));
        assertThat(table.destinations("sunny-meadows", "observation", Messages.observation(9))).isEmpty();
    }

    @Test
    void checksNameWhatIsWrong() {
        assertThat(RuleChecks.conditionProblem("entry.resource.where(")).get().asString()
                .startsWith("the condition is not valid FHIRPath");
        assertThat(RuleChecks.conditionProblem(HIGH_NEWS2)).isEmpty();
        assertThat(RuleChecks.resourceTypeProblem("Patients")).get().asString().contains("not a FHIR R4 resource type");
        assertThat(RuleChecks.resourceTypeProblem("MessageHeader")).get().asString().contains("always sent");
        assertThat(RuleChecks.elementPathProblem("Patient.telephone", List.of("Patient"))).get().asString()
                .contains("Patient has no element 'telephone'");
        assertThat(RuleChecks.elementPathProblem("Observation.note", List.of("Patient"))).get().asString()
                .contains("does not receive");
        assertThat(RuleChecks.elementPathProblem("Patient.contact.telecom", List.of("Patient"))).isEmpty();
        assertThat(RuleChecks.elementPathProblem("patient", List.of("Patient"))).get().asString()
                .contains("not an element path");
        assertThatThrownBy(() -> ElementPath.parse("Observation.valueQuantity.nope"))
                .hasMessageContaining("has no element 'nope'");
    }
}
