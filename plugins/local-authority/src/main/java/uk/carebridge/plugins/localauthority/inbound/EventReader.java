package uk.carebridge.plugins.localauthority.inbound;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;

import uk.carebridge.fhir.NhsNumber;

/**
 * Reads a request body sent to one of the council endpoints: parses it, checks it against the resource's
 * v1 schema and then the rules a schema cannot say (the NHS number's Modulus 11 check digit, date order).
 * Thread-safe; one per plugin is enough.
 */
public final class EventReader {

    private final ObjectMapper json = new ObjectMapper()
            // A body with two "nhsNumber" keys or trailing text is ambiguous: refuse it rather than guess.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ReadResult read(CouncilResource resource, String body) {
        if (body == null || body.isBlank()) {
            return new ReadResult.Rejected(List.of(new Problem("$", "the body is empty: send a JSON object")));
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new ReadResult.Rejected(List.of(malformed(e)));
        } catch (IOException e) {
            return new ReadResult.Rejected(List.of(new Problem("$", "the body cannot be read as JSON")));
        }
        Set<ValidationMessage> messages = CouncilSchemas.of(resource).validate(node);
        List<Problem> problems = new ArrayList<>(SchemaProblems.of(messages));
        problems.addAll(businessRules(node));
        if (!problems.isEmpty()) {
            return new ReadResult.Rejected(problems);
        }
        return new ReadResult.Accepted(resource, node.get("eventId").asText(), node);
    }

    /** Jackson's own message quotes the offending text, which may be patient data: give the place only. */
    private static Problem malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new Problem("$", "the body is not well-formed JSON" + where);
    }

    /** Rules beyond the schema; each looks only at values of the right type, so it is safe on any body. */
    private static List<Problem> businessRules(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode nhsNumber = body.path("person").path("nhsNumber");
        if (nhsNumber.isTextual() && !NhsNumber.isValid(nhsNumber.asText())) {
            problems.add(new Problem("$.person.nhsNumber",
                    "is not a valid NHS number: the check digit (Modulus 11) does not match"));
        }
        JsonNode birthDate = body.path("person").path("birthDate");
        if (birthDate.isTextual() && birthDate.asText().compareTo(LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()) > 0) {
            problems.add(new Problem("$.person.birthDate", "is in the future"));
        }
        checkOrder(body.path("assessment"), "$.assessment", "startedOn", "completedOn", problems);
        JsonNode carePackage = body.path("carePackage");
        checkOrder(carePackage, "$.carePackage", "startDate", "endDate", problems);
        JsonNode services = carePackage.path("services");
        // Only an array of objects (the schema says why anything else is wrong): an object's size() is its member
        // count and get(i) of it null, which was a NullPointerException and a 500 (issue 23.2).
        for (int i = 0; services.isArray() && i < services.size(); i++) {
            JsonNode service = services.get(i);
            if (!service.isObject()) {
                continue;
            }
            // A service without its own start runs from the package's start (as the mapping does).
            JsonNode starts = service.has("startDate") ? service : carePackage;
            String path = "$.carePackage.services[" + i + "]";
            if (starts.path("startDate").isTextual() && service.path("endDate").isTextual()
                    && service.get("endDate").asText().compareTo(starts.get("startDate").asText()) < 0) {
                problems.add(new Problem(path + ".endDate", "is before startDate" + (starts == service ? "" : " (of the package)")));
            }
        }
        return problems;
    }

    private static void checkOrder(JsonNode node, String path, String from, String to, List<Problem> problems) {
        // ISO dates (YYYY-MM-DD, schema-checked) sort as text.
        if (node.path(from).isTextual() && node.path(to).isTextual() && node.get(to).asText().compareTo(node.get(from).asText()) < 0) {
            problems.add(new Problem(path + "." + to, "is before " + from));
        }
    }
}
