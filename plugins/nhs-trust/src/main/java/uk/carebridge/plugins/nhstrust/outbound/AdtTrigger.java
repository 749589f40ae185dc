package uk.carebridge.plugins.nhstrust.outbound;

import java.util.Optional;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Encounter;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A02;
import ca.uhn.hl7v2.model.v251.message.ADT_A03;
import ca.uhn.hl7v2.model.v251.message.ADT_A05;
import ca.uhn.hl7v2.model.v251.message.ADT_A09;
import ca.uhn.hl7v2.model.v251.message.ADT_A12;
import ca.uhn.hl7v2.model.v251.message.ADT_A38;
import uk.carebridge.fhir.CareBridgeEvent;

/**
 * The ADT trigger event for a CareBridge event, and the v2.5.1 message structure HAPI builds it with.
 * <pre>
 *   person-update          A31 update person information   ADT_A05
 *   admission              A01 admit/visit notification     ADT_A01
 *   admission, cancelled   A11 cancel admit                 ADT_A09
 *   admission, planned     A05 pre-admit a patient          ADT_A05
 *   admission, planned and cancelled
 *                          A38 cancel pre-admit             ADT_A38
 *   transfer               A02 transfer a patient           ADT_A02
 *   transfer, cancelled    A12 cancel transfer              ADT_A12
 *   discharge              A03 discharge/end visit          ADT_A03
 *   discharge, cancelled   A13 cancel discharge             ADT_A01
 * </pre>
 * "Cancelled" is the Encounter with status entered-in-error (the inbound mapping's reading of A11/A12/A13);
 * "planned" the Encounter with status planned (inbound A05), "planned and cancelled" with status cancelled, an
 * Encounter that ended before it began (inbound A38).
 */
public enum AdtTrigger {
    A01("ADT_A01", ADT_A01::new),
    A02("ADT_A02", ADT_A02::new),
    A03("ADT_A03", ADT_A03::new),
    A05("ADT_A05", ADT_A05::new),
    A11("ADT_A09", ADT_A09::new),
    A12("ADT_A12", ADT_A12::new),
    A13("ADT_A01", ADT_A01::new),
    A31("ADT_A05", ADT_A05::new),
    A38("ADT_A38", ADT_A38::new);

    private final String structure;
    private final Supplier<Message> factory;

    AdtTrigger(String structure, Supplier<Message> factory) {
        this.structure = structure;
        this.factory = factory;
    }

    /** The message structure (MSH-9.3), e.g. ADT_A09 for A11. */
    public String structure() {
        return structure;
    }

    Message newMessage() {
        return factory.get();
    }

    /** The CareBridge events an ADT message can express: what a route may send to an hl7v2 trust. */
    public static final String SUPPORTED_EVENTS = "person-update (A31), admission (A01; A11 when the Encounter is "
            + "entered-in-error, A05 when planned, A38 when cancelled), transfer (A02; A12), discharge (A03; A13)";

    /**
     * The trigger for an event; {@code encounter} is the message's Encounter, or null.
     * Empty when the event has no ADT equivalent.
     */
    public static Optional<AdtTrigger> of(CareBridgeEvent event, Encounter encounter) {
        Encounter.EncounterStatus status = encounter == null ? null : encounter.getStatus();
        boolean cancelled = status == Encounter.EncounterStatus.ENTEREDINERROR;
        return Optional.ofNullable(switch (event) {
            case PERSON_UPDATE -> A31;
            case ADMISSION -> cancelled ? A11 : status == Encounter.EncounterStatus.PLANNED ? A05
                    : status == Encounter.EncounterStatus.CANCELLED ? A38 : A01;
            case TRANSFER -> cancelled ? A12 : A02;
            case DISCHARGE -> cancelled ? A13 : A03;
            default -> null;
        });
    }

    /** Whether the message describes a visit: every trigger but A31 needs the Encounter. */
    boolean needsEncounter() {
        return this != A31;
    }
}
