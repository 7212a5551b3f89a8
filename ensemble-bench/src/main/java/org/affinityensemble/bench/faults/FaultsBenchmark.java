package org.affinityensemble.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code bin/ensemble bench faults}: the fault matrix against the running local stack ({@code bin/ensemble up}).
 * Streams a small valid dataset (every sample twice: a redelivery) and checks that the trainer accepted each sample
 * once ({@code accepted_lost=}); then sends the bad-input matrix ({@link BadInputs}) to every consumed topic and
 * counts the records that reached their dead-letter topic with a reason ({@code bad_inputs_tried=},
 * {@code bad_inputs_dead_lettered=}, one line per case that did not). Options: {@code --bootstrap-servers=}
 * (127.0.0.1:9092), {@code --trainer-url=} (http://127.0.0.1:8084), {@code --timeout=} seconds (150: a gradient of
 * an unknown dataset waits a minute for its announcement before it is rejected), {@code --samples=} (40),
 * {@code --api-key=} (the key the trainer's API requires; the CLI passes the one of the stack it runs against).
 */
public final class FaultsBenchmark {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");

    private FaultsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("bootstrap-servers",
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                "trainer-url", "http://127.0.0.1:8084", "timeout", "150", "samples", "40", "api-key", ""));
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2 || !options.containsKey(pair[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(pair[0], pair[1]);
        }
        String bootstrap = options.get("bootstrap-servers");
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.get("timeout")));
        String run = Long.toString(System.currentTimeMillis(), 36);

        String dataset = "faults_valid_" + run;
        int samples = Integer.parseInt(options.get("samples"));
        long accepted;
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            accepted = ingestTwice(writer, options.get("trainer-url"), options.get("api-key"), dataset, samples,
                    timeout);
        }
        System.out.printf("accepted_sent=%d accepted_stored=%d accepted_lost=%d%n", samples, accepted,
                samples - accepted);

        List<BadInputs.BadInput> inputs = BadInputs.of(run, accepted == samples ? dataset : null);
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe deadLetters = TopicProbe.fromBeginning(
                bootstrap, Topics.consumed().stream().map(Topics::deadLetter).toList())) {
            writer.sendAndWait(Topics.DATASETS, "faults_declared_" + run, BadInputs.declaration(run));
            for (BadInputs.BadInput input : inputs) {
                writer.sendAndWait(input.topic(), input.key(), input.value());
            }
            Set<String> missing = awaitDeadLetters(deadLetters, inputs, timeout);
            System.out.printf("bad_inputs_tried=%d bad_inputs_dead_lettered=%d topics=%d%n", inputs.size(),
                    inputs.size() - missing.size(), Topics.consumed().size());
            missing.forEach(key -> System.out.println("  not dead-lettered: " + key));
        }
    }

    /** Sends a valid dataset with every sample twice; returns how many samples the trainer stored. */
    private static long ingestTwice(TopicWriter writer, String trainerUrl, String apiKey, String dataset,
            int samples, Duration timeout) throws Exception {
        writer.sendAndWait(Topics.DATASETS, dataset, "{\"type\":\"dataset.declared\",\"schemaVersion\":1,"
                + "\"datasetId\":\"" + dataset + "\",\"labels\":[\"no\",\"yes\"],\"description\":\"bench faults\"}");
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < samples; i++) {
                writer.send(Topics.DATASETS, dataset, "{\"type\":\"dataset.sample\",\"schemaVersion\":1,"
                        + "\"datasetId\":\"" + dataset + "\",\"sampleId\":\"s" + i + "\",\"text\":\"sample number "
                        + i + " of the faults benchmark\",\"label\":\"" + (i % 2 == 0 ? "no" : "yes") + "\"}");
            }
        }
        writer.flush();
        writer.sendAndWait(Topics.DATASETS, dataset, "{\"type\":\"dataset.sealed\",\"schemaVersion\":1,\"datasetId\":\""
                + dataset + "\",\"sampleCount\":" + samples + "}");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(trainerUrl + "/v1/datasets/" + dataset))
                .header("Authorization", ApiKeys.bearer(apiKey)).timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                body = response.body();
                Matcher state = STATE.matcher(body);
                if (response.statusCode() == 200 && state.find() && state.group(1).equals("READY")) {
                    Matcher accepted = ACCEPTED.matcher(body);
                    return accepted.find() ? Long.parseLong(accepted.group(1)) : 0;
                }
            } catch (IOException notYet) {
                body = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("dataset " + dataset + " not READY within " + timeout + ": " + body);
    }

    /**
     * Waits until every input is on its topic's dead-letter topic with a reason; returns those that are not.
     * {@code deadLetters} reads every consumed topic's dead-letter topic.
     */
    private static Set<String> awaitDeadLetters(TopicProbe deadLetters, List<BadInputs.BadInput> inputs,
            Duration timeout) {
        Set<String> missing = new TreeSet<>();
        inputs.forEach(input -> missing.add(input.key()));
        Map<String, String> topicOf = new HashMap<>();
        inputs.forEach(input -> topicOf.put(input.key(), input.topic()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : deadLetters.drain(Duration.ofMillis(300))) {
                String topic = topicOf.get(record.key());
                if (topic != null && record.topic().equals(Topics.deadLetter(topic))
                        && TopicProbe.header(record, "dead-letter-reason") != null) {
                    missing.remove(record.key());
                }
            }
        }
        List<String> named = new ArrayList<>();
        missing.forEach(key -> named.add(topicOf.get(key) + " " + key));
        return new TreeSet<>(named);
    }
}
