package uk.carebridge.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The basic level as named rules: each can be told apart, and they run in the documented order. */
class BasicRulesTest {

    @Test
    void theRulesHaveNamesAndAnOrder() {
        assertThat(BasicRules.ALL).extracting(MessageRule::name).containsExactly("bundle-type", "header-first",
                "event-code", "source-endpoint", "entries", "focus-resolves", "person-identified");
    }

    @Test
    void withoutAMessageHeaderFirstTheRulesThatNeedItDoNotRun() {
        Bundle notAMessage = new Bundle().setType(Bundle.BundleType.COLLECTION);
        notAMessage.addEntry().setResource(new Patient());

        assertThat(BasicRules.check(notAMessage)).extracting(MessageValidator.Issue::location)
                .containsExactly("Bundle.type", "Bundle.entry[0]");
    }
}
