package uk.carebridge.plugins.localauthority.outbound;

import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.OdsCode;

/**
 * A read-only view of the CareBridge FHIR message a notice is written from (not the notice itself), for the
 * notice writers: references resolved inside the bundle (by the {@code urn:uuid:} fullUrl the MessageBuilder
 * gives every entry) and organisations read as ODS codes.
 */
final class MessageView {

    /** An organisation as a council sees it: its ODS code and, when the message gives one, its name. */
    record Ods(String code, String name) {
    }

    private final Bundle bundle;
    private final MessageHeader header;

    MessageView(Bundle bundle) {
        this.bundle = bundle;
        this.header = Messages.header(bundle).orElse(null);
    }

    boolean hasHeader() {
        return header != null;
    }

    MessageHeader header() {
        return header;
    }

    Bundle bundle() {
        return bundle;
    }

    /** The resource MessageHeader.focus[0] points at, or null. */
    Resource focus() {
        return header == null || !header.hasFocus() ? null : resolve(header.getFocusFirstRep());
    }

    /** The focus when it is of the given type, else the first resource of that type in the message, or null. */
    <T extends Resource> T focusOrFirst(Class<T> type) {
        Resource focus = focus();
        if (type.isInstance(focus)) {
            return type.cast(focus);
        }
        List<T> all = all(type);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The resources of one type, in bundle order. */
    <T extends Resource> List<T> all(Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** The bundle entry a reference points at (by fullUrl, else by Type/id), or null (absent, logical, external). */
    Resource resolve(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        String target = reference.getReference();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r == null) {
                continue;
            }
            if (target.equals(entry.getFullUrl())
                    || target.equals(r.fhirType() + "/" + r.getIdElement().getIdPart())) {
                return r;
            }
        }
        return null;
    }

    /**
     * The ODS code of the organisation a reference names: an Organization entry of the bundle with an ODS
     * identifier, or a logical reference by ODS identifier (how care providers and councils name organisations).
     */
    Optional<Ods> ods(Reference reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        String display = reference.hasDisplay() ? reference.getDisplay() : null;
        if (resolve(reference) instanceof Organization org) {
            for (Identifier id : org.getIdentifier()) {
                String code = odsCode(id);
                if (code != null) {
                    return Optional.of(new Ods(code, org.hasName() ? org.getName() : display));
                }
            }
        }
        String code = reference.hasIdentifier() ? odsCode(reference.getIdentifier()) : null;
        return code == null ? Optional.empty() : Optional.of(new Ods(code, display));
    }

    /** The first of the references that names an ODS code. */
    Optional<Ods> firstOds(List<Reference> references) {
        for (Reference r : references) {
            Optional<Ods> ods = ods(r);
            if (ods.isPresent()) {
                return ods;
            }
        }
        return Optional.empty();
    }

    private static String odsCode(Identifier id) {
        if (!FhirSystems.ODS_ORGANISATION.equals(id.getSystem()) || !id.hasValue()) {
            return null;
        }
        // What notice.schema.json accepts as an ODS code; anything else is treated as no code rather than sent.
        return OdsCode.normalised(id.getValue()).orElse(null);
    }
}
