package uk.carebridge.plugins.nhstrust.inbound;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import org.hl7.fhir.r4.model.Encounter.EncounterStatus;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A02;
import ca.uhn.hl7v2.model.v251.message.ADT_A03;
import ca.uhn.hl7v2.model.v251.message.ADT_A05;
import ca.uhn.hl7v2.model.v251.message.ADT_A06;
import ca.uhn.hl7v2.model.v251.message.ADT_A09;
import ca.uhn.hl7v2.model.v251.message.ADT_A12;
import ca.uhn.hl7v2.model.v251.message.ADT_A38;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import uk.carebridge.fhir.CareBridgeEvent;

/**
 * The ADT trigger events we take, with the CareBridge event each becomes and the v2.5.1 message structure
 * HAPI reads it into (chosen here from the trigger as HAPI's v2.5.1 event map does, not from MSH-9.3, which
 * senders fill inconsistently).
 *
 * <p>Cancellations follow the convention the outbound writer reads back ({@code outbound.AdtTrigger}): a
 * cancelled admission (A11) or transfer (A12) or discharge (A13) is the Encounter entered-in-error. A cancelled
 * pre-admission (A38) is the Encounter {@code cancelled} (FHIR: "ended before it has begun"), and a
 * pre-admission (A05) the Encounter {@code planned}, so each goes out again as the trigger it came in as.
 */
enum AdtEvent {
    A01("admit", CareBridgeEvent.ADMISSION, Kind.VISIT, EncounterStatus.INPROGRESS, ADT_A01::new),
    A02("transfer", CareBridgeEvent.TRANSFER, Kind.VISIT, EncounterStatus.INPROGRESS, ADT_A02::new),
    A03("discharge", CareBridgeEvent.DISCHARGE, Kind.VISIT, EncounterStatus.FINISHED, ADT_A03::new),
    A04("register", CareBridgeEvent.ADMISSION, Kind.VISIT, EncounterStatus.INPROGRESS, ADT_A01::new),
    A05("pre-admit", CareBridgeEvent.ADMISSION, Kind.VISIT, EncounterStatus.PLANNED, ADT_A05::new),
    A06("change an outpatient to an inpatient", CareBridgeEvent.TRANSFER, Kind.VISIT, EncounterStatus.INPROGRESS,
            ADT_A06::new),
    A07("change an inpatient to an outpatient", CareBridgeEvent.TRANSFER, Kind.VISIT, EncounterStatus.INPROGRESS,
            ADT_A06::new),
    A08("update patient information", CareBridgeEvent.PERSON_UPDATE, Kind.PERSON_WITH_VISIT, null, ADT_A01::new),
    A11("cancel admit", CareBridgeEvent.ADMISSION, Kind.VISIT, EncounterStatus.ENTEREDINERROR, ADT_A09::new),
    A12("cancel transfer", CareBridgeEvent.TRANSFER, Kind.VISIT, EncounterStatus.ENTEREDINERROR, ADT_A12::new),
    A13("cancel discharge", CareBridgeEvent.DISCHARGE, Kind.VISIT, EncounterStatus.ENTEREDINERROR, ADT_A01::new),
    A28("add person", CareBridgeEvent.PERSON_UPDATE, Kind.PERSON, null, ADT_A05::new),
    A31("update person", CareBridgeEvent.PERSON_UPDATE, Kind.PERSON, null, ADT_A05::new),
    A38("cancel pre-admit", CareBridgeEvent.ADMISSION, Kind.VISIT, EncounterStatus.CANCELLED, ADT_A38::new),
    A40("merge patient", CareBridgeEvent.PERSON_UPDATE, Kind.MERGE, null, ADT_A39::new);

    /** What the message is about, and so what its focus is. */
    enum Kind {
        /** A visit event: the Encounter is the focus; PV1 is required. */
        VISIT,
        /** A person event that may carry the current visit (A08): the Patient is the focus. */
        PERSON_WITH_VISIT,
        /** A person event: the Patient is the focus, PV1 is ignored. */
        PERSON,
        /** A merge (PID + MRG): the surviving Patient is the focus. */
        MERGE
    }

    final String description;
    final CareBridgeEvent event;
    final Kind kind;
    /** The Encounter status the event sets; null when it follows from the visit's dates (A08). */
    final EncounterStatus encounterStatus;
    private final Function<ModelClassFactory, Message> structure;

    AdtEvent(String description, CareBridgeEvent event, Kind kind, EncounterStatus encounterStatus,
            Function<ModelClassFactory, Message> structure) {
        this.description = description;
        this.event = event;
        this.kind = kind;
        this.encounterStatus = encounterStatus;
        this.structure = structure;
    }

    /** Whether the event is about where the patient is (A02): it needs PV1-3, and PV1-6 is the prior location. */
    boolean movesThePatient() {
        return this == A02;
    }

    /** Whether the event changes the patient class (A06, A07): it needs PV1-2, the new class. */
    boolean changesThePatientClass() {
        return this == A06 || this == A07;
    }

    /** An empty v2.5.1 message of this event's structure, for HAPI to parse into. */
    Message newMessage(ModelClassFactory factory) {
        return structure.apply(factory);
    }

    static Optional<AdtEvent> of(String trigger) {
        return Arrays.stream(values()).filter(e -> e.name().equalsIgnoreCase(trigger)).findFirst();
    }

    /** "A01, A02, ..., A40", for refusals. */
    static String supported() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
