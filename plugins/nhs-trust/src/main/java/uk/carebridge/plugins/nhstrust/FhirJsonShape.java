package uk.carebridge.plugins.nhstrust;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.IModelVisitor2;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a FHIR JSON body breaks the shape every resource has, for the cases HAPI's parser fails on without saying
 * where (an exception of its own making rather than a parse error): a {@code resourceType} that is empty or not a
 * string, an extension that is not an object or has no string {@code url}. Names elements only, never a value.
 */
final class FhirJsonShape {

    /** {@code location}: a FHIRPath-like place (Bundle.entry[1].resource.extension[0]); {@code reason}: what is wrong. */
    record Problem(String location, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 200;

    private FhirJsonShape() {
    }

    /** The first problem found, or null (also when the body is not JSON at all: HAPI says that itself). */
    static Problem firstProblem(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
        return root == null ? null : resource(root, "Bundle", 0);
    }

    /**
     * The first date or time HAPI's parser took but cannot use: a {@code date} with a time ("2026-11-20T10:15:00Z"
     * as a birthDate) is read, then fails with an IllegalArgumentException the moment the resource is copied (for its
     * fingerprint, say). Null when every one is usable.
     */
    static Problem unusableDate(FhirContext fhir, Bundle bundle) {
        AtomicReference<Problem> found = new AtomicReference<>();
        fhir.newTerser().visit(bundle, new IModelVisitor2() {
            @Override
            public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
                                         List<BaseRuntimeElementDefinition<?>> definitions) {
                if (found.get() == null && element instanceof BaseDateTimeType date && date.getValueAsString() != null) {
                    try {
                        date.copy();
                    } catch (RuntimeException e) {
                        StringBuilder path = new StringBuilder("Bundle");
                        children.forEach(c -> path.append('.').append(c.getElementName()));
                        found.set(new Problem(path.toString(), "is not a valid " + date.fhirType()
                                + " (a date is YYYY, YYYY-MM or YYYY-MM-DD; a dateTime needs a time zone with its time)"));
                    }
                }
                return found.get() == null;
            }
        });
        return found.get();
    }

    private static Problem resource(JsonNode node, String path, int depth) {
        if (!node.isObject()) {
            return new Problem(path, "must be a JSON object");
        }
        JsonNode type = node.get("resourceType");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            return new Problem(path + ".resourceType", type == null ? "is missing"
                    : type.isTextual() ? "is empty" : "must be a string naming the resource type");
        }
        return members(node, path, depth);
    }

    private static Problem members(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            return new Problem(path, "is nested too deeply");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey();
            String at = path + "." + name;
            JsonNode value = member.getValue();
            Problem p;
            if (name.equals("extension") || name.equals("modifierExtension")) {
                p = extensions(value, at, depth);
            } else if (name.equals("resource") || name.equals("contained")) {
                p = resources(value, at, depth);
            } else {
                p = any(value, at, depth);
            }
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Problem resources(JsonNode value, String at, int depth) {
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                Problem p = resource(value.get(i), at + "[" + i + "]", depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        return resource(value, at, depth + 1);
    }

    private static Problem extensions(JsonNode value, String at, int depth) {
        if (!value.isArray()) {
            return new Problem(at, "must be an array of extensions");
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode extension = value.get(i);
            String place = at + "[" + i + "]";
            if (!extension.isObject()) {
                return new Problem(place, "must be an extension object");
            }
            if (!extension.path("url").isTextual() || extension.path("url").asText().isBlank()) {
                return new Problem(place + ".url", "is required and must be a string");
            }
            Problem p = members(extension, place, depth + 1);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Problem any(JsonNode value, String at, int depth) {
        if (value.isObject()) {
            return members(value, at, depth + 1);
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                Problem p = item.isObject() ? members(item, at + "[" + i + "]", depth + 1)
                        : item.isArray() ? new Problem(at + "[" + i + "]", "an array inside an array is not FHIR JSON") : null;
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
