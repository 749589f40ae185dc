package uk.carebridge.plugin.delivery;

import java.net.URI;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import uk.carebridge.plugin.DeliveryException;

/**
 * What every HTTP deliverer does the same way: the Camel http endpoint URI, the URL as it may be shown, and
 * what an answer's status means.
 *
 * <p>2xx: delivered. 4xx: the partner refuses the message, retrying cannot help (permanent), except 408,
 * 425 and 429 which say "later". 5xx, timeouts, refused connections: transient, the server retries. Other
 * codes (3xx: the URL moved) are configuration errors: permanent.
 */
public final class HttpDeliveries {
    private HttpDeliveries() {
    }

    /** The Camel http endpoint for {@code url}: our status handling, no Camel headers sent, timeouts set. */
    public static String endpointUri(URI url, String method, long timeoutMs) {
        return endpointUri(url, method, timeoutMs, false);
    }

    /**
     * As {@link #endpointUri(URI, String, long)}; with {@code queryFromHeader} the request's query comes from the
     * {@code Exchange.HTTP_QUERY} header (a poll's changing cursor), so the caller must clear every other header.
     */
    public static String endpointUri(URI url, String method, long timeoutMs, boolean queryFromHeader) {
        return url + (url.getRawQuery() == null ? "?" : "&")
                + "httpMethod=" + method
                + "&throwExceptionOnFailure=false"
                + "&skipControlHeaders=" + !queryFromHeader
                + "&connectTimeout=" + timeoutMs
                + "&connectionRequestTimeout=" + timeoutMs
                + "&responseTimeout=" + timeoutMs
                + "&soTimeout=" + timeoutMs;
    }

    /** The URL without user info and query: error texts must not leak credentials or tokens. */
    public static String shownUrl(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }

    /**
     * Throws the {@link DeliveryException} the answer's status calls for; returns for a 2xx. The failure text
     * carries the status and reason phrase only. With {@code keepResponseBody}, a permanent failure also carries
     * the partner's response body as {@link DeliveryException#partnerResponse()} (kept on the dead-lettered
     * message for the admin, never logged: it may echo patient data).
     */
    public static void checkStatus(Message answer, String shownUrl, boolean keepResponseBody) {
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            return;
        }
        String text = answer.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class);
        String failure = "HTTP " + status + " from " + shownUrl + ": " + shortReason(status, text);
        if (status == null || status >= 500 || status == 408 || status == 425 || status == 429) {
            throw DeliveryException.transientFailure(failure, null);
        }
        String body = keepResponseBody ? answer.getBody(String.class) : null;
        throw body == null || body.isBlank() ? DeliveryException.permanent(failure)
                : DeliveryException.permanent(failure, body);
    }

    /** The reason phrase sent, else the standard one (HTTP/2 and many servers send none). */
    private static String shortReason(Integer status, String reasonPhrase) {
        if (reasonPhrase == null || reasonPhrase.isBlank()) {
            return status == null ? "no status" : STANDARD_REASONS.getOrDefault(status, "no reason phrase");
        }
        String r = reasonPhrase.strip();
        return r.length() > 100 ? r.substring(0, 100) + "..." : r;
    }

    private static final Map<Integer, String> STANDARD_REASONS = Map.ofEntries(
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(303, "See Other"), Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(425, "Too Early"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));
}
