package uk.carebridge.plugins.nhstrust.outbound;

import static uk.carebridge.plugins.nhstrust.outbound.Fields.set;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.EVN;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.NK1;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.Messages;
import uk.carebridge.plugin.DeliveryException;
import uk.carebridge.plugin.Partner;

/**
 * Writes ADT messages for one receiving trust: a CareBridge FHIR message (UK Core R4 message Bundle) as
 * HL7 v2 ER7 text, segments separated by CR. Thread-safe; build once per partner.
 *
 * <p>Built with HAPI's v2.5.1 model and encoded by its PipeParser (which escapes | ^ ~ \ &amp; in values);
 * MSH-12 carries the version the trust asked for (NHS ITK baseline 2.4). Triggers: {@link AdtTrigger}.
 * Exception messages name the event and what is missing, never patient values.
 */
public final class AdtWriter {

    /** MSH-4 when no sending facility is given. */
    public static final String DEFAULT_SENDING_FACILITY = "CareBridge";
    /** HL7 v2 versions this writer can label its output with (the v2.5.1 segments are a superset). */
    public static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final Partner receiver;
    private final String sendingApplication;
    private final String sendingFacility;
    private final String hl7Version;
    private final Clock clock;
    private final String characterSet;
    private final HapiContext hapi;

    /** receiver = the trust partner (its odsCode goes to MSH-6); hl7Version e.g. "2.4" goes in MSH-12. */
    public AdtWriter(Partner receiver, String sendingApplication, String hl7Version) {
        this(receiver, sendingApplication, hl7Version, DEFAULT_SENDING_FACILITY);
    }

    /** As above, with MSH-4 (e.g. an ODS code CareBridge sends as) instead of "CareBridge". */
    public AdtWriter(Partner receiver, String sendingApplication, String hl7Version, String sendingFacility) {
        this(receiver, sendingApplication, hl7Version, sendingFacility, Clock.systemUTC(), null);
    }

