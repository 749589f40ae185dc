package uk.carebridge.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.carebridge.fhir.UkCore;

/** The UK Core resources shipped in the jar: listed completely, all loadable, and what UkCore names exists. */
class UkCoreConformanceTest {

    private static PrePopulatedValidationSupport ukCore;

    @BeforeAll
    static void load() {
        ukCore = UkCoreConformance.load(TestValidators.R4);
    }

    @Test
    void theIndexListsExactlyTheFilesInTheFolder() throws IOException, URISyntaxException {
        // In tests the resources are a folder (target/classes), so it can be listed here.
        Path folder = Path.of(UkCoreConformance.class.getResource(UkCoreConformance.FOLDER).toURI());
        List<String> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".xml"))
                    .map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(UkCoreConformance.index()).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void everyListedResourceIsLoaded() {
        List<String> index = UkCoreConformance.index();
        assertThat(index).filteredOn(f -> f.startsWith("structuredefinitions/")).hasSize(153);
        assertThat(index).filteredOn(f -> f.startsWith("valuesets/")).hasSize(134);
        assertThat(index).filteredOn(f -> f.startsWith("codesystems/")).hasSize(88);
        assertThat(ukCore.fetchAllConformanceResources()).hasSize(153 + 134 + 88);
    }

    @Test
    void everyUkCoreProfileAndCodeSystemCareBridgeNamesExists() {
        for (String type : List.of("Patient", "Encounter", "Organization", "Location", "Observation",
                "MessageHeader", "Bundle", "ServiceRequest", "CarePlan", "Task")) {
            String profile = UkCore.profileFor(type).orElseThrow();
            assertThat(ukCore.fetchStructureDefinition(profile)).as(profile)
                    .isInstanceOfSatisfying(StructureDefinition.class, sd -> assertThat(sd.getType()).isEqualTo(type));
        }
        for (String profile : List.of(UkCore.PATIENT, UkCore.ENCOUNTER, UkCore.ORGANIZATION, UkCore.LOCATION,
                UkCore.OBSERVATION, UkCore.MESSAGE_HEADER, UkCore.BUNDLE, UkCore.OBSERVATION_VITAL_SIGNS,
                UkCore.OBSERVATION_HEART_RATE, UkCore.OBSERVATION_RESPIRATION_RATE,
                UkCore.OBSERVATION_OXYGEN_SATURATION, UkCore.OBSERVATION_BODY_TEMPERATURE, UkCore.OBSERVATION_ACVPU,
                UkCore.NHS_NUMBER_VERIFICATION_STATUS)) {
            assertThat(ukCore.fetchStructureDefinition(profile)).as(profile).isNotNull();
        }
        for (String system : List.of(UkCore.NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, UkCore.SOURCE_OF_ADMISSION_SYSTEM,
                UkCore.DISCHARGE_DESTINATION_SYSTEM)) {
            assertThat(ukCore.fetchCodeSystem(system)).as(system).isNotNull();
        }
    }

    @Test
    void profileForNamesOnlyProfilesThatExist() {
        // A profile the validator cannot find is an error on every resource of that type.
        for (String type : TestValidators.R4.getResourceTypes()) {
            UkCore.profileFor(type).ifPresent(profile -> assertThat(ukCore.fetchStructureDefinition(profile))
                    .as(profile).isInstanceOfSatisfying(StructureDefinition.class,
                            sd -> assertThat(sd.getType()).isEqualTo(type)));
        }
    }
}
