package uk.carebridge.plugins.localauthority;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Messages;
import uk.carebridge.fhir.NhsNumber;
import uk.carebridge.fhir.UkCore;

/**
 * OUTBOUND: a CareBridge FHIR message -> the JSON notice a council receives (notice.schema.json), or the reason
 * the message is no notice for a council. The README's "Notices to the council" table is the mapping.
 * Thread-safe; build once per council partner. No reason or exception text carries patient data.
 */
public final class NoticeWriter {

    static final String NO_NHS_NUMBER = "the person has no NHS number: a council matches people by NHS number";
    static final String INVALID_NHS_NUMBER = "the person's NHS number fails its Modulus 11 check: a council matches "
            + "people by NHS number";
    static final String NO_ODS_CODE = "the message does not name the sending organisation's ODS code";

    private final String councilPartnerId;

    public NoticeWriter(String councilPartnerId) {
        this.councilPartnerId = councilPartnerId;
    }

    /**
     * @param messageId the CareBridge message id (becomes noticeId, the council's idempotency key)
     * @param sentAt    now
     * @throws IllegalStateException only when the notice written breaks notice.schema.json (a bug here, or a
     *                               message id the schema does not take), listing the problems without values
     */
    public NoticeResult write(Bundle message, String messageId, OffsetDateTime sentAt) {
        NoticeMessage view = new NoticeMessage(message);
        if (!view.hasHeader()) {
            return new NoticeResult.NotANotice("the bundle is not a CareBridge message (no MessageHeader first)");
        }
        Optional<CareBridgeEvent> event = Messages.event(message);
        if (event.isEmpty()) {
            return new NoticeResult.NotANotice("the message carries no CareBridge event code");
        }
        NoticeDraft draft = draft(event.get(), view);
        if (!draft.isNotice()) {
            return new NoticeResult.NotANotice(draft.notANotice());
        }

        Patient patient = NoticePerson.of(view, draft.about());
        String nhsNumber = NoticePerson.nhsNumber(patient);
        if (nhsNumber == null) {
            return new NoticeResult.NotANotice(NO_NHS_NUMBER);
        }
        if (!NhsNumber.isValid(nhsNumber)) {
            return new NoticeResult.NotANotice(INVALID_NHS_NUMBER);
        }
        // The header's sender is the last resort: the plugins name the organisation on the resource itself.
        List<Reference> senders = new ArrayList<>(draft.senders());
        senders.add(view.header().getSender());
        Optional<NoticeMessage.Ods> from = view.firstOds(senders);
        if (from.isEmpty()) {
            return new NoticeResult.NotANotice(NO_ODS_CODE);
        }

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("noticeId", messageId);
        body.put("sentAt", NoticeTimes.dateTime(sentAt));
        body.put("type", draft.type().code());
        body.set("person", NoticePerson.json(patient, nhsNumber));
        ObjectNode sender = body.putObject("from").put("odsCode", from.get().code());
        if (from.get().name() != null && !from.get().name().isBlank()) {
            sender.put("name", from.get().name());
        }
        body.set(draft.type().member(), draft.member().write(from.get()));
        check(body, event.get());
        return new NoticeResult.Notice(draft.type(), nhsNumber, body);
    }

    private static NoticeDraft draft(CareBridgeEvent event, NoticeMessage view) {
        return switch (event) {
            case ADMISSION, DISCHARGE, TRANSFER, PERSON_UPDATE -> EncounterNotices.draft(event, view);
            case REFERRAL -> ReferralNotice.draft(view);
            case OBSERVATION -> ObservationNotice.draft(view);
            default -> NoticeDraft.none("a " + event.code() + " message is not a council notice");
        };
    }

