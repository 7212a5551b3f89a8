package org.affinityensemble.bench.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What an intruder without a credential, or with a forged message, gets from the running services (docs/security.md):
 * every endpoint each service's own OpenAPI document lists (and the document itself) is called with no token and
 * with a wrong one and must answer 401; with the key it must not; health and metrics stay open. Forged
 * {@code training.result} messages against a run the trainer knows must all reach the dead-letter topic with
 * their reason and change neither the run nor the adapters.
 */
public final class SecurityProbe {

    /** A service to probe: its name and base URL ({@code http://host:port}). */
    public record Target(String service, String baseUrl) {
    }

    /** A run the trainer launched, to forge results against (from {@code GET /v1/training/runs}). */
    public record KnownRun(String runId, String groupId, int attempt, String adapterId) {

        static KnownRun of(JsonNode run) {
            return new KnownRun(run.get("runId").asText(), run.get("groupId").asText(), run.get("attempt").asInt(),
                    run.get("adapterId").asText());
        }
    }

    /** The figures, and a line for every case that did not behave. */
    public record Figures(int unauthenticatedTried, int unauthenticatedRejected, int authenticatedTried,
            int authenticatedAccepted, int openTried, int openAnswered, int forgedTried, int forgedRejected,
            int forgedChangedState, List<String> failures) {

        /** The {@code key=value} lines the benchmark prints. */
        public String report() {
            return String.format(Locale.ROOT, "unauthenticated_tried=%d%nunauthenticated_rejected=%d%n"
                    + "authenticated_tried=%d%nauthenticated_accepted=%d%nopen_tried=%d%nopen_answered=%d%n"
                    + "forged_results_tried=%d%nforged_results_rejected=%d%nforged_results_changed_state=%d",
                    unauthenticatedTried, unauthenticatedRejected, authenticatedTried, authenticatedAccepted,
                    openTried, openAnswered, forgedTried, forgedRejected, forgedChangedState);
        }
    }

    private static final String WRONG_KEY = "wrong-key-" + UUID.randomUUID();
    private static final List<String> OPEN = List.of("/q/health/live", "/q/health/ready", "/q/metrics");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;
    private final List<String> failures = new ArrayList<>();

