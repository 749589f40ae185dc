package uk.carebridge.plugins.careprovider.inbound;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

import uk.carebridge.fhir.FhirSystems;

/**
 * Level of consciousness on the ACVPU scale (NEWS2). The SNOMED CT codes are those of UK Core: the
 * ValueSet UKCore-ACVPU and the observation code of the profile UKCore-Observation-ACVPU and its examples
 * (shared/reference-data/ukcore).
 */
enum Consciousness {
    ALERT("248234008", "Mentally alert", Set.of("a", "alert")),
    NEW_CONFUSION("130987000", "Acute confusion", Set.of("c", "confusion", "new confusion", "confused", "new-confusion")),
    VOICE("300202002", "Responds to voice", Set.of("v", "voice")),
    PAIN("450847001", "Responds to pain", Set.of("p", "pain")),
    UNRESPONSIVE("422768004", "Unresponsive", Set.of("u", "unresponsive"));

    static final String TYPE = "consciousness";

    /** Fixed by UKCore-Observation-ACVPU; display as in the UK Core NEWS2 example bundle. */
    static Coding observationCode() {
        return new Coding(FhirSystems.SNOMED, "1104441000000107",
                "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score");
    }

    private final String snomedCode;
    private final String display;
    private final Set<String> spellings;

    Consciousness(String snomedCode, String display, Set<String> spellings) {
        this.snomedCode = snomedCode;
        this.display = display;
        this.spellings = spellings;
    }

    static Optional<Consciousness> parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.spellings.contains(v)).findFirst();
    }

    CodeableConcept concept() {
        return new CodeableConcept(new Coding(FhirSystems.SNOMED, snomedCode, display)).setText(display);
    }
}