    AdtWriter(Partner receiver, String sendingApplication, String hl7Version, String sendingFacility, Clock clock,
            String characterSet) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.sendingApplication = requireText(sendingApplication, "sendingApplication");
        this.sendingFacility = requireText(sendingFacility, "sendingFacility");
        if (hl7Version == null || !VERSIONS.contains(hl7Version.strip())) {
            throw new IllegalArgumentException("HL7 v2 version '" + hl7Version + "' is not supported for ADT out: "
                    + "use one of " + String.join(", ", VERSIONS.stream().sorted().toList()));
        }
        this.hl7Version = hl7Version.strip();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.characterSet = characterSet;
        this.hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
    }

    /**
     * The same writer, declaring in MSH-18 the character set the delivery route encodes the text in:
     * UTF-8 -> {@code UNICODE UTF-8}, ISO-8859-1 -> {@code 8859/1}, US-ASCII -> {@code ASCII} (HL7 table 0211).
     * Without it MSH-18 stays empty (HL7's default, ASCII): say the charset when names may not be ASCII.
     *
     * @throws IllegalArgumentException for a character set HL7 v2 has no code for
     */
    public AdtWriter withCharset(String javaCharsetName) {
        String code = switch (java.nio.charset.Charset.forName(javaCharsetName).name()) {
            case "UTF-8" -> "UNICODE UTF-8";
            case "ISO-8859-1" -> "8859/1";
            case "US-ASCII" -> "ASCII";
            default -> throw new IllegalArgumentException("character set " + javaCharsetName
                    + " has no HL7 v2 MSH-18 code here: use UTF-8, ISO-8859-1 or US-ASCII");
        };
        return new AdtWriter(receiver, sendingApplication, hl7Version, sendingFacility, clock, code);
    }

    /** The same writer with another clock for MSH-7 (tests). */
    AdtWriter withClock(Clock other) {
        return new AdtWriter(receiver, sendingApplication, hl7Version, sendingFacility, other, characterSet);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.strip();
    }

    /**
     * ER7 text, segments separated by CR. controlId goes in MSH-10 (the CareBridge message id, so the trust
     * can de-duplicate).
     *
     * @throws DeliveryException permanent, when the event cannot be expressed as ADT (only
     *         {@link AdtTrigger#SUPPORTED_EVENTS}; the route should not send other events to an hl7v2
     *         partner), when the message has no Patient or the Patient no identifier, or when a visit event
     *         has no Encounter. Resending cannot help, so these go straight to the dead-letter queue.
     */
    public String write(Bundle message, String controlId) throws DeliveryException {
        Objects.requireNonNull(message, "message");
        if (controlId == null || controlId.isBlank()) {
            throw new IllegalArgumentException("controlId (the CareBridge message id) must not be blank");
        }
        CareBridgeEvent event = Messages.event(message).orElseThrow(() -> DeliveryException.permanent(
                "cannot write HL7 v2 ADT for partner " + receiver.id() + ": the message has no CareBridge event in "
                        + "its MessageHeader"));
        BundleIndex index = new BundleIndex(message);
        Encounter encounter = encounter(message, index).orElse(null);
        AdtTrigger trigger = AdtTrigger.of(event, encounter).orElseThrow(() -> DeliveryException.permanent(
                "event '" + event.code() + "' cannot be expressed as HL7 v2 ADT for partner " + receiver.id()
                        + " (format hl7v2): only " + AdtTrigger.SUPPORTED_EVENTS + " can; change the route so it "
                        + "does not send other events to this partner"));
        Patient patient = patient(message, encounter, index).orElseThrow(() -> DeliveryException.permanent(
                "cannot write HL7 v2 ADT " + trigger + " for event '" + event.code() + "': the message has no "
                        + "Patient"));
        if (!PatientSegments.hasIdentifier(patient)) {
            throw DeliveryException.permanent("cannot write HL7 v2 ADT " + trigger + " for event '" + event.code()
                    + "': the Patient has no identifier for PID-3 (neither NHS number nor local id)");
        }
        if (encounter == null && trigger.needsEncounter()) {
            throw DeliveryException.permanent("cannot write HL7 v2 ADT " + trigger + " for event '" + event.code()
                    + "': the message has no Encounter for PV1");
        }
        try {
            Message adt = trigger.newMessage();
            msh((MSH) adt.get("MSH"), trigger, controlId);
            evn((EVN) adt.get("EVN"), trigger, message);
            PatientSegments patients = new PatientSegments(index);
            patients.pid(patient, (PID) adt.get("PID"));
            patients.pd1(patient, (PD1) adt.get("PD1"));
            if (java.util.Arrays.asList(adt.getNames()).contains("NK1")) {
                // ADT_A01, A03, A05 carry next of kin; ADT_A02, A09, A12 have no NK1.
                patients.nk1(patient, rep -> nextOfKin(adt, rep));
            }
            PV1 pv1 = (PV1) adt.get("PV1");
            if (encounter == null) {
                VisitSegment.noVisit(pv1);
            } else {
                new VisitSegment(index).pv1(encounter, trigger, pv1);
                if (VisitSegment.expectedDischarge(encounter).isPresent()) {
                    // Every structure we write (ADT_A01, A02, A03, A05, A09, A12, A38) has PV2 right after PV1.
                    VisitSegment.pv2(encounter, (PV2) adt.get("PV2"));
                }
            }
            return hapi.getPipeParser().encode(adt);
        } catch (HL7Exception e) {
            // HAPI's message may quote the value it refused: name only the kind of failure.
            throw DeliveryException.permanent("cannot write HL7 v2 ADT " + trigger + " for event '" + event.code()
                    + "': HAPI refused a value (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static NK1 nextOfKin(Message adt, int rep) {
        try {
            return (NK1) adt.get("NK1", rep);
        } catch (HL7Exception e) {
            throw new IllegalStateException("the ADT structure has no NK1 repetition " + rep, e);
        }
    }

    private void msh(MSH msh, AdtTrigger trigger, String controlId) throws HL7Exception {
        set(msh.getFieldSeparator(), "|");
        set(msh.getEncodingCharacters(), "^~\\&");
        set(msh.getSendingApplication().getNamespaceID(), sendingApplication);
        set(msh.getSendingFacility().getNamespaceID(), sendingFacility);
        set(msh.getReceivingApplication().getNamespaceID(), receiver.id());
        set(msh.getReceivingFacility().getNamespaceID(),
                receiver.odsCode() == null || receiver.odsCode().isBlank() ? receiver.id() : receiver.odsCode());
        set(msh.getDateTimeOfMessage().getTime(), Hl7Timestamps.of(clock.instant()));
        set(msh.getMessageType().getMessageCode(), "ADT");
        set(msh.getMessageType().getTriggerEvent(), trigger.name());
        if (!"2.3".equals(hl7Version)) {
            // MSH-9.3 message structure exists from v2.3.1.
            set(msh.getMessageType().getMessageStructure(), trigger.structure());
        }
        msh.getMessageControlID().setValue(controlId.strip());
        set(msh.getProcessingID().getProcessingID(), "P");
        set(msh.getVersionID().getVersionID(), hl7Version);
        if (characterSet != null) {
            set(msh.getCharacterSet(0), characterSet);
        }
    }

    private void evn(EVN evn, AdtTrigger trigger, Bundle message) throws HL7Exception {
        set(evn.getEventTypeCode(), trigger.name());
        // When it happened at the source partner (MessageBuilder's timestamp), to the second.
        String when = Hl7Timestamps.of(message.getTimestamp() != null ? message.getTimestamp().toInstant() : clock.instant());
        set(evn.getRecordedDateTime().getTime(), when);
        set(evn.getEventOccurred().getTime(), when);
    }

    /** The Encounter the MessageHeader focuses on, else the first Encounter in the message. */
    private static Optional<Encounter> encounter(Bundle message, BundleIndex index) {
        Optional<MessageHeader> header = Messages.header(message);
        if (header.isPresent()) {
            for (Reference focus : header.get().getFocus()) {
                Optional<Encounter> e = index.resolve(focus, Encounter.class);
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Encounter.class::isInstance).map(Encounter.class::cast).findFirst();
    }

    /** The Encounter's subject when it is in the message, else the first Patient. */
    private static Optional<Patient> patient(Bundle message, Encounter encounter, BundleIndex index) {
        if (encounter != null) {
            Optional<Patient> subject = index.resolve(encounter.getSubject(), Patient.class);
            if (subject.isPresent()) {
                return subject;
            }
        }
        return Messages.patient(message);
    }

    public Partner receiver() {
        return receiver;
    }

    public String hl7Version() {
        return hl7Version;
    }
}
