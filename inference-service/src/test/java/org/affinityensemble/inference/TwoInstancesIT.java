package org.affinityensemble.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.serving.testing.TestEnsembles;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.storage.StorageLayout;
import org.junit.jupiter.api.Test;

/**
 * Two packaged inference-service instances, configured through the environment only: both answer 503 before a
 * version exists, and one published event reaches both (each reads in a consumer group of its own).
 */
class TwoInstancesIT {

    private static final String BUCKET = "inference-two-instances";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyInstanceLoadsEveryPublishedVersion() throws Exception {
        Endpoints endpoints = DevStack.shared().endpoints();
        List<ServiceProcess> instances = new ArrayList<>();
        try {
            for (String name : List.of("inference-a", "inference-b")) {
                instances.add(ServiceProcess.start(name, Path.of("target", "quarkus-app"), Processes.freePort(),
                        ServiceProcess.environment("inference-service", endpoints, null, BUCKET),
                        List.of("-Xmx768m", "-XX:TieredStopAtLevel=1"),
                        Path.of("target", "two-instances-" + name + ".log")));
            }
            for (ServiceProcess instance : instances) {
                instance.awaitStarted(Duration.ofMinutes(2));
                assertThat(classify(instance).statusCode()).isEqualTo(503);
            }
            storeAndPublish(endpoints);
            List<JsonNode> answers = new ArrayList<>();
            for (ServiceProcess instance : instances) {
                awaitVersion(instance, 1);
                HttpResponse<String> response = classify(instance);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                answers.add(EventCodec.mapper().readTree(response.body()));
            }
            for (int n = 0; n < 2; n++) {
                assertThat(answers.get(1).at("/predictions/" + n + "/probabilities/positive").asDouble()).isCloseTo(
                        answers.get(0).at("/predictions/" + n + "/probabilities/positive").asDouble(), within(1e-5));
            }
        } finally {
            ServiceProcess.closeAll(instances);
        }
    }

    private static void storeAndPublish(Endpoints endpoints) {
        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), BUCKET, null));
        PeftAdapterFiles files = PeftAdapterFormat.write(TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 7, 0.1),
                MiniLmJar.MODEL_ID);
        store.put(StorageLayout.adapterConfig("g-1-v1"), files.adapterConfig(), "application/json");
        store.put(StorageLayout.adapterWeights("g-1-v1"), files.adapterModel(), "application/octet-stream");
        EnsembleManifest manifest = TestEnsembles.manifest(1, MiniLmJar.MODEL_ID, List.of(TestEnsembles.entry("g-1-v1",
                EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1", List.of("sent_imdb"))),
                Map.of("sent_imdb", TestEnsembles.task(Map.of("g-1-v1", 1.0), 0.8)));
        String key = StorageLayout.ensembleManifest(MiniLmJar.MODEL_ID, 1);
        store.put(key, manifest.toJson(), "application/json");
        try (TopicWriter writer = new TopicWriter(endpoints.kafkaBootstrapServers())) {
            writer.sendAndWait(Topics.ENSEMBLES, MiniLmJar.MODEL_ID, EventCodec.encode(new EnsemblePublished(1,
                    MiniLmJar.MODEL_ID, BUCKET, key, 1, List.of("g-1-v1"))));
        }
    }

    private HttpResponse<String> classify(ServiceProcess instance) throws Exception {
        String body = EventCodec.mapper().writeValueAsString(Map.of("task", "sent_imdb",
                "texts", TestEnsembles.SENTENCES.subList(0, 2)));
        return http.send(HttpRequest.newBuilder(URI.create(instance.url("/v1/classify")))
                .header("Content-Type", "application/json").header("Authorization", instance.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitVersion(ServiceProcess instance, long version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode models = null;
        while (System.nanoTime() < deadline) {
            models = EventCodec.mapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create(instance.url("/v1/models"))).header("Authorization", instance.authorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (models.at("/serving/version").asLong(-1) == version) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(instance.name() + " does not serve v" + version + ": " + models);
    }
}
