package org.affinityensemble.bench.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.affinityensemble.events.EventCodec;

/**
 * A fixed number of concurrent clients sending {@code POST /v1/classify} requests back to back until a given
 * number of requests is answered; every request must succeed.
 */
final class ClassifyLoad {

    // Responses are handled on the client's selector thread (no hop to a pool thread): the load generator shares
    // the CPU with the service, so it should spend as little of it as it can.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
            .build();
    private final URI endpoint;
    private final String task;
    private final String authorization;

    ClassifyLoad(String serviceUrl, String task, String authorization) {
        this.endpoint = URI.create(serviceUrl + "/v1/classify");
        this.task = task;
        this.authorization = authorization;
    }

    /** Runs {@code requests} requests of {@code textsPerRequest} texts (texts from {@code firstText} on). */
    LatencySummary run(String mode, int concurrency, int requests, int textsPerRequest, int firstText)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[requests];
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            running.add(clients.submit(() -> {
                int index;
                while ((index = next.getAndIncrement()) < requests) {
                    String body = body(mode, ServeTexts.texts(firstText + index * textsPerRequest, textsPerRequest));
                    long sent = System.nanoTime();
                    send(body);
                    latencies[index] = System.nanoTime() - sent;
                }
                return null;
            }));
        }
        try {
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a classify request failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            clients.shutdownNow();
        }
        return LatencySummary.of(latencies, textsPerRequest, System.nanoTime() - start);
    }

    private String body(String mode, List<String> texts) throws JsonProcessingException {
        return EventCodec.mapper().writeValueAsString(Map.of("task", task, "texts", texts, "mode", mode));
    }

    private void send(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
