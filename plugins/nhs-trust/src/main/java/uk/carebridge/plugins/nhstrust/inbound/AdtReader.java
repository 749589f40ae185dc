package uk.carebridge.plugins.nhstrust.inbound;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v251.segment.EVN;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.NK1;
import ca.uhn.hl7v2.model.v251.segment.PD1;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.MessageBuilder;
import uk.carebridge.plugin.Partner;

/**
 * Reads ADT messages from one trust partner: HL7 v2.2 to v2.5.1 (and later versions, read as far as v2.5.1
 * defines them), each into a CareBridge FHIR message of UK Core resources, or a refusal for the ACK.
 * Thread-safe; build once per partner. Nothing here logs, and no reason or exception message carries a
 * patient value.
 *
 * <p>Every version is parsed into HAPI's v2.5.1 model (fields added later are ignored), in the structure the
 * trigger event calls for in v2.5.1 (MSH-9.3 is not trusted). HAPI's validation is off: the checks that matter
 * are done here with field-precise reasons. In order: the MSH header read by hand ({@link Er7}: message type
 * and event, encoding characters, version, processing id, control id), then the text's segments
 * ({@link Er7#checkSegments}: one message, real segment ids, clean characters; {@link SegmentOrder}: the
 * mapped segments once each, in order), because HAPI silently sets aside what it cannot place; then the
 * content, while mapping. Escape sequences are resolved by {@link Hl7Escaping}.
 */
public final class AdtReader {

    /**
     * The oldest version we take. v2.2 is read in the same v2.5.1 model: its PID-3 (patient id, CK/CM:
     * id^check digit^check digit scheme^assigning facility) reads as a CX whose CX-4 is the facility (there is no
     * identifier type), its PID-2 (external id) as today's PID-2, and its other ADT fields sit where v2.5.1 has
     * them. v2.1 and older (PID-3 not yet a patient id list) are refused.
     */
    private static final int MIN_MINOR_VERSION = 2;
    private static final Pattern VERSION = Pattern.compile("2\\.(\\d{1,3})(?:\\.\\d{1,3})?");
    private static final Set<String> PROCESSING_IDS = Set.of("P", "T", "D");

    private final Partner trust;
    private final PipeParser parser;
    private final ModelClassFactory models;
    private final PatientMapper patients;
    private final EncounterMapper encounters;

    public AdtReader(FhirContext fhir, Partner trust) {
        // The FHIR context is not needed to build resources; it is part of the contract so the reader can
        // grow (e.g. narrative, parsing) without changing its callers.
        this.trust = trust;
        this.models = new CanonicalModelClassFactory("2.5.1");
        HapiContext context = new DefaultHapiContext(models);
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's unescaping leaves \X..\ (hex), \H\, \.br\ and the like in the text: ours resolves them.
        context.getParserConfiguration().setEscaping(new Hl7Escaping());
        this.parser = context.getPipeParser();
        this.patients = new PatientMapper(trust.id());
        this.encounters = new EncounterMapper(trust.id());
    }

    /** The CareBridge event an ADT trigger (A01, A03, ...) becomes here; empty for triggers we do not take. */
    public static Optional<CareBridgeEvent> eventOf(String trigger) {
        return AdtEvent.of(trigger).map(e -> e.event);
    }

    /** The message as a CareBridge FHIR message, or the reason it is refused. Never throws for bad input. */
    public AdtReading read(String er7) {
        String text = Er7.normalise(er7);
        Er7.Header msh = Er7.header(text);
        if (msh == null) {
            String reason = text.isEmpty()
                    ? "the message is empty (nothing but blanks or line breaks was received): send one HL7 v2 "
                            + "message per MLLP frame, starting with MSH"
                    : text.startsWith("FHS") || text.startsWith("BHS")
                    ? "the text is a batch (it starts with " + text.substring(0, 3) + "), which this interface does not "
                            + "take: send one message at a time (one per MLLP frame), starting with MSH"
                    : "the message does not start with an MSH segment, so it cannot be read as HL7 v2";
            return new AdtReading.Refused(null, "AR", "MSH", null, Hl7Errors.SEGMENT_SEQUENCE, reason);
        }
        String controlId = msh.controlId().isEmpty() ? null : msh.controlId();
        try {
            AdtEvent event = checkHeader(msh);
            Er7.checkSegments(text, msh.fieldSeparator());
            Message message = event.newMessage(models);
            boolean nextOfKin = hasNextOfKin(message); // asked before parsing, which adds extra segments' names
            List<String> ids = Er7.segmentIds(text);
            SegmentOrder.check(ids, event, nextOfKin);
            parse(message, text);
            checkPlaced(message, event, text, msh, ids);
            return new AdtReading.Translated(controlId, event.name(),
                    translate(message, event, Set.copyOf(ids), nextOfKin));
        } catch (ContentError e) {
            return e.refusal(controlId);
        }
    }

