package uk.carebridge.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import uk.carebridge.server.rules.ElementPath;

/** What a destination receives: the listed types only, the listed elements gone, the agreement named. */
class SharingPolicyTest {

    private static SharingPolicy policy(List<String> types, List<String> remove, String agreement) {
        return new SharingPolicy(new LinkedHashSet<>(types), remove.stream().map(ElementPath::parse).toList(),
                agreement);
    }

    private static List<String> types(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().fhirType()).toList();
    }

    @Test
    void onlyTheListedTypesAreSentWithTheListedElementsRemoved() {
        Bundle admission = Messages.admission();
        SharingPolicy.Shared shared = policy(List.of("Patient", "Encounter"), List.of("Patient.address"), "DSA-1")
                .apply(admission);

        assertThat(types(shared.message())).containsExactly("MessageHeader", "Encounter", "Patient");
        Patient patient = (Patient) shared.message().getEntry().get(2).getResource();
        assertThat(patient.hasAddress()).isFalse();
        assertThat(patient.getTelecomFirstRep().getValue()).isEqualTo("01000 000000");
        assertThat(shared.kept()).containsExactly("Encounter", "Patient");
        assertThat(shared.dropped()).containsExactly("Observation");
        assertThat(shared.hasFocus()).isTrue();
        // The original is untouched: other destinations get their own copies.
        assertThat(types(admission)).containsExactly("MessageHeader", "Encounter", "Patient", "Observation");
        assertThat(((Patient) admission.getEntry().get(2).getResource()).hasAddress()).isTrue();
    }

    @Test
    void aKeptResourceNoLongerPointsAtOneTheDestinationDoesNotReceive() {
        Bundle admission = Messages.admission();
        Patient patient = (Patient) admission.getEntry().get(2).getResource();
        Practitioner gp = new Practitioner();
        gp.addIdentifier().setSystem("https://fhir.hl7.org.uk/Id/gmp-number").setValue("G1234567");
        admission.addEntry().setFullUrl("urn:uuid:gp-1").setResource(gp);
        patient.addGeneralPractitioner().setReference("urn:uuid:gp-1").setDisplay("Dr A Gp");
        String encounterPatient = ((Encounter) admission.getEntry().get(1).getResource()).getSubject().getReference();

        Bundle withoutGp = policy(List.of("Patient", "Encounter"), List.of(), null).apply(admission).message();
        Bundle withGp = policy(List.of("Patient", "Encounter", "Practitioner"), List.of(), null).apply(admission)
                .message();

        Patient shared = (Patient) withoutGp.getEntry().get(2).getResource();
        assertThat(shared.getGeneralPractitioner()).allMatch(Reference::isEmpty);
        assertThat(uk.carebridge.server.rules.Fhir.R4.newJsonParser().encodeResourceToString(withoutGp))
                .doesNotContain("urn:uuid:gp-1", "Dr A Gp", "G1234567", "generalPractitioner");
        // References to what it does receive stay, and so does one to a resource it receives.
        assertThat(((Encounter) withoutGp.getEntry().get(1).getResource()).getSubject().getReference())
                .isEqualTo(encounterPatient);
        assertThat(((Patient) withGp.getEntry().get(2).getResource()).getGeneralPractitionerFirstRep().getReference())
                .isEqualTo("urn:uuid:gp-1");
    }

    @Test
    void theAgreementIsWrittenIntoTheMessageHeader() {
        Bundle shared = policy(List.of("Patient", "Encounter"), List.of(), "NORTHSHIRE-DSA-7").apply(Messages.admission())
                .message();
        MessageHeader header = (MessageHeader) shared.getEntryFirstRep().getResource();
        assertThat(header.getExtensionByUrl(SharingPolicy.AGREEMENT_EXTENSION).getValue())
                .isInstanceOfSatisfying(Identifier.class, id -> {
                    assertThat(id.getSystem()).isEqualTo(SharingPolicy.AGREEMENT_SYSTEM);
                    assertThat(id.getValue()).isEqualTo("NORTHSHIRE-DSA-7");
                });
    }

    @Test
    void nestedAndRepeatingElementsAreRemovedEverywhere() {
        Bundle message = Messages.admission();
        Patient patient = (Patient) message.getEntry().get(2).getResource();
        patient.addContact().addTelecom().setValue("07000 000001");
        patient.addContact().addTelecom().setValue("07000 000002");
        patient.addTelecom().setValue("second");

        Bundle shared = policy(List.of("Patient", "Encounter", "Observation"),
                List.of("Patient.telecom", "Patient.contact.telecom", "Observation.note"), null).apply(message).message();
        Patient copy = (Patient) shared.getEntry().get(2).getResource();
        assertThat(copy.hasTelecom()).isFalse();
        assertThat(copy.getContact()).hasSize(2).allSatisfy(c -> assertThat(c.hasTelecom()).isFalse());
        assertThat(((Observation) shared.getEntry().get(3).getResource()).hasNote()).isFalse();
        assertThat(((MessageHeader) shared.getEntryFirstRep().getResource()).hasExtension()).isFalse();
    }

    @Test
    void aPolicyThatWithholdsTheFocusLeavesNothingToSend() {
        SharingPolicy.Shared shared = policy(List.of("Patient"), List.of(), null).apply(Messages.observation(7));
        assertThat(shared.hasFocus()).isFalse();
        assertThat(((MessageHeader) shared.message().getEntryFirstRep().getResource()).getFocus()).isEmpty();
        assertThat(shared.message().getEntry()).extracting(e -> ((Resource) e.getResource()).fhirType())
                .containsExactly("MessageHeader", "Patient");
    }

    @Test
    void describeNamesTypesRemovalsAndAgreement() {
        assertThat(policy(List.of("Patient", "Encounter"), List.of("Patient.address"), "DSA-1").describe())
                .isEqualTo("shares Encounter,Patient without Patient.address under agreement DSA-1");
    }
}
