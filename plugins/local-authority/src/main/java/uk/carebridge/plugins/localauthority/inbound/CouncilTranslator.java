package uk.carebridge.plugins.localauthority.inbound;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

import com.fasterxml.jackson.databind.JsonNode;

import uk.carebridge.fhir.MessageBuilder;

/** Turns an accepted council event into its one FHIR R4 message, by resource kind. */
public final class CouncilTranslator {

    private final String partnerId;
    private final PersonMapper people;

    public CouncilTranslator(String partnerId) {
        this.partnerId = partnerId;
        this.people = new PersonMapper(partnerId);
    }

    public CouncilMessage translate(ReadResult.Accepted event) {
        JsonNode body = event.body();
        MessageBuilder message = MessageBuilder.event(event.resource().event(), partnerId)
                .timestamp(JsonFields.dateTime(body, "occurredAt").getValue());
        switch (event.resource()) {
            case PEOPLE -> message.focus(people.details(body.get("person")));
            case REFERRALS -> ReferralMapper.map(body.get("referral"), patient(body), partnerId, message);
            case ASSESSMENTS -> AssessmentMapper.map(body.get("assessment"), patient(body), partnerId, message);
            case CARE_PACKAGES -> CarePackageMapper.map(body.get("carePackage"), patient(body), partnerId, message);
        }
        Bundle bundle = message.build();
        // The council's event id travels in the message too, so every hop (and the receiver) can de-duplicate.
        bundle.getIdentifier().setSystem(recordIdSystem(partnerId, "event")).setValue(event.eventId());
        return new CouncilMessage(event.eventId(), bundle);
    }

    private Patient patient(JsonNode body) {
        return people.identity(body.get("person"));
    }

    /** The identifier system for one kind of council record (referral, assessment, care-package). */
    static String recordIdSystem(String partnerId, String kind) {
        return uk.carebridge.fhir.FhirSystems.localIdSystem(partnerId) + "/" + kind;
    }
}
