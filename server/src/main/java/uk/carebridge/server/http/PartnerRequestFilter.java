package uk.carebridge.server.http;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import uk.carebridge.plugin.PartnerContext;

/**
 * Runs before every partner endpoint ({@code /partners/*}), before the body is read:
 * <ul>
 *   <li>503 + Retry-After while Camel is not started (starting up or shutting down), and for a configured partner
 *       whose routes are not up ({@link PartnerDoors}: starting, restarting, or failed to start, with the reason),
 *       so a live partner never looks absent (404);</li>
 *   <li>415 for a POST, PUT or PATCH that carries a body whose Content-Type is not JSON
 *       ({@code application/json}, or any {@code application/*+json} such as {@code application/fhir+json}).
 *       platform-http-vertx parses form bodies itself and a form-encoded POST then throws inside the
 *       consumer (STACK-NOTES), and no CareBridge endpoint takes anything but JSON today.</li>
 *   <li>415 for a JSON body whose Content-Type names a charset other than UTF-8 (JSON between systems is UTF-8,
 *       RFC 8259; FHIR too): left to the endpoint, an unknown charset ({@code charset=bogus}) failed the
 *       body's conversion to text with a 500, and a known other one would be read as something it is not.</li>
 * </ul>
 * Errors are answered in JSON: an OperationOutcome under {@code /partners/<id>/fhir/}, where the
 * callers speak FHIR, else {@code {"error": "..."}}.
 */
final class PartnerRequestFilter implements Handler<RoutingContext> {

    static final String ALLOWED = "application/json or application/fhir+json";

    private final BooleanSupplier camelStarted;
    private final PartnerDoors doors;

    PartnerRequestFilter(BooleanSupplier camelStarted, PartnerDoors doors) {
        this.camelStarted = camelStarted;
        this.doors = doors;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!camelStarted.getAsBoolean()) {
            ctx.response().putHeader("Retry-After", "10");
            reply(ctx, 503, "transient", "CareBridge is starting or stopping: resend later");
            return;
        }
        String closed = doors.closedBecause(partnerId(request.path()));
        if (closed != null) {
            ctx.response().putHeader("Retry-After", "5");
            reply(ctx, 503, "transient", closed);
            return;
        }
        // Vert.x matches routes on the path as sent, and a client may escape the $ of a FHIR operation:
        // route /fhir/%24process-message like /fhir/$process-message.
        String path = request.path();
        if (path != null && path.contains("%24")) {
            ctx.reroute(path.replace("%24", "$") + (request.query() == null ? "" : "?" + request.query()));
            return;
        }
        HttpMethod method = request.method();
        boolean sendsBody = (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)
                && hasBody(request);
        if (sendsBody && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            reply(ctx, 415, "not-supported", (type == null ? "no Content-Type" : "Content-Type '" + shown(type) + "' is not accepted")
                    + ": send " + ALLOWED);
            return;
        }
        String charsetProblem = charsetProblem(request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (sendsBody && charsetProblem != null) {
            reply(ctx, 415, "not-supported", "header Content-Type: " + charsetProblem);
            return;
        }
        ctx.next();
    }

    /**
     * A request with a body has Content-Length > 0 or is chunked; over HTTP/2 (no Content-Length needed)
     * one that names a Content-Type is taken to carry a body.
     */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Long.parseLong(length.trim()) > 0;
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (request.version() == io.vertx.core.http.HttpVersion.HTTP_2
                        && request.headers().contains(HttpHeaders.CONTENT_TYPE));
    }

    /** application/json or application/&lt;anything&gt;+json, parameters (charset) ignored. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * Why the Content-Type's charset parameter cannot be taken, or null when it is absent or UTF-8 (any case,
     * quoted or not). Only what the header says is quoted, shortened: it is the sender's header, not patient data.
     */
    static String charsetProblem(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).trim();
            if (!name.equalsIgnoreCase("charset")) {
                continue;
            }
            String value = eq < 0 ? "" : parts[i].substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).trim();
            }
            if (value.equalsIgnoreCase("utf-8") || value.equalsIgnoreCase("utf8")) {
                continue;
            }
            return (value.isEmpty() ? "the charset parameter is empty" : "charset '" + shown(value) + "' is not accepted")
                    + ": JSON is sent as UTF-8 (charset=utf-8, or no charset)";
        }
        return null;
    }

    /** A header value as it may appear in an answer: printable ASCII only, at most 60 characters. */
    private static String shown(String headerValue) {
        String printable = headerValue.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    /** Sends an error answer in the form the caller expects and ends the request's handling. */
    static void reply(RoutingContext ctx, int status, String fhirIssueCode, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String body;
        if (isFhirPath(ctx.normalizedPath())) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/fhir+json");
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                    + fhirIssueCode + "\",\"diagnostics\":\"" + jsonEscape(message) + "\"}]}";
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            body = "{\"error\":\"" + jsonEscape(message) + "\"}";
        }
        response.setStatusCode(status).end(body);
    }

    /** The {@code <id>} of {@code /partners/<id>/...}, or "" for another path. */
    static String partnerId(String path) {
        if (path == null || !path.startsWith(PartnerContext.HTTP_PARTNERS_PREFIX)) {
            return "";
        }
        int slash = path.indexOf('/', PartnerContext.HTTP_PARTNERS_PREFIX.length());
        return slash < 0 ? path.substring(PartnerContext.HTTP_PARTNERS_PREFIX.length())
                : path.substring(PartnerContext.HTTP_PARTNERS_PREFIX.length(), slash);
    }

    /** {@code /partners/<id>/fhir/...} */
    static boolean isFhirPath(String path) {
        if (path == null || !path.startsWith(PartnerContext.HTTP_PARTNERS_PREFIX)) {
            return false;
        }
        int slash = path.indexOf('/', PartnerContext.HTTP_PARTNERS_PREFIX.length());
        return slash > 0 && path.startsWith("/fhir/", slash);
    }

    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * Failure handler for the whole listener: a body over the limit (Vert.x's body handler fails the
     * request with 413) gets a JSON answer naming the limit. Everything else keeps Vert.x's handling.
     */
    static final class TooLarge implements Handler<RoutingContext> {
        private final long maxBodyBytes;

        TooLarge(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public void handle(RoutingContext ctx) {
            if (ctx.statusCode() != 413) {
                ctx.next();
                return;
            }
            reply(ctx, 413, "too-long", "the request body is larger than " + maxBodyBytes
                    + " bytes (http.maxBodyBytes): split it or send it another way");
        }
    }
}