    public SecurityProbe(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Probes every target's endpoints and, if {@code run} is given, forges results against it. */
    public Figures run(List<Target> targets, String kafkaBootstrap, String trainerUrl, KnownRun run) throws Exception {
        int tried = 0;
        int rejected = 0;
        int authTried = 0;
        int accepted = 0;
        int openTried = 0;
        int answered = 0;
        for (Target target : targets) {
            for (Endpoint endpoint : endpoints(target)) {
                for (String authorization : new String[] {null, ApiKeys.bearer(WRONG_KEY)}) {
                    tried++;
                    int status = send(endpoint, authorization);
                    if (status == 401) {
                        rejected++;
                    } else {
                        failures.add(endpoint + (authorization == null ? " without a token" : " with a wrong token")
                                + " answered " + status);
                    }
                }
                authTried++;
                int status = send(endpoint, ApiKeys.bearer(apiKey));
                if (status != 401 && status != 403) {
                    accepted++;
                } else {
                    failures.add(endpoint + " with the key answered " + status);
                }
            }
            for (String path : OPEN) {
                openTried++;
                int status = send(new Endpoint(target.service(), "GET", target.baseUrl() + path), null);
                // answered without asking for a token: 200, or readiness reporting DOWN (the inference-service is not
                // ready before an ensemble is loaded, ADR 0101)
                if (status == 200 || status == 503 && path.equals("/q/health/ready")) {
                    answered++;
                } else {
                    failures.add(target.service() + " " + path + " without a token answered " + status);
                }
            }
        }
        int forgedTried = 0;
        int forgedRejected = 0;
        int changed = 0;
        if (run != null) {
            Map<String, TrainingResult> forged = forgeries(run);
            forgedTried = forged.size();
            String before = state(trainerUrl, run);
            forgedRejected = deadLettered(kafkaBootstrap, forged);
            String after = state(trainerUrl, run);
            if (!before.equals(after)) {
                changed = 1;
                failures.add("forged results changed the trainer's state: " + before + " -> " + after);
            }
        }
        return new Figures(tried, rejected, authTried, accepted, openTried, answered, forgedTried, forgedRejected,
                changed, List.copyOf(failures));
    }

    private record Endpoint(String service, String method, String url) {

        @Override
        public String toString() {
            return service + " " + method + " " + URI.create(url).getPath();
        }
    }

    /** Every operation of the service's OpenAPI document (path parameters filled in), and the document itself. */
    private List<Endpoint> endpoints(Target target) throws Exception {
        String document = target.baseUrl() + "/q/openapi?format=json";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(document))
                .header("Authorization", ApiKeys.bearer(apiKey)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.service() + ": " + document + " answered " + response.statusCode());
        }
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint(target.service(), "GET", document));
        JsonNode paths = EventCodec.mapper().readTree(response.body()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "1");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    endpoints.add(new Endpoint(target.service(), method, target.baseUrl() + concrete));
                }
            }
        }
        return endpoints;
    }

    private int send(Endpoint endpoint, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(endpoint.method(), endpoint.method().equals("GET") || endpoint.method().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Results no launched run could have sent: each must be refused. Keys are unique to this probe. */
    static Map<String, TrainingResult> forgeries(KnownRun run) {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        String own = "adapters/" + run.adapterId() + "/";
        Map<String, TrainingResult> forged = new LinkedHashMap<>();
        forged.put("forged-" + nonce + "-unknown-run", result(run.runId() + "-never", run.groupId(), 1, own));
        forged.put("forged-" + nonce + "-attempt-not-started", result(run.runId(), run.groupId(), run.attempt() + 1,
                own));
        forged.put("forged-" + nonce + "-attempt-zero", result(run.runId(), run.groupId(), 0, own));
        forged.put("forged-" + nonce + "-other-group", result(run.runId(), run.groupId() + "-other", run.attempt(),
                own));
        forged.put("forged-" + nonce + "-other-prefix", result(run.runId(), run.groupId(), run.attempt(),
                "adapters/attacker/"));
        forged.put("forged-" + nonce + "-sibling-prefix", result(run.runId(), run.groupId(), run.attempt(),
                "adapters/" + run.adapterId() + "-attacker/"));
        forged.put("forged-" + nonce + "-escaping-prefix", result(run.runId(), run.groupId(), run.attempt(),
                own + "../attacker/"));
        forged.put("forged-" + nonce + "-ensembles-prefix", result(run.runId(), run.groupId(), run.attempt(),
                "ensembles/"));
        return forged;
    }

    private static TrainingResult result(String runId, String groupId, int attempt, String prefix) {
        return new TrainingResult(runId, groupId, attempt, TrainingResult.Status.SUCCEEDED, prefix,
                Map.of("validation_accuracy", 1.0), "forged");
    }

    /** Sends the forgeries and counts those dead-lettered with a rejection reason. */
    private int deadLettered(String bootstrap, Map<String, TrainingResult> forged) {
        try (TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.TRAINING_RESULTS));
                TopicWriter writer = new TopicWriter(bootstrap)) {
            forged.forEach((key, result) -> writer.sendAndWait(Topics.TRAINING_RESULTS, key,
                    EventCodec.encode(result)));
            List<ConsumerRecord<String, String>> dead;
            try {
                dead = dlq.await(r -> forged.containsKey(r.key()), forged.size(), Duration.ofSeconds(90));
            } catch (AssertionError | RuntimeException timeout) {
                dead = dlq.drain(Duration.ofSeconds(1)).stream().filter(r -> forged.containsKey(r.key())).toList();
            }
            int rejected = 0;
            for (ConsumerRecord<String, String> record : dead) {
                String reason = TopicProbe.header(record, "dead-letter-reason");
                if (reason != null && reason.contains("rejected training.result")) {
                    rejected++;
                } else {
                    failures.add(record.key() + " dead-lettered without a rejection reason: " + reason);
                }
            }
            List<String> seen = dead.stream().map(ConsumerRecord::key).toList();
            forged.keySet().stream().filter(key -> !seen.contains(key))
                    .forEach(key -> failures.add(key + " was not dead-lettered"));
            return rejected;
        }
    }

    /** The run and the adapter list as the trainer reports them. */
    private String state(String trainerUrl, KnownRun run) throws Exception {
        return get(trainerUrl + "/v1/training/runs/" + run.runId()) + " " + get(trainerUrl + "/v1/training/adapters");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", ApiKeys.bearer(apiKey)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
