package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.events.EventCodec;

/** JSON over HTTP to the services' REST APIs, for the command line and its tests; every request carries the API key. */
final class HttpJson {

    /** A response: status and body (JSON, or null when the body is empty or not JSON). */
    record Response(int status, JsonNode body, String text) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;

    /** A client that sends {@code apiKey} ({@link ApiKeys}). */
    HttpJson(String apiKey) {
        this.authorization = ApiKeys.bearer(apiKey);
    }

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build());
    }

    Response post(String url, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.mapper().writeValueAsBytes(body)))
                    .build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The body of a 2xx GET, or null for any other answer or a refused connection (a service still starting). */
    JsonNode getOrNull(String url) {
        try {
            Response response = get(url);
            return response.ok() ? response.body() : null;
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : EventCodec.mapper().readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            return new Response(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
