package uk.carebridge.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.NhsNumber;

/**
 * Checks a CareBridge message at two levels (DESIGN.md, "Validation has levels"):
 * <ul>
 *   <li>{@link #checkMessage basic}, on every message: a message Bundle, the MessageHeader first with a
 *       CareBridge event, every focus reference resolving inside the bundle, every NHS number passing
 *       Modulus 11. Microseconds.</li>
 *   <li>{@link #checkProfiles profile}: HAPI's instance validator against base R4 (and any profiles
 *       added). ~12-15 ms a message warm and seconds cold, so build one validator at start-up, warm it,
 *       and use it where a route asks for it and in every plugin's tests.</li>
 * </ul>
 * Issue texts name locations and rules, never patient values.
 */
public final class MessageValidator {

    /** One problem: where (a FHIRPath-like location) and what. */
    public record Issue(String location, String message) {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }

    private final FhirContext fhir;
    private volatile FhirValidator profileValidator;

    public MessageValidator(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The structural checks every message gets. An empty list means it may enter the broker. */
    public List<Issue> checkMessage(Bundle message) {
        List<Issue> issues = new ArrayList<>();
        if (message.getType() != Bundle.BundleType.MESSAGE) {
            issues.add(new Issue("Bundle.type", "must be 'message', was '" + message.getType() + "'"));
        }
        if (!(message.hasEntry() && message.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            issues.add(new Issue("Bundle.entry[0]", "the first entry must be a MessageHeader"));
            return issues;
        }
        if (Messages.event(message).isEmpty()) {
            issues.add(new Issue("MessageHeader.eventCoding", "must be a CareBridge event code ("
                    + uk.carebridge.fhir.CareBridgeEvent.SYSTEM + "): one of "
                    + uk.carebridge.fhir.CareBridgeEvent.codes()));
        }
        if (!header.hasSource() || !header.getSource().hasEndpoint()) {
            issues.add(new Issue("MessageHeader.source.endpoint", "is required"));
        }
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < message.getEntry().size(); i++) {
            Bundle.BundleEntryComponent e = message.getEntry().get(i);
            if (!e.hasResource()) {
                issues.add(new Issue("Bundle.entry[" + i + "]", "has no resource"));
            }
            if (e.hasFullUrl() && !fullUrls.add(e.getFullUrl())) {
                issues.add(new Issue("Bundle.entry[" + i + "].fullUrl", "is used twice"));
            }
        }
        if (!header.hasFocus()) {
            issues.add(new Issue("MessageHeader.focus", "is required: what the event is about"));
        }
        for (int i = 0; i < header.getFocus().size(); i++) {
            Reference focus = header.getFocus().get(i);
            if (!fullUrls.contains(focus.getReference())) {
                issues.add(new Issue("MessageHeader.focus[" + i + "]", "does not resolve to an entry of the bundle"));
            }
        }
        for (Bundle.BundleEntryComponent e : message.getEntry()) {
            Resource r = e.getResource();
            if (r instanceof Patient p) {
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
        return issues;
    }

    /** HAPI instance validation: the errors (and fatals) only; warnings and information are dropped. */
    public List<Issue> checkProfiles(Bundle message) {
        return errors(validator().validateWithResult(message));
    }

    /** Instance validation of a message as received, JSON text. Broken JSON is reported, not thrown. */
    public List<Issue> checkProfiles(String json) {
        try {
            return errors(validator().validateWithResult(json));
        } catch (RuntimeException e) {
            // HAPI throws on syntax errors instead of returning messages (STACK-NOTES.md).
            return List.of(new Issue("(json)", "cannot be parsed: " + e.getMessage()));
        }
    }

    /** Builds the profile validator now and runs it once, so the first real message does not pay ~6 s. */
    public MessageValidator warmUp(Bundle sample) {
        checkProfiles(sample);
        return this;
    }

    private static List<Issue> errors(ValidationResult result) {
        List<Issue> issues = new ArrayList<>();
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                issues.add(new Issue(m.getLocationString(), m.getMessage()));
            }
        }
        return issues;
    }

    private FhirValidator validator() {
        FhirValidator v = profileValidator;
        if (v == null) {
            synchronized (this) {
                v = profileValidator;
                if (v == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(fhir),
                            new CommonCodeSystemsTerminologyService(fhir),
                            new InMemoryTerminologyServerValidationSupport(fhir),
                            new SnapshotGeneratingValidationSupport(fhir));
                    FhirInstanceValidator module = new FhirInstanceValidator(chain);
                    v = fhir.newValidator().registerValidatorModule(module);
                    profileValidator = v;
                }
            }
        }
        return v;
    }
}
