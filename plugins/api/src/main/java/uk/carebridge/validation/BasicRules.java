package uk.carebridge.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.validation.MessageValidator.Issue;

/**
 * The basic level of validation (DESIGN.md, "Validation has levels"), every message, microseconds: the named rules
 * in the order they run. The rules after {@link #HEADER_FIRST} need a MessageHeader, so a message without one stops
 * there.
 */
public final class BasicRules {
    private BasicRules() {
    }

    public static final MessageRule BUNDLE_TYPE = rule("bundle-type", (m, issues) -> {
        if (m.getType() != Bundle.BundleType.MESSAGE) {
            issues.add(new Issue("Bundle.type", "must be 'message', was '" + m.getType() + "'"));
        }
    });

    public static final MessageRule HEADER_FIRST = rule("header-first", (m, issues) -> {
        if (header(m) == null) {
            issues.add(new Issue("Bundle.entry[0]", "the first entry must be a MessageHeader"));
        }
    });

    public static final MessageRule EVENT_CODE = rule("event-code", (m, issues) -> {
        if (Messages.event(m).isEmpty()) {
            issues.add(new Issue("MessageHeader.eventCoding", "must be a CareBridge event code ("
                    + CareBridgeEvent.SYSTEM + "): one of " + CareBridgeEvent.codes()));
        }
    });

    public static final MessageRule SOURCE = rule("source-endpoint", (m, issues) -> {
        MessageHeader header = header(m);
        if (!header.hasSource() || !header.getSource().hasEndpoint()) {
            issues.add(new Issue("MessageHeader.source.endpoint", "is required"));
        }
    });

    public static final MessageRule ENTRIES = rule("entries", (m, issues) -> {
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < m.getEntry().size(); i++) {
            Bundle.BundleEntryComponent e = m.getEntry().get(i);
            if (!e.hasResource()) {
                issues.add(new Issue("Bundle.entry[" + i + "]", "has no resource"));
            }
            if (e.hasFullUrl() && !fullUrls.add(e.getFullUrl())) {
                issues.add(new Issue("Bundle.entry[" + i + "].fullUrl", "is used twice"));
            }
        }
    });

    public static final MessageRule FOCUS_RESOLVES = rule("focus-resolves", (m, issues) -> {
        MessageHeader header = header(m);
        if (!header.hasFocus()) {
            issues.add(new Issue("MessageHeader.focus", "is required: what the event is about"));
        }
        Set<String> fullUrls = new HashSet<>();
        m.getEntry().stream().filter(Bundle.BundleEntryComponent::hasFullUrl).forEach(e -> fullUrls.add(e.getFullUrl()));
        for (int i = 0; i < header.getFocus().size(); i++) {
            Reference focus = header.getFocus().get(i);
            if (!fullUrls.contains(focus.getReference())) {
                issues.add(new Issue("MessageHeader.focus[" + i + "]", "does not resolve to an entry of the bundle"));
            }
        }
    });

    public static final MessageRule PERSON_IDENTIFIED = rule("person-identified", (m, issues) -> {
        for (Bundle.BundleEntryComponent e : m.getEntry()) {
            if (e.getResource() instanceof Patient p) {
                if (!p.hasIdentifier()) {
                    issues.add(new Issue("Patient.identifier", "a Patient needs an NHS number or a local identifier"));
                }
                for (Identifier id : p.getIdentifier()) {
                    if (FhirSystems.NHS_NUMBER.equals(id.getSystem()) && !NhsNumber.isValid(id.getValue())) {
                        issues.add(new Issue("Patient.identifier(nhs-number)",
                                "is not a valid NHS number (ten digits with a Modulus 11 check digit)"));
                    }
                }
            }
        }
    });

    /** Every basic rule, in the order they run. */
    public static final List<MessageRule> ALL = List.of(BUNDLE_TYPE, HEADER_FIRST, EVENT_CODE, SOURCE, ENTRIES,
            FOCUS_RESOLVES, PERSON_IDENTIFIED);

    /** The issues of every rule, in order; without a MessageHeader first, the rules that need it are skipped. */
    static List<Issue> check(Bundle message) {
        List<Issue> issues = new ArrayList<>();
        for (MessageRule rule : ALL) {
            rule.check(message, issues);
            if (rule == HEADER_FIRST && header(message) == null) {
                break;
            }
        }
        return issues;
    }

    private static MessageHeader header(Bundle m) {
        return m.hasEntry() && m.getEntryFirstRep().getResource() instanceof MessageHeader h ? h : null;
    }

    private interface Check {
        void check(Bundle message, List<Issue> issues);
    }

    private static MessageRule rule(String name, Check check) {
        return new MessageRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check(Bundle message, List<Issue> issues) {
                check.check(message, issues);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
