package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a body that must be accepted and translates it, as the inbound route will. */
final class Translate {
    private Translate() {
    }

    static final String PARTNER = "exampleshire-council";
    static final EventReader READER = new EventReader();
    static final CouncilTranslator TRANSLATOR = new CouncilTranslator(PARTNER);
    static final ca.uhn.fhir.parser.IParser R4_JSON = Fhir.R4.newJsonParser();

    static CouncilMessage body(CouncilResource resource, String body) {
        ReadResult result = READER.read(resource, body);
        assertThat(result).as("read result").isInstanceOf(ReadResult.Accepted.class);
        return TRANSLATOR.translate((ReadResult.Accepted) result);
    }
}