    /** A notice that breaks the schema we publish is our bug: refuse to send it rather than let the council guess. */
    private void check(ObjectNode body, CareBridgeEvent event) {
        List<Problem> problems = SchemaProblems.of(CouncilSchemas.notice().validate(body));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the notice written for council " + councilPartnerId + " from a "
                    + event.code() + " message breaks notice.schema.json: " + problems);
        }
    }

    // ---- The pieces of the translation, nested so the outbound mapping reads as one unit. ----

    /**
     * Read access to a CareBridge message for the notice writers: references resolved inside the bundle (by the
     * {@code urn:uuid:} fullUrl the MessageBuilder gives every entry) and organisations read as ODS codes.
     */
    static final class NoticeMessage {

        /** What notice.schema.json accepts as an ODS code; anything else is treated as no code rather than sent. */
        private static final Pattern ODS_CODE = Pattern.compile("[A-Z0-9]{3,10}");

        /** An organisation as a council sees it: its ODS code and, when the message gives one, its name. */
        record Ods(String code, String name) {
        }

        private final Bundle bundle;
        private final MessageHeader header;

        NoticeMessage(Bundle bundle) {
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
            String code = id.getValue().strip().toUpperCase(Locale.ROOT);
            return ODS_CODE.matcher(code).matches() ? code : null;
        }
    }

    /**
     * FHIR dates and times as notice.schema.json wants them: {@code occurredAt} is an RFC 3339 date-time with an
     * offset, {@code date} is YYYY-MM-DD.
     */
    static final class NoticeTimes {
        private NoticeTimes() {
        }

        /** Whole seconds with the offset ("Z" for UTC): what RFC 3339 requires and a council system expects. */
        static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

        /** A date without a time is a day in England: it starts at midnight there (GMT or BST). */
        static final ZoneId UK = ZoneId.of("Europe/London");

        static String dateTime(OffsetDateTime when) {
            return when.format(DATE_TIME);
        }

        /**
         * A FHIR dateTime/instant as RFC 3339, in the offset it was written with. A date alone becomes the start of
         * that day in England (there is no time to keep and inventing one later in the day would be a guess); a
         * month or a year is too vague for a notice and gives null, as does an absent value.
         */
        static String dateTime(BaseDateTimeType value) {
            if (value == null || value.getValue() == null || value.getPrecision() == null) {
                return null;
            }
            TemporalPrecisionEnum precision = value.getPrecision();
            if (precision == TemporalPrecisionEnum.DAY) {
                return dateTime(LocalDate.parse(value.getValueAsString().substring(0, 10)).atStartOfDay(UK).toOffsetDateTime());
            }
            if (precision.ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
                return null;
            }
            long millis = value.getValue().getTime();
            TimeZone zone = value.getTimeZone();
            ZoneOffset offset = zone == null
                    ? UK.getRules().getOffset(value.getValue().toInstant())
                    : ZoneOffset.ofTotalSeconds(zone.getOffset(millis) / 1000);
            return dateTime(value.getValue().toInstant().atOffset(offset));
        }

        /** The calendar date as written (no shift between zones), or null when absent or coarser than a day. */
        static String date(BaseDateTimeType value) {
            if (value == null || value.getValue() == null || value.getPrecision() == null
                    || value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
                return null;
            }
            return value.getValueAsString().substring(0, 10);
        }
    }

    /** The notice's {@code person}: who the event is about, as far as a council needs to find them in its records. */
    static final class NoticePerson {
        private NoticePerson() {
        }

        /** The Patient the event's resource is about, else the message's first Patient, or null. */
        static Patient of(NoticeMessage message, Resource about) {
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

    /**
     * What an event's reader found before the envelope is written: the notice type, the resource the event is about
     * (whose subject is the person), where the sending organisation is named, and how to write the type's member
     * once the sender is known. Or, when {@code notANotice} is set, why there is no notice.
     */
    record NoticeDraft(NoticeType type, Resource about, List<Reference> senders, Member member, String notANotice) {

        /** Writes the member; the sender is given because some members repeat its ODS code. */
        @FunctionalInterface
        interface Member {
            ObjectNode write(NoticeMessage.Ods from);
        }

        static NoticeDraft of(NoticeType type, Resource about, List<Reference> senders, Member member) {
            return new NoticeDraft(type, about, senders, member, null);
        }

        static NoticeDraft none(String reason) {
            return new NoticeDraft(null, null, List.of(), null, reason);
        }

        boolean isNotice() {
            return notANotice == null;
        }
    }

    /**
     * Notices from an Encounter: admission, discharge, a care home resident going to hospital, and an expected
     * discharge date (on a ward transfer or a person update). The sender is the Encounter's serviceProvider.
     */
    static final class EncounterNotices {
        private EncounterNotices() {
        }

        static final String ADMISSION_METHOD = UkCore.BASE + "/StructureDefinition/Extension-UKCore-AdmissionMethod";
        private static final Set<String> ADMISSION_METHOD_SYSTEMS = Set.of(
                UkCore.BASE + "/CodeSystem/UKCore-AdmissionMethodEngland",
                UkCore.BASE + "/CodeSystem/NHSDataModelAndDictionary-AdmissionMethod");
        private static final Set<String> DISCHARGE_DESTINATION_SYSTEMS = Set.of(
                UkCore.DISCHARGE_DESTINATION_SYSTEM,
                UkCore.BASE + "/CodeSystem/NHSDataModelAndDictionary-DischargeDestination");

        static NoticeDraft draft(CareBridgeEvent event, NoticeMessage message) {
            if (event == CareBridgeEvent.PERSON_UPDATE) {
                // An ADT A08 carries the visit beside the Patient (the focus); only a new expected date is news.
                for (Encounter e : message.all(Encounter.class)) {
                    String date = expectedDischargeDate(e);
                    if (date != null) {
                        return expected(e, date);
                    }
                }
                return NoticeDraft.none("a person-update without an expected discharge date is not a council notice");
            }
            Encounter encounter = message.focusOrFirst(Encounter.class);
            if (encounter == null) {
                return NoticeDraft.none("a " + event.code() + " message without an Encounter is not a council notice");
            }
            if (encounter.getStatus() == Encounter.EncounterStatus.ENTEREDINERROR
                    || encounter.getStatus() == Encounter.EncounterStatus.CANCELLED) {
                // ADT A11/A13 cancel an admission or a discharge: the notice schema has no "cancelled", and sending
                // the cancelled event as if it happened would mislead the council.
                return NoticeDraft.none("a cancelled " + event.code() + " (Encounter entered-in-error or cancelled) "
                        + "is not a council notice");
            }
            return switch (event) {
                case ADMISSION -> admission(encounter, message);
                case DISCHARGE -> discharge(encounter, message);
                case TRANSFER -> transfer(encounter, message);
                default -> throw new IllegalArgumentException("not an encounter event");
            };
        }

        private static NoticeDraft admission(Encounter encounter, NoticeMessage message) {
            String admittedAt = timeOr(encounter.getPeriod().getStartElement(), message);
            if (admittedAt == null) {
                return NoticeDraft.none("the admission message does not say when the admission happened");
            }
            return NoticeDraft.of(NoticeType.ADMISSION, encounter, senders(encounter), from -> {
                ObjectNode admission = object().put("admittedAt", admittedAt);
                putIfPresent(admission, "method", admissionMethod(encounter));
                Location ward = ward(encounter, message);
                if (ward != null) {
                    putIfPresent(admission, "ward", ward.hasName() ? ward.getName() : null);
                    // The site only when it is not the sender itself (a trust's Locations name the trust).
                    message.ods(ward.getManagingOrganization()).map(NoticeMessage.Ods::code)
                            .filter(site -> !site.equals(from.code())).ifPresent(site -> admission.put("siteOdsCode", site));
                }
                return admission;
            });
        }

        private static NoticeDraft discharge(Encounter encounter, NoticeMessage message) {
            String dischargedAt = timeOr(encounter.getPeriod().getEndElement(), message);
            if (dischargedAt == null) {
                return NoticeDraft.none("the discharge message does not say when the discharge happened");
            }
            return NoticeDraft.of(NoticeType.DISCHARGE_COMPLETED, encounter, senders(encounter), from -> {
                ObjectNode discharge = object().put("dischargedAt", dischargedAt);
                putIfPresent(discharge, "destination", destination(encounter.getHospitalization().getDischargeDisposition()));
                message.ods(encounter.getHospitalization().getDestination())
                        .ifPresent(d -> discharge.put("destinationOdsCode", d.code()));
                return discharge;
            });
        }

        /**
         * A care home's transfer names the hospital (hospitalization.destination by ODS code); a hospital's ward
         * transfer does not, and is news to a council only when it carries an expected discharge date.
         */
        private static NoticeDraft transfer(Encounter encounter, NoticeMessage message) {
            Optional<NoticeMessage.Ods> hospital = message.ods(encounter.getHospitalization().getDestination());
            if (hospital.isEmpty()) {
                String date = expectedDischargeDate(encounter);
                return date != null ? expected(encounter, date)
                        : NoticeDraft.none("a transfer within a hospital is not a council notice");
            }
            String transferredAt = timeOr(encounter.getPeriod().getEndElement(), message);
            if (transferredAt == null) {
                return NoticeDraft.none("the transfer message does not say when the transfer happened");
            }
            return NoticeDraft.of(NoticeType.CARE_HOME_RESIDENT_TO_HOSPITAL, encounter, senders(encounter), from -> {
                ObjectNode transfer = object().put("transferredAt", transferredAt)
                        .put("careHomeOdsCode", from.code())
                        .put("hospitalOdsCode", hospital.get().code());
                if (encounter.hasReasonCode()) {
                    putIfPresent(transfer, "reason", encounter.getReasonCodeFirstRep().getText());
                }
                return transfer;
            });
        }

        private static NoticeDraft expected(Encounter encounter, String date) {
            return NoticeDraft.of(NoticeType.EXPECTED_DISCHARGE_DATE, encounter, senders(encounter),
                    from -> object().put("date", date));
        }

        private static List<Reference> senders(Encounter encounter) {
            return List.of(encounter.getServiceProvider());
        }

        /** The extension FhirSystems.EXPECTED_DISCHARGE_DATE on hospitalization, as YYYY-MM-DD, or null. */
        static String expectedDischargeDate(Encounter encounter) {
            if (!encounter.hasHospitalization()) {
                return null;
            }
            Extension edd = encounter.getHospitalization().getExtensionByUrl(FhirSystems.EXPECTED_DISCHARGE_DATE);
            return edd != null && edd.getValue() instanceof BaseDateTimeType value ? NoticeTimes.date(value) : null;
        }

        /** The event's own time, else the message time (Bundle.timestamp: when it happened at the sender). */
        private static String timeOr(BaseDateTimeType own, NoticeMessage message) {
            String time = NoticeTimes.dateTime(own);
            return time != null ? time : NoticeTimes.dateTime(message.bundle().getTimestampElement());
        }

        /** The Location the person is in now (status active), else the last one listed. */
        private static Location ward(Encounter encounter, NoticeMessage message) {
            Encounter.EncounterLocationComponent chosen = null;
            for (Encounter.EncounterLocationComponent l : encounter.getLocation()) {
                if (l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE) {
                    chosen = l;
                    break;
                }
                chosen = l;
            }
            return chosen != null && message.resolve(chosen.getLocation()) instanceof Location location ? location : null;
        }

        /**
         * NHS Data Dictionary admission method: 11-13 elective, 21-28 and 2A-2D emergency, 31-32 maternity; any other
         * code (81-83 transfers, 98, 99) or an uncoded value is "other".
         */
        static String admissionMethod(Encounter encounter) {
            Extension ext = encounter.hasHospitalization()
                    ? encounter.getHospitalization().getExtensionByUrl(ADMISSION_METHOD) : null;
            if (ext == null || !(ext.getValue() instanceof CodeableConcept concept) || concept.isEmpty()) {
                return null;
            }
            for (Coding c : concept.getCoding()) {
                if (ADMISSION_METHOD_SYSTEMS.contains(c.getSystem()) && c.hasCode()) {
                    String code = c.getCode();
                    if (code.matches("1[1-3]")) {
                        return "elective";
                    }
                    if (code.matches("2[1-8A-D]")) {
                        return "emergency";
                    }
                    if (code.matches("3[12]")) {
                        return "maternity";
                    }
                }
            }
            return "other";
        }

        /**
         * NHS Data Dictionary discharge destination -> the notice's destination. The care home codes (54 NHS run,
         * 65 local authority, 85 independent) do not say whether the home provides nursing, so they are all
         * "care-home": "nursing-home" is never guessed. 98 (not discharged) and 99 (not known), and a value that
         * is not one of the codes, give no destination rather than a wrong one.
         */
        static String destination(CodeableConcept disposition) {
            if (disposition == null) {
                return null;
            }
            for (Coding c : disposition.getCoding()) {
                if (!DISCHARGE_DESTINATION_SYSTEMS.contains(c.getSystem()) || !c.hasCode()) {
                    continue;
                }
                switch (c.getCode()) {
                    case "19":
                        return "usual-residence";
                    case "29":
                        return "temporary-residence";
                    case "54", "65", "85":
                        return "care-home";
                    case "30", "48", "49", "50", "51", "52", "53", "84", "87":
                        return "other-hospital";
                    case "79":
                        return "died";
                    case "98", "99":
                        return null;
                    default:
                        return "other"; // 37 court, 38 penal establishment, 66 foster care, 88 hospice
                }
            }
            return null;
        }

        private static ObjectNode object() {
            return JsonNodeFactory.instance.objectNode();
        }

        private static void putIfPresent(ObjectNode node, String field, String value) {
            if (value != null && !value.isBlank()) {
                node.put(field, value);
            }
        }
    }

    /**
     * A hospital's request that social care assess a person: a ServiceRequest whose category is a discharge pathway
     * code (before-discharge, pathway-1|2|3). Other referrals (e.g. a council's own) are not notices.
     */
    static final class ReferralNotice {
        private ReferralNotice() {
        }

        static final String NOT_AN_ASSESSMENT_REQUEST = "a referral that is not a request for a social care assessment "
                + "(discharge pathway) is not a council notice";

        static NoticeDraft draft(NoticeMessage message) {
            ServiceRequest request = message.focusOrFirst(ServiceRequest.class);
            String pathway = request == null ? null : pathway(request);
            if (pathway == null) {
                return NoticeDraft.none(NOT_AN_ASSESSMENT_REQUEST);
            }
            return NoticeDraft.of(NoticeType.ASSESSMENT_REQUEST, request, List.of(request.getRequester()), from -> {
                ObjectNode member = JsonNodeFactory.instance.objectNode();
                if (pathway.equals("before-discharge")) {
                    member.put("when", "before-discharge");
                } else {
                    member.put("when", "discharge-to-assess").put("pathway", Integer.parseInt(pathway.substring(8)));
                }
                if (request.hasReasonCode() && request.getReasonCodeFirstRep().hasText()) {
                    member.put("reason", request.getReasonCodeFirstRep().getText());
                }
                if (request.hasOccurrenceDateTimeType()) {
                    DateTimeType expected = request.getOccurrenceDateTimeType();
                    String date = NoticeTimes.date(expected);
                    if (date != null) {
                        member.put("expectedDischargeDate", date);
                    }
                }
                return member;
            });
        }

        /** The discharge pathway code of the request's category, or null. */
        private static String pathway(ServiceRequest request) {
            for (CodeableConcept category : request.getCategory()) {
                for (Coding c : category.getCoding()) {
                    if (FhirSystems.DISCHARGE_PATHWAY.equals(c.getSystem()) && c.hasCode()
                            && c.getCode().matches("before-discharge|pathway-[123]")) {
                        return c.getCode();
                    }
                }
            }
            return null;
        }
    }

    /**
     * A care provider's vital signs (NEWS2 readings) as an observation alert: every measured sign with a LOINC code,
     * and the NEWS2 total when the provider sent one. Coded values without a LOINC code (the ACVPU level is SNOMED
     * CT only) are left out: the schema's readings are LOINC-coded.
     */
    static final class ObservationNotice {
        private ObservationNotice() {
        }

        /** SNOMED CT: Royal College of Physicians NEWS2 (National Early Warning Score 2) total score. */
        static final String NEWS2_TOTAL = "1104051000000101";

        static NoticeDraft draft(NoticeMessage message) {
            Observation focus = message.focusOrFirst(Observation.class);
            if (focus == null) {
                return NoticeDraft.none("an observation message without an Observation is not a council notice");
            }
            Integer news2 = null;
            ArrayNode readings = JsonNodeFactory.instance.arrayNode();
            for (Observation o : message.all(Observation.class)) {
                if (hasCode(o.getCode(), FhirSystems.SNOMED, NEWS2_TOTAL)) {
                    news2 = news2 == null ? score(o.getValue()) : news2;
                    continue;
                }
                if (o.hasComponent()) {
                    // A panel (blood pressure): one reading per component.
                    for (Observation.ObservationComponentComponent c : o.getComponent()) {
                        addReading(readings, c.getCode(), c.getValue());
                    }
                } else {
                    addReading(readings, o.getCode(), o.getValue());
                }
            }
            if (readings.isEmpty()) {
                return NoticeDraft.none("an observation message without a LOINC-coded measurement is not a council notice");
            }
            String observedAt = NoticeTimes.dateTime(focus.hasEffectiveDateTimeType() ? focus.getEffectiveDateTimeType()
                    : focus.hasEffectivePeriod() ? focus.getEffectivePeriod().getStartElement() : null);
            if (observedAt == null) {
                observedAt = NoticeTimes.dateTime(message.bundle().getTimestampElement());
            }
            if (observedAt == null) {
                return NoticeDraft.none("the observation message does not say when the readings were taken");
            }
            // The care-provider plugin names the home as performer; an Encounter's provider or the header's
            // sender stand in for other senders.
            List<Reference> senders = new ArrayList<>(focus.getPerformer());
            message.all(Encounter.class).forEach(e -> senders.add(e.getServiceProvider()));
            String time = observedAt;
            Integer score = news2;
            return NoticeDraft.of(NoticeType.OBSERVATION_ALERT, focus, senders, from -> {
                ObjectNode alert = JsonNodeFactory.instance.objectNode().put("observedAt", time);
                if (score != null) {
                    alert.put("news2Score", score);
                }
                alert.set("observations", readings);
                return alert;
            });
        }

        private static void addReading(ArrayNode readings, CodeableConcept code, Type value) {
            Coding loinc = loinc(code);
            if (loinc == null || value == null) {
                return;
            }
            ObjectNode reading = JsonNodeFactory.instance.objectNode().put("code", loinc.getCode());
            // The sender's text first: LOINC's display can be more specific than the reading was (SpO2 is
            // coded as "in Arterial blood" by UK Core though it is measured peripherally).
            reading.put("name", code.hasText() ? code.getText() : loinc.hasDisplay() ? loinc.getDisplay() : loinc.getCode());
            if (value instanceof Quantity q && q.hasValue()) {
                reading.put("value", q.getValue());
                String unit = q.hasUnit() ? q.getUnit() : q.hasCode() ? q.getCode() : null;
                if (unit != null) {
                    reading.put("unit", unit);
                }
            } else if (value instanceof IntegerType i && i.hasValue()) {
                reading.put("value", i.getValue());
            } else {
                return; // a coded or text value has no place among numeric readings
            }
            readings.add(reading);
        }

        /** A NEWS2 total (0-20) from valueInteger or a whole-number valueQuantity; null otherwise. */
        private static Integer score(Type value) {
            BigDecimal v = null;
            if (value instanceof IntegerType i && i.hasValue()) {
                v = BigDecimal.valueOf(i.getValue());
            } else if (value instanceof Quantity q && q.hasValue()) {
                v = q.getValue();
            }
            if (v == null || v.signum() < 0 || v.compareTo(BigDecimal.valueOf(20)) > 0 || v.stripTrailingZeros().scale() > 0) {
                return null;
            }
            return v.intValueExact();
        }

        private static Coding loinc(CodeableConcept code) {
            for (Coding c : code.getCoding()) {
                if (FhirSystems.LOINC.equals(c.getSystem()) && c.hasCode()) {
                    return c;
                }
            }
            return null;
        }

        private static boolean hasCode(CodeableConcept concept, String system, String code) {
            return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
        }
    }
}