    /**
     * MSH checks that decide whether we take the message at all (AR). The message type is checked as soon as
     * MSH-9 can be read (distinct delimiters): a message we do not take is refused as such, even when its
     * MSH-2 is also wrong (hapi-hl7v2's BAR samples have three encoding characters).
     */
    private static AdtEvent checkHeader(Er7.Header msh) {
        String encoding = msh.encodingCharacters();
        if (encoding.length() < 2 || !distinct(msh.fieldSeparator() + encoding)) {
            throw encodingError();
        }
        String type = msh.messageType();
        String trigger = msh.trigger();
        if (!"ADT".equalsIgnoreCase(type)) {
            throw ContentError.ar("MSH", 9, Hl7Errors.UNSUPPORTED_MESSAGE_TYPE, "message type "
                    + (type.isEmpty() ? "(empty)" : printable(type) + (trigger.isEmpty() ? "" : "^" + printable(trigger)))
                    + " is not supported: this interface takes ADT messages, events " + AdtEvent.supported());
        }
        AdtEvent event = AdtEvent.of(trigger).orElseThrow(() -> ContentError.ar("MSH", 9, Hl7Errors.UNSUPPORTED_EVENT,
                (trigger.isEmpty() ? "MSH-9 names no trigger event" : "ADT^" + printable(trigger) + " is not supported")
                        + ": this interface takes ADT events " + AdtEvent.supported()));
        if (encoding.length() < 4 || encoding.length() > 5) {
            throw encodingError();
        }
        String version = msh.version();
        Matcher v = VERSION.matcher(version);
        if (!v.matches() || Integer.parseInt(v.group(1)) < MIN_MINOR_VERSION) {
            throw ContentError.ar("MSH", 12, Hl7Errors.UNSUPPORTED_VERSION, "HL7 version "
                    + (version.isEmpty() ? "(empty)" : printable(version))
                    + " is not supported: send v2.2 to v2.5.1 (later v2 versions are read as v2.5.1)");
        }
        String processing = msh.processingId();
        if (!processing.isEmpty() && !PROCESSING_IDS.contains(processing.toUpperCase(java.util.Locale.ROOT))) {
            throw ContentError.ar("MSH", 11, Hl7Errors.UNSUPPORTED_PROCESSING_ID, "MSH-11 (processing id) must be "
                    + "P (production), T (training) or D (debugging)");
        }
        if (msh.controlId().isEmpty()) {
            throw ContentError.ar("MSH", 10, Hl7Errors.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is "
                    + "empty: every message needs its own id, used to recognise a resend");
        }
        return event;
    }

    private static ContentError encodingError() {
        return ContentError.ar("MSH", 2, Hl7Errors.DATA_TYPE, "MSH-2 (encoding characters) must be four "
                + "different characters, normally ^~\\&, or five with the v2.7+ truncation character (^~\\&#), none of "
                + "them the field separator");
    }

    /**
     * Refuses a mapped segment written with values that HAPI did not place in the structure (it sets aside a
     * segment that comes after one the structure puts later, e.g. a PV1 after an AL1): read without it, the
     * message would lose it, or be refused as if it had none.
     */
    private static void checkPlaced(Message message, AdtEvent event, String text, Er7.Header msh, List<String> ids) {
        if (!ids.contains("PID")) {
            return; // refused as such by translate (HAPI cannot place a merge's MRG without its PID)
        }
        Group root = event.kind == AdtEvent.Kind.MERGE ? group(message, "PATIENT") : message;
        for (String id : SegmentOrder.mapped(event)) {
            Group parent = id.equals("MSH") || id.equals("EVN") ? message : root;
            if (ids.contains(id) && V2.isEmpty(segment(parent, id, Segment.class)) && Er7.hasValues(text, id, msh)) {
                int at = ids.indexOf(id);
                throw ContentError.ae(id, null, Hl7Errors.SEGMENT_SEQUENCE, "segment " + (at + 1) + " (" + id
                        + ") cannot be read where it stands: a segment before it is one that ADT^" + event.name()
                        + " puts after " + id + "; send the segments in HL7 order");
            }
        }
    }

    /** Whether the event's structure has NK1 segments (ADT_A01, A03, A05 do; ADT_A02, A09, A39 do not). */
    private static boolean hasNextOfKin(Message message) {
        return java.util.Arrays.asList(message.getNames()).contains("NK1");
    }

