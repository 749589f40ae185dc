package uk.carebridge.plugins.localauthority.inbound;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a body that must be accepted and translates it, as the inbound route will. */
public final class Translate {
    private Translate() {
    }

    /** The council partner id the tests translate for. */
    public static final String PARTNER = "exampleshire-council";
    /** The reader the tests share. */
    public static final EventReader READER = new EventReader();
    static final CouncilTranslator TRANSLATOR = new CouncilTranslator(PARTNER);
    static final ca.uhn.fhir.parser.IParser R4_JSON = Fhir.R4.newJsonParser();

    /** Reads a body that must be accepted and translates it. */
    public static CouncilMessage body(CouncilResource resource, String body) {
        ReadResult result = READER.read(resource, body);
        assertThat(result).as("read result").isInstanceOf(ReadResult.Accepted.class);
        return TRANSLATOR.translate((ReadResult.Accepted) result);
    }
}
