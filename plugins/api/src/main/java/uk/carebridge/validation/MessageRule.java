package uk.carebridge.validation;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;

/**
 * One named structural rule every CareBridge message must keep (HAPI's validation support chain is the model:
 * small named parts composed in order). Issue texts name locations and rules, never patient values.
 */
public interface MessageRule {

    /** Short name for documentation and tests, e.g. {@code focus-resolves}. */
    String name();

    /** Adds what is wrong with {@code message} to {@code issues}; adds nothing when it holds. */
    void check(Bundle message, List<MessageValidator.Issue> issues);
}
