package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A council event resent is the same event however its JSON is laid out; any changed value makes another. */
class CouncilFingerprintTest {

    private static final String EVENT = """
            {"eventId":"evt-1","occurredAt":"2026-11-20T10:15:00Z","person":{"nhsNumber":"9990000034","name":{"family":"Lovelace","given":["Ada"]}}}""";

    @Test
    void layoutAndMemberOrderDoNotCount() {
        String relaidOut = """
                {
                  "person": { "name": { "given": [ "Ada" ], "family": "Lovelace" }, "nhsNumber": "9990000034" },
                  "occurredAt": "2026-11-20T10:15:00Z",
                  "eventId": "evt-1"
                }
                """;
        assertThat(CouncilIntake.fingerprint(relaidOut)).isEqualTo(CouncilIntake.fingerprint(EVENT));
    }

    @Test
    void anyValueCounts() {
        assertThat(CouncilIntake.fingerprint(EVENT.replace("9990000034", "9990000042")))
                .isNotEqualTo(CouncilIntake.fingerprint(EVENT));
        assertThat(CouncilIntake.fingerprint(EVENT.replace("10:15", "10:16"))).isNotEqualTo(CouncilIntake.fingerprint(EVENT));
        // Order inside an array is content: given names are ordered.
        assertThat(CouncilIntake.fingerprint(EVENT.replace("[\"Ada\"]", "[\"Ada\",\"Augusta\"]")))
                .isNotEqualTo(CouncilIntake.fingerprint(EVENT.replace("[\"Ada\"]", "[\"Augusta\",\"Ada\"]")));
    }
}
