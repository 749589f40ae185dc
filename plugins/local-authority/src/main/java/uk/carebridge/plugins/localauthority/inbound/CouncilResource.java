package uk.carebridge.plugins.localauthority.inbound;

import java.util.Arrays;
import java.util.Optional;

import uk.carebridge.fhir.CareBridgeEvent;

/**
 * The kinds of record a council system sends, one per endpoint-to-be ({@code POST /partners/<id>/v1/<path>}),
 * each with its JSON Schema and the CareBridge event it becomes.
 */
public enum CouncilResource {
    PEOPLE("people", "person.schema.json", CareBridgeEvent.PERSON_UPDATE),
    REFERRALS("referrals", "referral.schema.json", CareBridgeEvent.REFERRAL),
    ASSESSMENTS("assessments", "assessment.schema.json", CareBridgeEvent.ASSESSMENT),
    CARE_PACKAGES("care-packages", "care-package.schema.json", CareBridgeEvent.CARE_PACKAGE);

    private final String path;
    private final String schemaFile;
    private final CareBridgeEvent event;

    CouncilResource(String path, String schemaFile, CareBridgeEvent event) {
        this.path = path;
        this.schemaFile = schemaFile;
        this.event = event;
    }

    /** The last segment of the endpoint path. */
    public String path() {
        return path;
    }

    String schemaFile() {
        return schemaFile;
    }

    public CareBridgeEvent event() {
        return event;
    }

    public static Optional<CouncilResource> fromPath(String path) {
        return Arrays.stream(values()).filter(r -> r.path.equals(path)).findFirst();
    }
}