    private void parse(Message message, String text) {
        try {
            parser.parse(message, text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's message may quote the data: only its location goes into the reason.
            String segment = null;
            Integer field = null;
            if (e instanceof HL7Exception h && h.getLocation() != null && h.getLocation().getSegmentName() != null) {
                segment = h.getLocation().getSegmentName();
                field = h.getLocation().getField() > 0 ? h.getLocation().getField() : null;
            }
            throw ContentError.ar(segment, field, Hl7Errors.SEGMENT_SEQUENCE, "the message cannot be parsed as HL7 v2 "
                    + "ER7" + (segment == null ? "" : " (at " + segment + (field == null ? "" : "-" + field) + ")")
                    + ": check the segment structure and delimiters");
        }
    }

    /**
     * @param written the ids of the segments in the text: HAPI gives an empty segment both for one that is
     *                absent and for one written without values ({@code PV1|}), and a refusal must say which
     */
    private Bundle translate(Message message, AdtEvent event, Set<String> written, boolean nextOfKin) {
        Group root = message;
        if (event.kind == AdtEvent.Kind.MERGE) {
            root = group(message, "PATIENT");
            if (repetitions(message, "PATIENT") > 1) {
                throw ContentError.ar("PID", null, Hl7Errors.SEGMENT_SEQUENCE, "ADT^A40 with more than one PID/MRG "
                        + "pair is not supported: send one merge per message");
            }
        }
        PID pid = segment(root, "PID", PID.class);
        if (V2.isEmpty(pid) && !written.contains("PID")) {
            throw ContentError.ae("PID", null, Hl7Errors.SEGMENT_SEQUENCE, "the message has no PID segment (patient "
                    + "identification) after MSH" + (event.kind == AdtEvent.Kind.MERGE ? "" : " and EVN")
                    + ": ADT^" + event.name() + " needs one");
        }
        MSH mshSegment = segment(message, "MSH", MSH.class);
        EVN evn = segment(message, "EVN", EVN.class);
        Date timestamp = timestamp(mshSegment, evn);
        Hl7Time occurred = V2.isEmpty(evn) ? null : V2.time(evn.getEvn6_EventOccurred(), "EVN", 6, "event occurred");

        Patient patient = patients.patient(pid);
        PD1 pd1 = segment(root, "PD1", PD1.class);
        Organization practice = patients.gpPractice(pd1);
        if (practice != null) {
            patient.addGeneralPractitioner(MessageBuilder.ref(practice));
        }
        Practitioner gp = patients.generalPractitioner(pd1);
        if (gp != null) {
            patient.addGeneralPractitioner(MessageBuilder.ref(gp));
        }
        if (nextOfKin) {
            // Only where the structure has NK1: elsewhere HAPI keeps it as an extra segment wherever it fell.
            patients.contacts(segments(root, "NK1", NK1.class), patient);
        }

        PV1 pv1 = segment(root, "PV1", PV1.class);
        boolean withVisit = switch (event.kind) {
            case VISIT -> true;
            case PERSON_WITH_VISIT -> EncounterMapper.hasVisit(pv1);
            case PERSON, MERGE -> false;
        };
        if (event.kind == AdtEvent.Kind.VISIT) {
            requireVisit(pv1, written.contains("PV1"), event);
        }

        MessageBuilder builder = MessageBuilder.event(event.event, trust.id()).timestamp(timestamp);
        if (event.kind == AdtEvent.Kind.MERGE) {
            MRG mrg = segment(root, "MRG", MRG.class);
            if (V2.isEmpty(mrg) && !written.contains("MRG")) {
                throw ContentError.ae("MRG", null, Hl7Errors.SEGMENT_SEQUENCE, "ADT^A40 needs an MRG segment naming the "
                        + "patient record that is merged");
            }
            Patient replaced = patients.replaced(mrg);
            patient.addLink().setType(Patient.LinkType.REPLACES).setOther(MessageBuilder.ref(replaced));
            replaced.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(MessageBuilder.ref(patient));
            builder.focus(patient).add(replaced);
        } else if (withVisit) {
            Organization provider = trustOrganisation();
            EncounterMapper.Visit visit = encounters.visit(pv1, segment(root, "PV2", PV2.class), event, occurred,
                    patient, provider);
            if (event.kind == AdtEvent.Kind.VISIT) {
                builder.focus(visit.encounter()).add(patient);
            } else {
                builder.focus(patient).add(visit.encounter());
            }
            if (provider != null) {
                builder.add(provider);
            }
            for (Location location : visit.locations()) {
                builder.add(location);
            }
        } else {
            builder.focus(patient);
        }
        if (practice != null) {
            builder.add(practice);
        }
        if (gp != null) {
            builder.add(gp);
        }
        return builder.build();
    }

    /**
     * Refuses a visit event whose PV1 does not give what the event needs, naming what is missing: the segment
     * when there is none; PV1-3 for a transfer without a location; PV1-2 (patient class) when it says N (no
     * visit), when nothing in PV1 describes a visit, or for a class change (A06, A07) without the new class.
     */
    private static void requireVisit(PV1 pv1, boolean written, AdtEvent event) {
        String what = "ADT^" + event.name() + " (" + event.description + ")";
        if (!written) {
            throw ContentError.ae("PV1", null, Hl7Errors.SEGMENT_SEQUENCE, what + " needs a PV1 segment describing "
                    + "the visit (patient class, location, visit number or times)");
        }
        String patientClass = V2.text(pv1.getPv12_PatientClass());
        if ("N".equalsIgnoreCase(patientClass)) {
            throw ContentError.ae("PV1", 2, Hl7Errors.REQUIRED_FIELD_MISSING, "PV1-2 (patient class) is N (not "
                    + "applicable: no visit), but " + what + " is about a visit: send its patient class (I, O, E...)");
        }
        if (!EncounterMapper.hasVisit(pv1)) {
            if (event.movesThePatient()) {
                throw EncounterMapper.noNewLocation();
            }
            throw ContentError.ae("PV1", 2, Hl7Errors.REQUIRED_FIELD_MISSING, "PV1 describes no visit: PV1-2 "
                    + "(patient class) is empty, and so are PV1-3 (location), PV1-19 (visit number) and PV1-44 "
                    + "(admit date/time); " + what + " needs at least the patient class");
        }
        if (event.changesThePatientClass() && patientClass == null) {
            throw ContentError.ae("PV1", 2, Hl7Errors.REQUIRED_FIELD_MISSING, "PV1-2 (patient class) is empty: "
                    + what + " must give the new patient class");
        }
    }

    /**
     * The message's time: EVN-2 (recorded date/time), else MSH-7 (date/time of message), else now. Either one
     * stands in for the other when that one cannot be read (a feed that writes one of them badly still gets
     * through); only when neither can be read is the message refused, at EVN-2 when the message has one.
     */
    private static Date timestamp(MSH msh, EVN evn) {
        ContentError unreadable = null;
        Hl7Time recorded = null;
        if (!V2.isEmpty(evn)) {
            try {
                recorded = V2.time(evn.getEvn2_RecordedDateTime(), "EVN", 2, "recorded date/time");
            } catch (ContentError e) {
                unreadable = e;
            }
        }
        if (recorded != null) {
            return recorded.toDate();
        }
        Hl7Time sent;
        try {
            sent = V2.time(msh.getMsh7_DateTimeOfMessage(), "MSH", 7, "date/time of message");
        } catch (ContentError e) {
            throw unreadable != null ? ContentError.ae("EVN", 2, Hl7Errors.DATA_TYPE, "neither EVN-2 (recorded "
                    + "date/time) nor MSH-7 (date/time of message) is a valid HL7 date/time: write them "
                    + "YYYYMMDD[HHMM[SS]] with an optional +/-ZZZZ offset") : e;
        }
        if (sent != null) {
            return sent.toDate();
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return new Date();
    }

    /** The trust as a UK Core Organization (its ODS code and name); null when the partner has no ODS code. */
    private Organization trustOrganisation() {
        if (trust.odsCode() == null || trust.odsCode().isBlank()) {
            return null;
        }
        return PatientMapper.organisation(trust.odsCode().strip(), trust.name());
    }

    // ---- HAPI structure access ----

    private static <T extends Structure> T segment(Group group, String name, Class<T> type) {
        try {
            Structure s = group.get(name);
            return type.isInstance(s) ? type.cast(s) : null;
        } catch (HL7Exception e) {
            return null;
        }
    }

    /** Every repetition of a segment; none when the structure has no such segment. */
    private static <T extends Structure> java.util.List<T> segments(Group group, String name, Class<T> type) {
        try {
            return java.util.Arrays.stream(group.getAll(name)).filter(type::isInstance).map(type::cast).toList();
        } catch (HL7Exception e) {
            return java.util.List.of();
        }
    }

    private static Group group(Group parent, String name) {
        try {
            return (Group) parent.get(name);
        } catch (HL7Exception e) {
            throw ContentError.ar(null, null, Hl7Errors.SEGMENT_SEQUENCE, "the message structure cannot be read");
        }
    }

    private static int repetitions(Group parent, String name) {
        try {
            return parent.getAll(name).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    private static boolean distinct(String chars) {
        Set<Character> seen = new HashSet<>();
        for (char c : chars.toCharArray()) {
            if (!seen.add(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Message type, trigger and version codes quoted in reasons, when they have the shape of one (ADT, A01, 2.5.1):
     * a field that holds anything else may be patient data that slipped into MSH (a truncated or shifted message put
     * a family name in MSH-12), so it is only described, never quoted.
     */
    private static String printable(String code) {
        return CODE_SHAPE.matcher(code).matches() ? code : "(a value that is not a code)";
    }

    private static final Pattern CODE_SHAPE = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]{2}(_[A-Za-z0-9]{3})?|v?\\d{1,2}(\\.\\d{1,2}){0,3}");
}
