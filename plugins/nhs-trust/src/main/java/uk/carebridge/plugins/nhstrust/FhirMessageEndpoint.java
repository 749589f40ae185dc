package uk.carebridge.plugins.nhstrust;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UrlType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import uk.carebridge.fhir.FhirSystems;
import uk.carebridge.fhir.Outcomes;
import uk.carebridge.plugin.InboundGateway;
import uk.carebridge.plugin.InboundOutcome;
import uk.carebridge.plugin.InboundRecord;
import uk.carebridge.plugin.InboundUnavailableException;
import uk.carebridge.plugin.http.ApiKey;
import uk.carebridge.plugin.http.OutcomeAnswer;
import uk.carebridge.plugins.nhstrust.inbound.AdtReader;

/**
 * {@code POST /partners/<id>/fhir/$process-message}: a trust that speaks FHIR sends a message Bundle
 * (JSON). 202 once the broker holds it (or held it before: a resent Bundle id is not routed twice);
 * 400 for what is not a FHIR message, 422 for a message that fails CareBridge's checks, 401 for a
 * missing or wrong API key, 503 (Retry-After) when CareBridge cannot persist now, 500 for an internal error.
 * Every answer is an OperationOutcome; none quotes a data value from the request (it may be patient data).
 */
final class FhirMessageEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FhirMessageEndpoint.class);

    /** HL7 v2 trigger events as FHIR message events (the FHIR messaging convention for ADT-like events). */
    static final String V2_EVENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0003";

    private final String partnerId;
    private final FhirContext fhir;
    private final InboundGateway gateway;
    private final ApiKey apiKey;

    FhirMessageEndpoint(String partnerId, FhirContext fhir, InboundGateway gateway, ApiKey apiKey) {
        this.partnerId = partnerId;
        this.fhir = fhir;
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    @Override
    public void process(Exchange exchange) {
        OutcomeAnswer answer;
        try {
            answer = answer(exchange.getMessage().getHeader(ApiKey.HEADER, String.class),
                    exchange.getMessage().getBody(String.class));
        } catch (RuntimeException e) {
            // Left to Camel, the sender would get a bare 500 with no body; say what it can do, nothing internal.
            LOG.error("partner {}: FHIR message not accepted, internal error ({})", partnerId,
                    e.getClass().getSimpleName(), e);
            answer = OutcomeAnswer.internalError("message");
        }
        answer.writeTo(exchange, fhir);
    }

    OutcomeAnswer answer(String presentedKey, String body) {
        if (!apiKey.accepts(presentedKey)) {
            LOG.warn("partner {}: FHIR message refused: missing or wrong API key", partnerId);
            return OutcomeAnswer.unauthorised();
        }
        if (body == null || body.isBlank()) {
            return bad(400, IssueType.REQUIRED, null, "the request body is empty: POST a FHIR Bundle of type message");
        }
        Bundle bundle;
        try {
            IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
            bundle = parser.parseResource(Bundle.class, body);
        } catch (DataFormatException | ClassCastException e) {
            // The parser's text may quote values the sender sent: fine in the answer to that sender, not in logs.
            LOG.warn("partner {}: FHIR message refused: not a parseable FHIR Bundle", partnerId);
            return unparseable(body, parseProblem(e.getMessage()));
        } catch (RuntimeException e) {
            // HAPI's parser fails on some malformed input with an exception of its own making (a NullPointerException
            // for an extension that is null, others for an empty resourceType): still the sender's JSON, never a 500.
            LOG.warn("partner {}: FHIR message refused: not a parseable FHIR Bundle (the parser failed: {})", partnerId,
                    e.getClass().getSimpleName());
            return unparseable(body, "");
        }
        FhirJsonShape.Problem date = FhirJsonShape.unusableDate(fhir, bundle);
        if (date != null) {
            LOG.warn("partner {}: FHIR message refused: {} is not a valid date", partnerId, date.location());
            return bad(400, IssueType.INVALID, date.location(), date.reason());
        }
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            return bad(400, IssueType.INVALID, "Bundle.type", "must be 'message' for $process-message");
        }
        String sourceKey = messageKey(bundle);
        if (sourceKey == null) {
            return bad(400, IssueType.REQUIRED, "Bundle.identifier",
                    "a message needs Bundle.identifier.value (or Bundle.id) so a resend can be recognised");
        }
        normaliseEvent(bundle);
        sourceIsThePartner(bundle);
        InboundOutcome outcome;
        try {
            outcome = gateway.submit(InboundRecord.message(sourceKey, bundle));
        } catch (InboundUnavailableException e) {
            LOG.warn("partner {}: FHIR message not accepted, CareBridge cannot persist it now: {}", partnerId,
                    e.getMessage());
            return bad(503, IssueType.TRANSIENT, null, "CareBridge cannot store messages at the moment; resend later");
        }
        if (!outcome.isPersisted()) {
            // Only the location: the reason may be a validator's text quoting a value (the journal and the answer have it).
            LOG.warn("partner {}: FHIR message {} rejected at {}", partnerId, outcome.messageId(), outcome.location());
            return new OutcomeAnswer(422, Outcomes.error(IssueType.INVALID, outcome.location(), outcome.reason()),
                    outcome.messageId());
        }
        return OutcomeAnswer.persisted(outcome, "", "Bundle.identifier");
    }

    private static final Pattern WRONG_TYPE = Pattern.compile("expected \"(\\w{1,64})\" but found \"(\\w{1,64})\"");
    private static final Pattern ELEMENT = Pattern.compile("\\[element=\"([\\w.\\[\\]-]{1,100})\"\\]");
    private static final Pattern UNKNOWN_ELEMENT = Pattern.compile("[Uu]nknown element '([\\w-]{1,64})'");
    private static final Pattern POSITION = Pattern.compile("line: (\\d{1,9}), column: (\\d{1,9})");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{1,5}");

    /**
     * What HAPI's parse error says, without the values it quotes: its messages repeat the offending value (an NHS
     * number as a birthDate, say) and Jackson's quote a slice of the body. Only names, positions and the error
     * code are kept; Outcomes diagnostics must never carry patient data.
     */
    static String parseProblem(String message) {
        if (message == null) {
            return "";
        }
        List<String> facts = new ArrayList<>();
        if (message.contains("does not appear to be FHIR JSON")) {
            facts.add("the body is not a JSON object");
        }
        Matcher m = WRONG_TYPE.matcher(message);
        if (m.find()) {
            facts.add("the resource is a " + m.group(2) + ", not a " + m.group(1));
        }
        m = ELEMENT.matcher(message);
        if (m.find()) {
            facts.add("invalid value in element " + m.group(1));
        }
        m = UNKNOWN_ELEMENT.matcher(message);
        if (m.find()) {
            facts.add("unknown element " + m.group(1));
        }
        m = POSITION.matcher(message);
        if (m.find()) {
            facts.add("JSON syntax error at line " + m.group(1) + ", column " + m.group(2));
        }
        m = HAPI_CODE.matcher(message);
        List<String> codes = new ArrayList<>();
        while (m.find()) {
            codes.add(m.group());
        }
        return (facts.isEmpty() ? "" : ": " + String.join("; ", facts))
                + (codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")");
    }

    /**
     * 400 for a body HAPI could not parse. Where its error names no element (or it failed with an exception of its
     * own), a look at the JSON's shape names it: an empty resourceType, an extension without url.
     */
    private static OutcomeAnswer unparseable(String body, String hapiProblem) {
        FhirJsonShape.Problem shape = hapiProblem.startsWith(": ") ? null : FhirJsonShape.firstProblem(body);
        if (shape == null) {
            return new OutcomeAnswer(400, Outcomes.error(IssueType.STRUCTURE, "Bundle",
                    "not a FHIR R4 Bundle in JSON" + (hapiProblem.isEmpty() ? ": the FHIR parser could not read it"
                            : hapiProblem)), null);
        }
        return new OutcomeAnswer(400, Outcomes.error(IssueType.STRUCTURE, shape.location(),
                "not a FHIR R4 Bundle in JSON: " + shape.location() + " " + shape.reason() + hapiProblem), null);
    }

    private static OutcomeAnswer bad(int status, IssueType type, String location, String diagnostics) {
        return OutcomeAnswer.error(status, type, location, diagnostics);
    }

    /** The sender's id for the message: Bundle.identifier (system|value), else Bundle.id. */
    private static String messageKey(Bundle bundle) {
        if (bundle.hasIdentifier() && bundle.getIdentifier().hasValue()) {
            String system = bundle.getIdentifier().hasSystem() ? bundle.getIdentifier().getSystem() + "|" : "";
            return "fhir:" + system + bundle.getIdentifier().getValue();
        }
        if (bundle.hasIdElement() && bundle.getIdElement().getIdPart() != null) {
            return "fhir:" + bundle.getIdElement().getIdPart();
        }
        return null;
    }

    /**
     * {@code MessageHeader.source} names the partner CareBridge knows the message came from, as on the HL7 v2
     * path (name = partner id, endpoint {@code urn:carebridge:partner:<id>}): routes and the journal read it, and
     * a sender cannot speak for another partner. The sender's own name and endpoint are kept in the extensions
     * {@link FhirSystems#SENDER_SOURCE_NAME} and {@link FhirSystems#SENDER_SOURCE_ENDPOINT}; the rest of
     * source (software, version, contact) is left as sent.
     */
    private void sourceIsThePartner(Bundle bundle) {
        if (!(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            return;
        }
        MessageHeader.MessageSourceComponent source = header.getSource();
        String endpoint = FhirSystems.PARTNER_ENDPOINT_BASE + partnerId;
        if (source.hasEndpoint() && !endpoint.equals(source.getEndpoint())
                && !source.hasExtension(FhirSystems.SENDER_SOURCE_ENDPOINT)) {
            source.addExtension(FhirSystems.SENDER_SOURCE_ENDPOINT, new UrlType(source.getEndpoint()));
        }
        if (source.hasName() && !partnerId.equals(source.getName())
                && !source.hasExtension(FhirSystems.SENDER_SOURCE_NAME)) {
            source.addExtension(FhirSystems.SENDER_SOURCE_NAME, new StringType(source.getName()));
        }
        source.setName(partnerId).setEndpoint(endpoint);
    }

    /** A message whose event is an HL7 v2 trigger (A01, A03, ...) is given the matching CareBridge event. */
    private static void normaliseEvent(Bundle bundle) {
        if (!(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)
                || !(header.getEvent() instanceof Coding coding) || !V2_EVENT_SYSTEM.equals(coding.getSystem())) {
            return;
        }
        AdtReader.eventOf(coding.getCode()).ifPresent(event -> header.setEvent(event.coding()));
    }
}
