package uk.carebridge.plugins.localauthority;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import uk.carebridge.testkit.InMemoryPartnerState;
import uk.carebridge.plugins.localauthority.inbound.Bodies;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.EventReader;
import uk.carebridge.plugins.localauthority.inbound.ReadResult;
import uk.carebridge.plugins.localauthority.inbound.Translate;

/** The people a council told CareBridge about: pseudonymous keys, council ids, care packages in force. */
class PeopleRegisterTest {

    private final InMemoryPartnerState state = new InMemoryPartnerState();
    private final PeopleRegister register = new PeopleRegister(Translate.PARTNER, state);

    @Test
    void aPersonIsKnownWithTheirCouncilIdAndTheStateHoldsNoNhsNumberInClear() {
        register.learn(accepted(CouncilResource.PEOPLE, Bodies.PERSON));

        assertThat(register.find("9990000018")).contains(new PeopleRegister.KnownPerson(Optional.of("P100234"), false));
        assertThat(register.find("9990000026")).isEmpty();
        assertThat(state.snapshot()).isNotEmpty();
        state.snapshot().forEach((key, value) -> {
            assertThat(key).doesNotContain("9990000018");
            assertThat(value).doesNotContain("9990000018");
        });
    }

    @Test
    void theSameNhsNumberAtAnotherCouncilIsAnotherKey() {
        register.learn(accepted(CouncilResource.PEOPLE, Bodies.PERSON));
        PeopleRegister other = new PeopleRegister("other-council", state);

        assertThat(other.find("9990000018")).isEmpty();
    }

    @Test
    void anEventNamingThePersonByCouncilIdOnlyIsNotRegistered() {
        register.learn(accepted(CouncilResource.ASSESSMENTS, Bodies.ASSESSMENT));

        assertThat(state.snapshot()).isEmpty();
    }

    @Test
    void aLaterEventWithoutCouncilIdKeepsTheOneKnown() {
        register.learn(accepted(CouncilResource.REFERRALS, Bodies.REFERRAL));
        register.learn(accepted(CouncilResource.CARE_PACKAGES, Bodies.CARE_PACKAGE));

        assertThat(register.find("9990000026")).contains(new PeopleRegister.KnownPerson(Optional.of("P100235"), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"planned", "active", "suspended"})
    void aPackageInForceIsKept(String status) {
        register.learn(accepted(CouncilResource.CARE_PACKAGES, pkg("CP-1", status)));

        assertThat(register.find("9990000026")).hasValueSatisfying(p -> {
            assertThat(p.hasCarePackage()).isTrue();
            assertThat(p.councilPersonId()).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ended", "cancelled"})
    void anEndedOrCancelledPackageIsRemoved(String status) {
        register.learn(accepted(CouncilResource.CARE_PACKAGES, pkg("CP-1", "active")));
        register.learn(accepted(CouncilResource.CARE_PACKAGES, pkg("CP-2", "active")));

        register.learn(accepted(CouncilResource.CARE_PACKAGES, pkg("CP-1", status)));
        assertThat(register.find("9990000026")).hasValueSatisfying(p -> assertThat(p.hasCarePackage()).isTrue());

        register.learn(accepted(CouncilResource.CARE_PACKAGES, pkg("CP-2", status)));
        // Still known (the council sent events about them), without a package in force.
        assertThat(register.find("9990000026")).contains(new PeopleRegister.KnownPerson(Optional.empty(), false));
    }

    @Test
    void anEndedPackageNeverInForceMakesThePersonKnownWithoutAPackage() {
        register.learn(accepted(CouncilResource.CARE_PACKAGES, Bodies.RESIDENTIAL_PACKAGE));

        assertThat(register.find("9990000018")).contains(new PeopleRegister.KnownPerson(Optional.of("P100234"), false));
    }

    private static String pkg(String id, String status) {
        String body = Bodies.CARE_PACKAGE.replace("evt-pkg-0001", "evt-" + id + "-" + status)
                .replace("CP-9001", id).replace("\"status\": \"active\"", "\"status\": \"" + status + "\"");
        return status.equals("ended") ? body.replace("\"startDate\": \"2026-11-24\",",
                "\"startDate\": \"2026-11-24\", \"endDate\": \"2027-01-31\",") : body;
    }

    private static ReadResult.Accepted accepted(CouncilResource resource, String body) {
        ReadResult result = new EventReader().read(resource, body);
        assertThat(result).as("read result").isInstanceOf(ReadResult.Accepted.class);
        return (ReadResult.Accepted) result;
    }
}
