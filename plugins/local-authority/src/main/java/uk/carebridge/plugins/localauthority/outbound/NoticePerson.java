package uk.carebridge.plugins.localauthority.outbound;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.NhsNumber;

/** The notice's {@code person}: who the event is about, as far as a council needs to find them in its records. */
final class NoticePerson {
    private NoticePerson() {
    }

    /** The Patient the event's resource is about, else the message's first Patient, or null. */
    static Patient of(MessageView message, Resource about) {
        if (about instanceof Patient p) {
            return p;
        }
        Reference subject = null;
        if (about instanceof Encounter e) {
            subject = e.getSubject();
        } else if (about instanceof ServiceRequest s) {
            subject = s.getSubject();
        } else if (about instanceof Observation o) {
            subject = o.getSubject();
        }
        if (message.resolve(subject) instanceof Patient p) {
            return p;
        }
        return message.focusOrFirst(Patient.class);
    }

    /** The NHS number as written (spaces removed), or null; the caller checks it. */
    static String nhsNumber(Patient patient) {
        if (patient == null) {
            return null;
        }
        for (Identifier id : patient.getIdentifier()) {
            if (FhirSystems.NHS_NUMBER.equals(id.getSystem()) && id.hasValue()) {
                return NhsNumber.normalise(id.getValue());
            }
        }
        return null;
    }

    static ObjectNode json(Patient patient, String nhsNumber) {
        ObjectNode person = JsonNodeFactory.instance.objectNode();
        person.put("nhsNumber", nhsNumber);
        HumanName name = name(patient);
        if (name != null) {
            if (name.hasFamily()) {
                person.put("family", name.getFamily());
            }
            ArrayNode given = JsonNodeFactory.instance.arrayNode();
            for (StringType g : name.getGiven()) {
                if (g.hasValue() && !g.getValue().isBlank()) {
                    given.add(g.getValue());
                }
            }
            if (!given.isEmpty()) {
                person.set("given", given);
            }
        }
        String birthDate = NoticeTimes.date(patient.getBirthDateElement());
        if (birthDate != null) {
            person.put("birthDate", birthDate);
        }
        String postcode = postcode(patient);
        if (postcode != null) {
            person.put("postcode", postcode);
        }
        return person;
    }

    /** The official name (how a council records the person), else the first. */
    private static HumanName name(Patient patient) {
        for (HumanName n : patient.getName()) {
            if (n.getUse() == HumanName.NameUse.OFFICIAL) {
                return n;
            }
        }
        return patient.hasName() ? patient.getNameFirstRep() : null;
    }

    /** The home address's postcode, else the first address's that has one. */
    private static String postcode(Patient patient) {
        for (Address a : patient.getAddress()) {
            if (a.getUse() == Address.AddressUse.HOME && a.hasPostalCode()) {
                return a.getPostalCode();
            }
        }
        for (Address a : patient.getAddress()) {
            if (a.hasPostalCode()) {
                return a.getPostalCode();
            }
        }
        return null;
    }
}
