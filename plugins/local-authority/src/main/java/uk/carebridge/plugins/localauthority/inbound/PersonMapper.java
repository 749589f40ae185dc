package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

import com.fasterxml.jackson.databind.JsonNode;

import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;

/**
 * A council "person" as a UK Core Patient. The NHS number is the shared key; the council person id is kept
 * as a local identifier so replies and later events can be matched back in the council's system.
 */
final class PersonMapper {

    private final String partnerId;

    PersonMapper(String partnerId) {
        this.partnerId = partnerId;
    }

    /** Only the identifiers: enough for events that are about a person but do not change their details. */
    Patient identity(JsonNode person) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(UkCore.PATIENT);
        String nhsNumber = JsonFields.text(person, "nhsNumber");
        if (nhsNumber != null) {
            patient.addIdentifier(new Identifier().setSystem(FhirSystems.NHS_NUMBER).setValue(NhsNumber.normalise(nhsNumber)));
        }
        String councilId = JsonFields.text(person, "councilPersonId");
        if (councilId != null) {
            patient.addIdentifier(new Identifier().setSystem(FhirSystems.localIdSystem(partnerId)).setValue(councilId));
        }
        return patient;
    }

    /** The identifiers and every detail the council sent. */
    Patient details(JsonNode person) {
        Patient patient = identity(person);
        readName(person.path("name"), patient);
        if (person.has("birthDate")) {
            patient.setBirthDateElement(JsonFields.date(person, "birthDate"));
        }
        if (person.has("gender")) {
            patient.setGender(AdministrativeGender.fromCode(person.get("gender").asText()));
        }
        if (person.has("address")) {
            readAddress(person.get("address"), patient);
        }
        for (JsonNode contact : person.path("contacts")) {
            patient.addTelecom(contact(contact));
        }
        return patient;
    }

    private static void readName(JsonNode name, Patient patient) {
        HumanName official = patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(JsonFields.text(name, "family"));
        name.path("given").forEach(g -> official.addGiven(g.asText()));
        if (name.has("title")) {
            official.addPrefix(name.get("title").asText());
        }
        if (name.has("preferred")) {
            patient.addName().setUse(HumanName.NameUse.USUAL).addGiven(name.get("preferred").asText())
                    .setFamily(official.getFamily());
        }
    }

    private static void readAddress(JsonNode address, Patient patient) {
        Address a = patient.addAddress().setUse(Address.AddressUse.HOME);
        address.path("lines").forEach(l -> a.addLine(l.asText()));
        a.setCity(JsonFields.text(address, "town"));
        a.setPostalCode(JsonFields.text(address, "postcode").toUpperCase(java.util.Locale.ROOT));
    }

    private static ContactPoint contact(JsonNode contact) {
        ContactPoint c = new ContactPoint().setValue(JsonFields.text(contact, "value"));
        switch (contact.get("type").asText()) {
            case "home-phone" -> c.setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.HOME);
            case "mobile" -> c.setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE);
            case "work-phone" -> c.setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.WORK);
            default -> c.setSystem(ContactPoint.ContactPointSystem.EMAIL);
        }
        return c;
    }
}
