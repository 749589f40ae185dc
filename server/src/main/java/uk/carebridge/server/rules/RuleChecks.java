package uk.carebridge.server.rules;

import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.fhirpath.IFhirPath;

/**
 * The FHIR side of the route rules' language: FHIRPath conditions, resource types and element paths, checked once
 * when the files are read (each problem reported with its file and line by the config loader) and built by the
 * routing table. Its own package, so that reading config and routing both use it without depending on each other.
 */
public final class RuleChecks {
    private RuleChecks() {
    }

    /** Why the condition cannot be used, or empty when it compiles. */
    public static Optional<String> conditionProblem(String expression) {
        try {
            condition(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why this is not a FHIR R4 resource type (spelling counts: Patient, not patient), or empty. */
    public static Optional<String> resourceTypeProblem(String type) {
        if (type != null && Fhir.R4.getResourceTypes().contains(type) && !type.equals("MessageHeader")) {
            return Optional.empty();
        }
        if ("MessageHeader".equals(type)) {
            return Optional.of("MessageHeader is always sent (it is the message); list the resources it carries");
        }
        return Optional.of("'" + type + "' is not a FHIR R4 resource type (e.g. Patient, Encounter, Observation)");
    }

    /** Why the element path cannot be removed, or empty. */
    public static Optional<String> elementPathProblem(String path, List<String> resources) {
        try {
            ElementPath element = ElementPath.parse(path);
            if (!resources.contains(element.resourceType())) {
                return Optional.of("'" + path + "' removes from " + element.resourceType() + ", which this destination "
                        + "does not receive (resources: " + String.join(", ", resources) + ")");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The compiled condition; an {@link IllegalArgumentException} saying why when it does not compile. */
    public static IFhirPath.IParsedExpression condition(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the condition is empty: give a FHIRPath expression or leave it out");
        }
        try {
            return Fhir.PATHS.parse(expression);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("the condition is not valid FHIRPath: " + why.replaceAll("^HAPI-\\d+: ", ""));
        }
    }
}
