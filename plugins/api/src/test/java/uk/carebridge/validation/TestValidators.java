package uk.carebridge.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;

/** The validators the tests share: each takes seconds to build and warm, so once per test JVM. */
final class TestValidators {
    private TestValidators() {
    }

    static final FhirContext R4 = FhirContext.forR4();
    static final MessageValidator VALIDATOR = new MessageValidator(R4);

    /** HAPI with base R4 only (MessageValidator's chain before UK Core), to show what UK Core adds. */
    private static volatile FhirValidator baseOnly;

    /** Error and fatal messages of base R4 validation alone (of a copy not declaring any profile). */
    static List<String> baseR4Errors(Resource resource) {
        if (baseOnly == null) {
            synchronized (TestValidators.class) {
                if (baseOnly == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(R4),
                            new CommonCodeSystemsTerminologyService(R4),
                            new InMemoryTerminologyServerValidationSupport(R4),
                            new SnapshotGeneratingValidationSupport(R4));
                    baseOnly = R4.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
                }
            }
        }
        Resource plain = resource.copy();
        plain.getMeta().getProfile().clear();
        return baseOnly.validateWithResult(plain).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
    }

    /** A UK Core example instance from src/test/resources/ukcore-examples (see its MANIFEST.md). */
    static Resource example(String file) {
        try (InputStream in = TestValidators.class.getResourceAsStream("/ukcore-examples/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + file);
            }
            return (Resource) R4.newXmlParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
