package uk.carebridge.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import uk.carebridge.fhir.UkCore;

/**
 * Checks a CareBridge message at two levels (DESIGN.md, "Validation has levels"):
 * <ul>
 *   <li>{@link #checkMessage basic}, on every message: the named {@link BasicRules} (a message Bundle, the
 *       MessageHeader first with a CareBridge event and a source, entries, every focus reference resolving inside
 *       the bundle, every Patient identified and every NHS number passing Modulus 11). Microseconds.</li>
 *   <li>{@link #checkProfiles profile}: HAPI's instance validator against base R4 and the UK Core R4 STU2
 *       profiles (shipped in this jar, see {@link UkCoreConformance}; no network, no terminology server, so
 *       SNOMED CT / dm+d codes are not checked). ~12-15 ms a message warm and seconds cold, so build one
 *       validator at start-up, warm it, and use it where a route asks for it and in every plugin's tests.</li>
 * </ul>
 * The basic checks' issue texts name locations and rules, never patient values. HAPI's texts may quote a
 * value (a code, a value that differs from the one a profile fixes), so log them only where patient data
 * may go.
 */
public final class MessageValidator {

    /** One problem: where (a FHIRPath-like location) and what. */
    public record Issue(String location, String message) {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageValidator.class);

    private final FhirContext fhir;
    private volatile Engine engine;

    public MessageValidator(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The structural checks every message gets ({@link BasicRules}). An empty list means it may enter the broker. */
    public List<Issue> checkMessage(Bundle message) {
        return BasicRules.check(message);
    }

    /**
     * HAPI instance validation against base R4 and UK Core: the errors (and fatals) only; warnings and
     * information are dropped. Every entry of a type UK Core profiles ({@link UkCore#profileFor}) is checked
     * against that profile whether or not it declares it in {@code meta.profile}.
     */
    public List<Issue> checkProfiles(Bundle message) {
        return checkProfiles((Resource) message);
    }

    /**
     * As {@link #checkProfiles(Bundle)}, for any resource: a Bundle's entries and the resource itself are
     * checked against their type's UK Core profile. One validation pass (HAPI follows {@code meta.profile}
     * of every entry): the profiles an entry does not declare are added to a copy, never to the caller's
     * object.
     */
    public List<Issue> checkProfiles(Resource resource) {
        Engine engine = engine();
        return errors(engine.validator().validateWithResult(engine.withUkCoreProfiles(resource)));
    }

    /**
     * Instance validation of a message as received, JSON (or XML) text. Broken JSON is reported, not thrown.
     * The text itself is validated (so problems the parser would hide, such as unknown elements, are found);
     * if some entry does not declare its UK Core profile, the parsed message is validated a second time with
     * the profiles added, and the issues of both passes are merged.
     */
    public List<Issue> checkProfiles(String json) {
        Engine engine = engine();
        ValidationResult asReceived;
        try {
            asReceived = engine.validator().validateWithResult(json);
        } catch (RuntimeException e) {
            // HAPI throws on syntax errors instead of returning messages (STACK-NOTES.md).
            return List.of(new Issue("(json)", "cannot be parsed: " + e.getMessage()));
        }
        Set<Issue> issues = new LinkedHashSet<>(errors(asReceived));
        Resource parsed = parseQuietly(json);
        if (parsed != null) {
            Resource profiled = engine.withUkCoreProfiles(parsed);
            if (profiled != parsed) {
                issues.addAll(errors(engine.validator().validateWithResult(profiled)));
            }
        }
        return List.copyOf(issues);
    }

    /** Builds the profile validator now and runs it once, so the first real message does not pay 5-10 s. */
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

    /** The resource the text holds, or null if the parser refuses it (the validator has reported why). */
    private Resource parseQuietly(String text) {
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(text);
        if (encoding == null) {
            return null;
        }
        try {
            IBaseResource parsed = encoding.newParser(fhir)
                    // Quiet: the parser's complaints may quote values, and the validator reports them anyway.
                    .setParserErrorHandler(new LenientErrorHandler(false))
                    // Keep each entry's own id, so both passes name an entry alike and duplicates merge.
                    .setOverrideResourceIdWithBundleEntryFullUrl(false)
                    .parseResource(text);
            return parsed instanceof Resource r ? r : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) {
                    e = Engine.build(fhir);
                    engine = e;
                }
            }
        }
        return e;
    }

    /**
     * The HAPI validator and the UK Core definitions it was built with. Built once: under a second, but the
     * first validation then takes seconds (snapshots of every UK Core profile) and the validator keeps a few
     * hundred MB (STACK-NOTES.md: up to ~0.7 GB).
     */
    private record Engine(FhirValidator validator, PrePopulatedValidationSupport ukCore) {

        static Engine build(FhirContext fhir) {
            long start = System.nanoTime();
            PrePopulatedValidationSupport ukCore = UkCoreConformance.load(fhir);
            // No SNOMED CT / dm+d terminology server here: a code of a system we do not hold is a warning,
            // not an error. Codes of systems we hold (FHIR core, UK Core CodeSystems) are still checked.
            UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(fhir);
            unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(fhir),
                    ukCore,
                    CareBridgeTerminology.support(fhir), // CareBridge's own code systems, checked as UK Core's are
                    new CommonCodeSystemsTerminologyService(fhir),
                    new InMemoryTerminologyServerValidationSupport(fhir),
                    // UK Core profiles come as differentials: snapshots are generated on first use.
                    new SnapshotGeneratingValidationSupport(fhir),
                    unknownSystems); // last: only asked when no other module knows the system
            FhirValidator validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
            LOG.info("Profile validator built with {} UK Core conformance resources in {} ms",
                    ukCore.fetchAllConformanceResources().size(), (System.nanoTime() - start) / 1_000_000);
            return new Engine(validator, ukCore);
        }

        /**
         * The resource, or a copy of it in which it and every Bundle entry declare their type's UK Core profile
         * (unless they declare it, or a profile derived from it, already).
         */
        Resource withUkCoreProfiles(Resource resource) {
            if (selfAndEntries(resource).stream().allMatch(r -> missingProfile(r).isEmpty())) {
                return resource; // the usual case for CareBridge's own messages: no copy
            }
            Resource copy = resource.copy();
            for (Resource r : selfAndEntries(copy)) {
                missingProfile(r).ifPresent(profile -> r.getMeta().addProfile(profile));
            }
            return copy;
        }

        private static List<Resource> selfAndEntries(Resource resource) {
            List<Resource> all = new ArrayList<>();
            all.add(resource);
            if (resource instanceof Bundle bundle) {
                bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .filter(r -> r != null).forEach(all::add);
            }
            return all;
        }

        /** The UK Core profile of the resource's type, if it has one and the resource does not declare it. */
        private Optional<String> missingProfile(Resource r) {
            return UkCore.profileFor(r.fhirType()).filter(profile -> !declares(r, profile));
        }

        /** Whether a profile in meta.profile is {@code profile} or derives from it (e.g. VitalSigns-HeartRate). */
        private boolean declares(Resource r, String profile) {
            for (CanonicalType declared : r.getMeta().getProfile()) {
                String url = declared.getValue();
                // UK Core derivation chains are at most three deep; the bound guards against a cycle.
                for (int depth = 0; url != null && depth < 10; depth++) {
                    url = url.split("\\|")[0]; // canonical|version
                    if (url.equals(profile)) {
                        return true;
                    }
                    url = ukCore.fetchStructureDefinition(url) instanceof StructureDefinition sd
                            ? sd.getBaseDefinition() : null;
                }
            }
            return false;
        }
    }
}
