package uk.carebridge.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.server.routing.RoutingTable;
import uk.carebridge.server.rules.RuleChecks;

/**
 * Every FHIRPath condition routes/README.md shows, checked the way the router runs it (compiled into a
 * {@link RoutingTable}, evaluated by HAPI over a message Bundle): true for a message it is meant to take, false for
 * one it is not, and written in the README exactly as tested here.
 */
class RouteConditionExamplesTest {

    static final String CARE_HOME_ADDRESS = "entry.resource.ofType(Patient).address.line.exists(contains('Care Home'))";
    static final String CARE_HOME_POSTCODE = "entry.resource.ofType(Patient).address.exists(postalCode = 'LS7 4AB')";
    static final String NEWS2_5_OR_MORE =
            "entry.resource.ofType(Observation).where(code.coding.code = '1104051000000101').exists(value >= 5)";
    static final String DISCHARGED_TO_CARE_HOME =
            "entry.resource.ofType(Encounter).hospitalization.dischargeDisposition.coding.exists(code in ('54' | '65' | '85'))";
    static final String INPATIENTS_ONLY = "entry.resource.ofType(Encounter).where(class.code = 'IMP').exists()";

    @Test
    void everyExampleCompilesAndIsInTheReadmeVerbatim() throws IOException {
        String readme = Files.readString(Path.of("..", "routes", "README.md"));
        for (String condition : List.of(CARE_HOME_ADDRESS, CARE_HOME_POSTCODE, NEWS2_5_OR_MORE, DISCHARGED_TO_CARE_HOME,
                INPATIENTS_ONLY)) {
            assertThat(RuleChecks.conditionProblem(condition)).as(condition).isEmpty();
            assertThat(readme).as("routes/README.md shows " + condition).contains(condition);
        }
    }

    @Test
    void careHomeAddress() {
        assertThat(takes(CARE_HOME_ADDRESS, discharge("85", "Sunny Meadows Care Home", "LS7 4AB"))).isTrue();
        assertThat(takes(CARE_HOME_ADDRESS, discharge("85", "12 High Street", "LS1 1AA"))).isFalse();
        assertThat(takes(CARE_HOME_ADDRESS, message(CareBridgeEvent.DISCHARGE))).isFalse();
    }

    @Test
    void careHomePostcode() {
        assertThat(takes(CARE_HOME_POSTCODE, discharge("19", "Flat 2", "LS7 4AB"))).isTrue();
        assertThat(takes(CARE_HOME_POSTCODE, discharge("19", "Flat 2", "LS7 4AC"))).isFalse();
    }

    @Test
    void news2OfFiveOrMore() {
        assertThat(takes(NEWS2_5_OR_MORE, news2(5))).isTrue();
        assertThat(takes(NEWS2_5_OR_MORE, news2(7))).isTrue();
        assertThat(takes(NEWS2_5_OR_MORE, news2(4))).isFalse();
        assertThat(takes(NEWS2_5_OR_MORE, news2(0))).isFalse();
        // Another observation with a high value is not a NEWS2 score.
        Bundle pulse = message(CareBridgeEvent.OBSERVATION);
        Observation o = new Observation();
        o.getCode().addCoding(new Coding("http://snomed.info/sct", "364075005", "Heart rate"));
        o.setValue(new IntegerType(120));
        add(pulse, o);
        assertThat(takes(NEWS2_5_OR_MORE, pulse)).isFalse();
    }

    @Test
    void dischargeDestinationIsACareHome() {
        for (String code : List.of("54", "65", "85")) {
            assertThat(takes(DISCHARGED_TO_CARE_HOME, discharge(code, "1 Road", "LS1 1AA"))).as(code).isTrue();
        }
        assertThat(takes(DISCHARGED_TO_CARE_HOME, discharge("19", "1 Road", "LS1 1AA"))).isFalse(); // usual place of residence
        assertThat(takes(DISCHARGED_TO_CARE_HOME, message(CareBridgeEvent.DISCHARGE))).isFalse();
    }

    @Test
    void inpatientsOnly() {
        Bundle inpatient = discharge("19", "1 Road", "LS1 1AA");
        assertThat(takes(INPATIENTS_ONLY, inpatient)).isTrue();
        Bundle outpatient = discharge("19", "1 Road", "LS1 1AA");
        outpatient.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> r instanceof Encounter)
                .forEach(r -> ((Encounter) r).getClass_().setCode("AMB"));
        assertThat(takes(INPATIENTS_ONLY, outpatient)).isFalse();
    }

    /** Whether a route with this condition takes the message, as the router decides it. */
    private static boolean takes(String condition, Bundle message) {
        String event = ((MessageHeader) message.getEntryFirstRep().getResource()).getEventCoding().getCode();
        RouteConfig route = new RouteConfig("r", null, List.of("source"), List.of(event), condition,
                List.of(RouteConfig.Destination.of("destination", List.of("Patient", "Encounter", "Observation"))));
        return !RoutingTable.compile(List.of(route)).destinations("source", event, message).isEmpty();
    }

    private static Bundle message(CareBridgeEvent event) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        MessageHeader header = new MessageHeader().setEvent(event.coding());
        header.getSource().setName("source");
        bundle.addEntry().setFullUrl("urn:uuid:header").setResource(header);
        return bundle;
    }

    private static void add(Bundle bundle, Resource resource) {
        String url = "urn:uuid:" + resource.fhirType() + bundle.getEntry().size();
        bundle.addEntry().setFullUrl(url).setResource(resource);
        ((MessageHeader) bundle.getEntryFirstRep().getResource()).addFocus().setReference(url);
    }

    private static Bundle discharge(String destinationCode, String addressLine, String postcode) {
        Bundle bundle = message(CareBridgeEvent.DISCHARGE);
        Patient patient = new Patient();
        patient.addAddress().addLine(addressLine).setCity("Leeds").setPostalCode(postcode);
        add(bundle, patient);
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        encounter.getHospitalization().setDischargeDisposition(new CodeableConcept(new Coding(
                "https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland", destinationCode, null)));
        add(bundle, encounter);
        return bundle;
    }

    private static Bundle news2(int score) {
        Bundle bundle = message(CareBridgeEvent.OBSERVATION);
        add(bundle, new Patient());
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(new Coding("http://snomed.info/sct", "1104051000000101",
                "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score"));
        o.setValue(new IntegerType(score));
        add(bundle, o);
        return bundle;
    }
}
