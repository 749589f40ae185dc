package uk.carebridge.plugins.localauthority;

import java.util.Optional;

import org.apache.camel.Message;

/** What CareBridge presents to a council's system (notices, polls): an API key or a bearer token, or nothing. */
record CouncilCredentials(Optional<String> apiKey, Optional<String> bearerToken) {

    static final String API_KEY_HEADER = "X-API-Key";

    void addTo(Message request) {
        apiKey.ifPresent(k -> request.setHeader(API_KEY_HEADER, k));
        bearerToken.ifPresent(t -> request.setHeader("Authorization", "Bearer " + t));
    }
}
