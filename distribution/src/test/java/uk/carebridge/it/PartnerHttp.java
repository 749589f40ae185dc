package uk.carebridge.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import uk.carebridge.plugin.http.ApiKey;

/** A partner system POSTing to CareBridge's HTTP endpoints: FHIR messages, or a council's JSON events. */
final class PartnerHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PartnerHttp() {
    }

    /** A FHIR message to a {@code $process-message} endpoint. */
    static HttpResponse<String> postFhir(String url, String body) throws IOException, InterruptedException {
        return post(url, "application/fhir+json", body, null);
    }

    static HttpResponse<String> postFhir(String url, String body, String apiKey) throws IOException, InterruptedException {
        return post(url, "application/fhir+json", body, apiKey);
    }

    /** A JSON event, e.g. to a council's v1 API; {@code apiKey} null sends none. */
    static HttpResponse<String> postJson(String url, String body, String apiKey) throws IOException, InterruptedException {
        return post(url, "application/json", body, apiKey);
    }

    private static HttpResponse<String> post(String url, String contentType, String body, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header(ApiKey.HEADER, apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
