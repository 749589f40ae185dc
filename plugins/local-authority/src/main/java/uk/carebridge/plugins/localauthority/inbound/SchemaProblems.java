package uk.carebridge.plugins.localauthority.inbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;

/**
 * Turns the validator's messages into {@link Problem}s. The reasons are written here from the schema's
 * rule, not taken from the validator's text, because some of its texts quote the instance value.
 */
public final class SchemaProblems {
    private SchemaProblems() {
    }

    /** The validator's messages as problems without values, sorted by field; the notice writer uses it too. */
    public static List<Problem> of(Collection<ValidationMessage> messages) {
        Set<Problem> problems = new LinkedHashSet<>();
        for (ValidationMessage m : messages) {
            Problem p = problem(m);
            if (p != null) {
                problems.add(p);
            }
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::field));
        return sorted;
    }

    private static Problem problem(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String evaluated = m.getEvaluationPath().toString();
        JsonNode rule = m.getSchemaNode();
        switch (m.getType()) {
            case "anyOf":
                // The only anyOf in v1: who the event is about.
                return new Problem(at, "needs nhsNumber or councilPersonId (at least one)");
            case "required":
                if (evaluated.contains("anyOf")) {
                    // Depending on the path taken the validator reports the anyOf or its branches: same problem.
                    return new Problem(at, "needs nhsNumber or councilPersonId (at least one)");
                }
                return new Problem(child(at, m.getProperty()), evaluated.contains("then")
                        ? "is required in this case (a conditional rule of the API, see the README)"
                        : "is required");
            case "additionalProperties":
            case "unevaluatedProperties":
                return new Problem(child(at, m.getProperty()), "is not a field of this API version (v1)");
            case "type":
                return new Problem(at, "must be " + article(rule == null ? "value of another type" : typeName(rule)));
            case "enum":
                return new Problem(at, "must be one of " + (rule == null ? "the listed codes" : rule.toString()));
            case "const":
                return null; // only used inside if/then conditions; a failed condition is not a problem
            case "pattern":
                return new Problem(at, "does not have the expected form " + (rule == null ? "" : rule.asText()));
            case "format":
                return new Problem(at, "must be a valid " + (rule == null ? "value" : rule.asText())
                        + (rule != null && rule.asText().equals("date-time")
                        ? " with a time zone (e.g. 2026-11-20T10:15:00Z)" : " (YYYY-MM-DD)"));
            case "minLength":
                return new Problem(at, "must not be empty");
            case "maxLength":
                return new Problem(at, "is longer than " + rule + " characters");
            case "minItems":
                return new Problem(at, "needs at least " + rule + " item(s)");
            case "maxItems":
                return new Problem(at, "has more than " + rule + " items");
            case "uniqueItems":
                return new Problem(at, "lists the same item twice");
            case "maximum":
                return new Problem(at, "must be at most " + rule);
            case "minimum":
                return new Problem(at, "must be at least " + rule);
            case "exclusiveMinimum":
                return new Problem(at, "must be more than " + rule);
            default:
                return new Problem(at, "breaks the schema rule '" + m.getType() + "'");
        }
    }

    private static String typeName(JsonNode rule) {
        return rule.isArray() ? rule.toString() : rule.asText();
    }

    private static String article(String type) {
        return (type.startsWith("a") || type.startsWith("o") || type.startsWith("i") ? "an " : "a ") + type;
    }

    private static String child(String parent, String property) {
        return property == null ? parent : parent + "." + property;
    }
}
