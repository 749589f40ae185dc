package uk.carebridge.server.rules;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;

/**
 * An element a data-sharing policy removes: {@code Patient.telecom}, {@code Observation.note},
 * {@code Patient.contact.telecom}. A resource type, then element names, each checked against FHIR R4 when the
 * route files are read, so a typo is an error with its file and line, not a silent no-op.
 */
public final class ElementPath {

    private final String text;
    private final String resourceType;
    /** FHIRPath to the elements holding the one removed, relative to the resource; null: the resource itself. */
    private final IFhirPath.IParsedExpression parents;
    private final String element;

    private ElementPath(String text, String resourceType, IFhirPath.IParsedExpression parents, String element) {
        this.text = text;
        this.resourceType = resourceType;
        this.parents = parents;
        this.element = element;
    }

    /** @throws IllegalArgumentException saying what is wrong, for the admin */
    public static ElementPath parse(String text) {
        if (text == null || !text.matches("[A-Z][A-Za-z]+(\\.[a-z][A-Za-z0-9]*)+")) {
            throw new IllegalArgumentException("'" + text + "' is not an element path: a resource type and element "
                    + "names separated by dots, e.g. Patient.telecom");
        }
        String[] parts = text.split("\\.");
        RuntimeResourceDefinition resource;
        try {
            resource = Fhir.R4.getResourceDefinition(parts[0]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not a FHIR R4 resource type");
        }
        BaseRuntimeElementDefinition<?> at = resource;
        for (int i = 1; i < parts.length; i++) {
            BaseRuntimeChildDefinition child = at instanceof BaseRuntimeElementCompositeDefinition<?> composite
                    ? composite.getChildByName(parts[i]) : null;
            if (child == null) {
                throw new IllegalArgumentException("'" + text + "': " + String.join(".", List.of(parts).subList(0, i))
                        + " has no element '" + parts[i] + "' in FHIR R4");
            }
            at = child.getChildByName(parts[i]);
        }
        String parentPath = String.join(".", List.of(parts).subList(1, parts.length - 1));
        try {
            IFhirPath.IParsedExpression parents = parentPath.isEmpty() ? null : Fhir.PATHS.parse(parentPath);
            return new ElementPath(text, parts[0], parents, parts[parts.length - 1]);
        } catch (Exception e) {
            throw new IllegalArgumentException("'" + text + "' cannot be read as a FHIRPath: " + e.getMessage());
        }
    }

    public String resourceType() {
        return resourceType;
    }

    /** Removes the element from {@code resource} (of this path's type; others are left alone). */
    public void removeFrom(Resource resource) {
        if (!resource.fhirType().equals(resourceType)) {
            return;
        }
        List<Base> holders = parents == null ? List.of(resource) : Fhir.PATHS.evaluate(resource, parents, Base.class);
        for (Base holder : holders) {
            Property property = holder.getNamedProperty(element);
            if (property == null) {
                continue;
            }
            for (Base value : new ArrayList<>(property.getValues())) {
                holder.removeChild(element, value);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
