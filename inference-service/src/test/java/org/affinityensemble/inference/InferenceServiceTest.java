package org.affinityensemble.inference;

import org.affinityensemble.model.encoder.BertConfig;
import static io.restassured.RestAssured.given;
import static org.affinityensemble.serving.testing.TestEnsembles.SENTENCES;
import static org.affinityensemble.serving.testing.TestEnsembles.SENTIMENT;
import static org.affinityensemble.serving.testing.TestEnsembles.entry;
import static org.affinityensemble.serving.testing.TestEnsembles.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.Event;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.affinityensemble.inference.service.EnsembleManager;
import org.affinityensemble.inference.testing.HeadlessChromium;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.quarkus.S3Config;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.serving.testing.TestEnsembles;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.ObjectStoreException;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.storage.StorageLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inference-service against the real broker and object store with the real MiniLM encoder: versions are
 * published as the trainer publishes them (PEFT adapters and a manifest in S3, an event on the ensembles topic),
 * and the tests follow one service instance through its life: nothing to serve, v1, a swap to v2 under load,
 * a corrupt v3, a burst, and the dashboard.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "database", value = "inference_test"),
        @ResourceArg(name = "bucket", value = "inference-test"),
        @ResourceArg(name = "s3-identity", value = "reader")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InferenceServiceTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static TopicWriter writer;

    @Inject
    LanguageModel model;

    @Inject
    S3Config s3;

    /** The service's own store: connected with the stack's read-only key. */
    @Inject
    ObjectStore served;

    /** What the trainer would write: the writer's key on the same bucket. */
    private static ObjectStore store;

    @Inject
    EnsembleManager manager;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void connectWriter() {
        Endpoints endpoints = DevStack.shared().endpoints();
        store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "inference-test", null));
    }

    @AfterAll
    static void closeWriter() {
        if (writer != null) {
            writer.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheFirstVersionNothingIsServedButTheServiceIsHealthy() throws Exception {
        Response response = classify("sent_imdb", SENTENCES.subList(0, 1), null, false);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).contains("no ensemble version is loaded yet");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        given().get("/v1/models").then().statusCode(200);
        assertThat(json(given().get("/v1/models")).get("serving").isNull()).isTrue();
        assertThat(json(given().get("/v1/models")).get("baseModelId").asText()).isEqualTo(model.modelId());
        assertThat(json(given().get("/v1/models")).get("architecture").asText()).isEqualTo("BertModel");

        // Not ready while nothing is loaded; the object store's answer is not part of it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> checks = new ArrayList<>();
            json(given().get("/q/health/ready")).get("checks").forEach(checks::add);
            assertThat(checks).as("the Kafka channels' readiness").anyMatch(check -> check.path("data")
                    .has("ensembles") && check.path("data").has("affinity") && check.get("status").asText().equals("UP"));
        });
        JsonNode ready = json(given().get("/q/health/ready").then().statusCode(503).extract().response());
        List<JsonNode> checks = new ArrayList<>();
        ready.get("checks").forEach(checks::add);
        assertThat(checks).noneMatch(check -> check.get("name").asText().equals("object-store"))
                .anyMatch(check -> check.get("name").asText().equals("ensemble")
                        && check.get("status").asText().equals("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    @Order(2)
    void theServiceReadsTheObjectStoreWithTheReadOnlyKeyAndNeverWrites() {
        assertThat(s3.accessKey()).contains(DevStack.shared().endpoints().s3ReaderAccessKey());
        byte[] content = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put("probe/readable.json", content, "application/json");

        assertThat(served.get("probe/readable.json")).isEqualTo(content);
        assertThatThrownBy(() -> served.put("probe/written.json", content, "application/json"))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("read-only");
        assertThat(store.exists("probe/written.json")).isFalse();
    }

    @Test
    @Order(2)
    void servesThePublishedVersionInBothModesAsTheReferenceComputesIt() throws Exception {
        LoraAdapter groupAdapter = TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 11, 0.1);
        LoraAdapter boostAdapter = TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 12, 0.1);
        publish(1, Map.of("g-sentiment-v1", groupAdapter, "boost-1-v1", boostAdapter),
                List.of(entry("g-sentiment-v1", Kind.GROUP, "g-sentiment", List.of("sent_imdb", "sent_amazon")),
                        entry("boost-1-v1", Kind.BOOST, null, List.of("sent_amazon"))),
                Map.of("sent_imdb", task(Map.of("g-sentiment-v1", 1.0), 0.74),
                        "sent_amazon", task(Map.of("g-sentiment-v1", 0.6, "boost-1-v1", 0.4), 0.81)));
        awaitServing(1);
        given().get("/q/health/ready").then().statusCode(200);

        JsonNode models = json(given().get("/v1/models"));
        assertThat(models.at("/serving/baseModelId").asText()).isEqualTo(model.modelId());
        assertThat(models.at("/serving/adapters/0/adapterId").asText()).isEqualTo("g-sentiment-v1");
        assertThat(models.at("/serving/adapters/1/kind").asText()).isEqualTo("BOOST");

        ClassifierLogits reference = reference();
        List<String> imdb = SENTENCES.subList(0, 4);
        JsonNode output = okJson(classify("sent_imdb", imdb, "output", false));
        assertThat(output.get("ensembleVersion").asLong()).isEqualTo(1);
        assertThat(output.get("labels")).extracting(JsonNode::asText).containsExactlyElementsOf(SENTIMENT);
        assertWellFormed(output, imdb.size());
        float[][] single = reference.adapter(Collections.nCopies(imdb.size(), "sent_imdb"), imdb, groupAdapter);
        assertThat(maxDifference(logits(output), single)).isLessThan(1e-4);
        JsonNode merged = okJson(classify("sent_imdb", imdb, "merged", false));
        assertThat(merged.get("mode").asText()).isEqualTo("merged");
        assertThat(maxDifference(logits(merged), single))
                .as("merged with one adapter of weight 1 is that adapter's output").isLessThan(1e-4);

        List<String> amazon = SENTENCES.subList(4, 8);
        List<String> tasks = Collections.nCopies(amazon.size(), "sent_amazon");
        JsonNode explained = okJson(classify("sent_amazon", amazon, null, true));
        assertThat(explained.get("mode").asText()).as("the configured default").isEqualTo("output");
        assertWellFormed(explained, amazon.size());
        assertThat(maxDifference(logits(explained), reference.outputEnsemble(tasks, amazon,
                List.of(groupAdapter, boostAdapter), new double[] {0.6, 0.4}))).isLessThan(1e-4);
        JsonNode contributions = explained.at("/predictions/0/contributions");
        assertThat(contributions).hasSize(2);
        assertThat(contributions.get(0).get("adapterId").asText()).isEqualTo("g-sentiment-v1");
        assertThat(contributions.get(0).get("weight").asDouble()).isEqualTo(0.6);
        assertThat(contributions.get(1).get("weight").asDouble()).isEqualTo(0.4);
        double[] combined = new double[2];
        for (JsonNode part : contributions) {
            for (int l = 0; l < 2; l++) {
                combined[l] += part.get("weight").asDouble() * part.get("logits").get(l).asDouble();
            }
        }
        for (int l = 0; l < 2; l++) {
            assertThat(explained.at("/predictions/0/logits/" + l).asDouble()).isCloseTo(combined[l],
                    within(1e-9));
        }
        JsonNode mergedAmazon = okJson(classify("sent_amazon", amazon, "merged", true));
        assertThat(maxDifference(logits(mergedAmazon), reference.merged(tasks, amazon,
                List.of(groupAdapter, boostAdapter), new double[] {0.6, 0.4}))).isLessThan(1e-4);
        assertThat(maxDifference(logits(mergedAmazon), toFloats(logits(explained))))
                .as("two merged adapters are not their output ensemble").isGreaterThan(1e-3);
        assertThat(mergedAmazon.at("/predictions/3/contributions")).hasSize(2);
        assertThat(okJson(classify("sent_imdb", imdb, "merged", false)).at("/predictions/0/contributions")
                .isMissingNode()).as("contributions only on request").isTrue();
    }

    @Test
    @Order(3)
    void anUnreadableEnsembleEventGoesToTheDeadLetterTopic() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.ENSEMBLES))) {
            writer().sendAndWait(Topics.ENSEMBLES, "unreadable-ensemble", "{\"type\":\"ensemble.published\"");
            var record = dlq.await(r -> "unreadable-ensemble".equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(TopicProbe.header(record, "dead-letter-reason")).startsWith("malformed JSON");
        }
    }

    @Test
    @Order(3)
    void refusesBadRequestsWithProblemDocuments() {
        assertProblem(classify("no_such_task", SENTENCES.subList(0, 1), null, false), 404, "no task 'no_such_task'");
        assertProblem(classify("sent_imdb", List.of(), null, false), 400, "'texts' is empty");
        assertProblem(post(Map.of("task", "sent_imdb")), 400, "'texts' is empty");
        assertProblem(post(Map.of("texts", List.of("hello"))), 400, "'task' is missing");
        assertProblem(classify("sent_imdb", Collections.nCopies(65, "fine"), null, false), 413, "at most 64");
        assertProblem(classify("sent_imdb", List.of("x".repeat(8193)), null, false), 413, "at most 8192");
        assertProblem(classify("sent_imdb", List.of("ok", " "), null, false), 400, "text 1 is empty");
        assertProblem(classify("sent_imdb", SENTENCES.subList(0, 1), "averaged", false), 400, "unknown mode");
        Response malformed = given().contentType(ContentType.JSON).body("{\"task\": ").post("/v1/classify");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    @Order(4)
    void swapsAtomicallyWhileRequestsAreInFlightAndFreesTheOldVersion() throws Exception {
        double[][] before = logits(okJson(classify("sent_imdb", SENTENCES.subList(0, 2), null, false)));
        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> seen = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            seen.add(clients.submit(() -> {
                List<Long> versions = new ArrayList<>();
                while (!stop.get()) {
                    String body = EventCodec.mapper().writeValueAsString(Map.of("task", "sent_imdb",
                            "texts", List.of(SENTENCES.get(client), SENTENCES.get(client + 4)),
                            "mode", client % 2 == 0 ? "output" : "merged"));
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(root.toURI().resolve("v1/classify"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    } else {
                        versions.add(EventCodec.mapper().readTree(response.body()).get("ensembleVersion").asLong());
                    }
                }
                return versions;
            }));
        }
        Thread.sleep(500);
        publish(2, Map.of("g-sentiment-v2", TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 21, 0.1)),
                List.of(entry("g-sentiment-v2", Kind.GROUP, "g-sentiment", List.of("sent_imdb", "sent_amazon"))),
                Map.of("sent_imdb", task(Map.of("g-sentiment-v2", 1.0), 0.77),
                        "sent_amazon", task(Map.of("g-sentiment-v2", 1.0), 0.83)));
        awaitServing(2);
        Thread.sleep(1000);
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> client : seen) {
            List<Long> versions = client.get(60, TimeUnit.SECONDS);
            assertThat(versions).as("each client's versions never go back").isSorted();
            all.addAll(versions);
        }
        clients.shutdown();
        assertThat(failures).as("every request during the swap succeeded").isEmpty();
        assertThat(all).contains(1L, 2L);

        double[][] after = logits(okJson(classify("sent_imdb", SENTENCES.subList(0, 2), null, false)));
        assertThat(maxDifference(after, toFloats(before))).as("v2's adapter answers now").isGreaterThan(1e-3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("ensemble_inference_retired_in_use")).as("v1's memory is freed").isEqualTo(0));
        assertThat(metric("ensemble_inference_ensemble_version")).isEqualTo(2);
    }

    @Test
    @Order(5)
    void aCorruptVersionIsReportedAndThePreviousKeepsServing() throws Exception {
        double failedBefore = metric("ensemble_inference_loads_total{outcome=\"failed\"}");
        LoraAdapter adapter = TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 31, 0.1);
        upload(3, Map.of("g-sentiment-v3", adapter),
                List.of(entry("g-sentiment-v3", Kind.GROUP, "g-sentiment", List.of("sent_imdb", "sent_amazon"))),
                Map.of("sent_imdb", task(Map.of("g-sentiment-v3", 1.0), 0.7),
                        "sent_amazon", task(Map.of("g-sentiment-v3", 1.0), 0.7)));
        store.put(StorageLayout.adapterWeights("g-sentiment-v3"), "not a safetensors file".getBytes(),
                "application/octet-stream");
        announce(3, List.of("g-sentiment-v3"));

        await().atMost(LOAD_TIMEOUT).untilAsserted(() ->
                assertThat(json(given().get("/v1/models")).at("/lastError/version").asLong()).isEqualTo(3));
        JsonNode models = json(given().get("/v1/models"));
        assertThat(models.at("/serving/version").asLong()).isEqualTo(2);
        assertThat(models.at("/lastError/message").asText()).contains("g-sentiment-v3");
        assertThat(okJson(classify("sent_imdb", SENTENCES.subList(0, 1), null, false)).get("ensembleVersion")
                .asLong()).isEqualTo(2);
        assertThat(metric("ensemble_inference_load_error")).isEqualTo(1);
        assertThat(metric("ensemble_inference_loads_total{outcome=\"failed\"}"))
                .as("tried again with back-off").isGreaterThanOrEqualTo(failedBefore + 1);
    }

    @Test
    @Order(6)
    void aNewerVersionClearsTheErrorAndOlderVersionsAreSkipped() throws Exception {
        Map<String, LoraAdapter> adapters = Map.of("g-sentiment-v4", TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 41, 0.1));
        List<EnsembleManifest.AdapterEntry> entries = List.of(entry("g-sentiment-v4", Kind.GROUP, "g-sentiment",
                List.of("sent_imdb", "sent_amazon")));
        Map<String, EnsembleManifest.TaskEntry> tasks = Map.of("sent_imdb", task(Map.of("g-sentiment-v4", 1.0), 0.79),
                "sent_amazon", task(Map.of("g-sentiment-v4", 1.0), 0.86));
        publish(4, adapters, entries, tasks, new EnsembleManifest.StartEntry("meta-test", List.of("sent_imdb@1",
                "sent_amazon@1"), 0.25, 0.5));
        awaitServing(4);
        assertThat(json(given().get("/v1/models")).get("lastError").isNull()).isTrue();
        assertThat(metric("ensemble_inference_load_error")).isZero();

        double skippedBefore = metric("ensemble_inference_loads_total{outcome=\"skipped\"}");
        announce(2, List.of("g-sentiment-v2"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("ensemble_inference_loads_total{outcome=\"skipped\"}")).isEqualTo(skippedBefore + 1));
        assertThat(json(given().get("/v1/models")).at("/serving/version").asLong()).isEqualTo(4);
    }

    @Test
    @Order(7)
    void theDashboardShowsThePipelineFromItsTopics() throws Exception {
        ProjectionSpec projection = new ProjectionSpec(model.modelId(), LoraSpec.defaults(), 64, 42, 400, 73728);
        for (String dataset : List.of("sent_imdb", "sent_amazon")) {
            send(Topics.DATASETS_READY, dataset, new DatasetReady(dataset, 1, SENTIMENT, dataset + " sentences",
                    Map.of(Split.TRAIN, new DatasetReady.SplitObject("b", "datasets/" + dataset + "/r1/train.jsonl", 700),
                            Split.VALIDATION, new DatasetReady.SplitObject("b", "v", 100),
                            Split.TEST, new DatasetReady.SplitObject("b", "t", 200)), "sha-" + dataset));
        }
        send(Topics.GRADIENTS_COMPLETED, "sent_imdb", new GradientsCompleted("sent_imdb", 1, projection, 4, 800));
        send(Topics.AFFINITY, projection.id(), new AffinityUpdated(1, projection.id(), List.of("sent_imdb",
                "sent_amazon"), new double[][] {{1.0, 0.42}, {0.42, 1.0}}, 50, "validation_loss"));
        send(Topics.GROUPINGS, projection.id(), new GroupingUpdated(1, 1, projection.id(), List.of(new TaskGroup(
                "g-sentiment", List.of("sent_imdb", "sent_amazon"))), List.of("g-sentiment"), 0.84, "sdp"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode dashboard = json(given().get("/v1/dashboard"));
            assertThat(dashboard.get("datasets")).hasSize(2);
            assertThat(dashboard.at("/grouping/groups/0/groupId").asText()).isEqualTo("g-sentiment");
            assertThat(dashboard.at("/affinity/matrix/0/1").asDouble()).isEqualTo(0.42);
        });
        JsonNode dashboard = json(given().get("/v1/dashboard"));
        assertThat(dashboard.at("/datasets/1/gradients/examples").asLong()).isEqualTo(800);
        assertThat(dashboard.at("/ensemble/servingVersion").asLong()).isEqualTo(4);
        assertThat(dashboard.at("/ensemble/publishedVersion").asLong()).isEqualTo(4);
        assertThat(dashboard.at("/ensemble/start/adapterId").asText()).isEqualTo("meta-test");
        assertThat(dashboard.at("/ensemble/start/unseenShare").asDouble()).isEqualTo(0.25);
        assertThat(dashboard.at("/progress/1/done").asInt()).as("gradients complete for one of two").isEqualTo(1);

        String locked = HeadlessChromium.dumpDom(root.toString());
        assertThat(locked).as("without the key the page asks for it and shows nothing")
                .contains("enter the API key").doesNotContain("data-dataset=");
        String dom = HeadlessChromium.dumpDom(root + "#key=" + ApiKeys.TEST_KEY);
        assertThat(dom).contains("data-dataset=\"sent_imdb\"", "data-dataset=\"sent_amazon\"");
        assertThat(dom).containsPattern("data-row=\"sent_imdb\" data-col=\"sent_amazon\"[^>]*>0\\.42<");
        assertThat(dom).contains("data-group=\"g-sentiment\"");
        assertThat(dom).containsPattern("data-adapter=\"g-sentiment-v4\"");
        assertThat(dom).containsPattern("data-task=\"sent_amazon\"><td>sent_amazon</td><td data-weight=\"g-sentiment-v4\">1\\.00</td>"
                + "<td class=\"accuracy\">86\\.0%</td>");
        assertThat(dom).contains("version 4 serving");
        assertThat(dom).as("the θ* of the serving version (ADR 0110)").contains("adapters start from θ* meta-test "
                + "(trained on 2 datasets; unseen when built 25.0%, retrained at 50.0%)");
    }

    @Test
    @Order(8)
    void metricsCoverLatencyPerTaskBatchesAndTheVersion() {
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("ensemble_inference_request_seconds_count{mode=\"output\",outcome=\"ok\",task=\"sent_imdb\"}");
        assertThat(metrics).contains("ensemble_inference_request_seconds{mode=\"merged\",outcome=\"ok\",task=\"sent_amazon\",quantile=\"0.99\"}");
        assertThat(metrics).contains("ensemble_inference_batch_texts_count{mode=\"output\"}");
        assertThat(metrics).contains("ensemble_inference_ensemble_version 4.0");
        assertThat(metric("ensemble_inference_batch_texts_max{mode=\"output\"}")).as("concurrent requests were batched")
                .isGreaterThan(2);
    }

    // ---- helpers ----

    /** Stores the adapters and the manifest as the trainer does, then announces the version. */
    @Test
    @Order(9)
    void aFailedLoadIsTriedAgainAndServesOnceItsObjectsAreThere() throws Exception {
        LoraAdapter adapter = TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 101, 0.1);
        List<EnsembleManifest.AdapterEntry> entries = List.of(entry("g-sentiment-v10", Kind.GROUP, "g-sentiment",
                List.of("sent_imdb", "sent_amazon")));
        Map<String, EnsembleManifest.TaskEntry> tasks = Map.of("sent_imdb", task(Map.of("g-sentiment-v10", 1.0), 0.8),
                "sent_amazon", task(Map.of("g-sentiment-v10", 1.0), 0.8));
        EnsembleManifest manifest = TestEnsembles.manifest(10, model.modelId(), entries, tasks);
        store.put(StorageLayout.ensembleManifest(model.modelId(), 10), manifest.toJson(), "application/json");
        announce(10, List.of("g-sentiment-v10"));
        await().atMost(LOAD_TIMEOUT).untilAsserted(() ->
                assertThat(json(given().get("/v1/models")).at("/lastError/version").asLong()).isEqualTo(10));

        // The adapter arrives late (the object store was away): the next attempt loads it, with no new event.
        PeftAdapterFiles files = PeftAdapterFormat.write(adapter, model.modelId());
        store.put(StorageLayout.adapterConfig("g-sentiment-v10"), files.adapterConfig(), "application/json");
        store.put(StorageLayout.adapterWeights("g-sentiment-v10"), files.adapterModel(), "application/octet-stream");
        awaitServing(10);
    }

    @Test
    @Order(10)
    void theNewestManifestInTheObjectStoreServesWithoutAnEvent() throws Exception {
        Map<String, LoraAdapter> adapters = Map.of("g-sentiment-v11", TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 111, 0.1));
        upload(11, adapters, List.of(entry("g-sentiment-v11", Kind.GROUP, "g-sentiment",
                List.of("sent_imdb", "sent_amazon"))), Map.of("sent_imdb", task(Map.of("g-sentiment-v11", 1.0), 0.8),
                "sent_amazon", task(Map.of("g-sentiment-v11", 1.0), 0.8)));
        // What an instance does at start-up (the ensembles topic may have expired): the newest stored manifest.
        assertThat(manager.scanStore()).isEqualTo(11);
        awaitServing(11);
    }

    @Test
    @Order(11)
    void aTasksProbeMemberIsMixedInFromWhereItsVersionStoresItAndNowhereElse() throws Exception {
        // the task's linear probe on the frozen encoder's features of the eight sentences (0 negative, 1 positive)
        List<String> amazon = Collections.nCopies(SENTENCES.size(), "sent_amazon");
        int[] labels = {0, 1, 0, 1, 1, 0, 1, 0};
        float[][] features = model.classifier(List.of(new TaskLabels("sent_amazon", SENTIMENT)),
                new ClassifierSettings(20, 64)).features(amazon, SENTENCES);
        LinearProbe probe = LinearProbe.fit(features, labels, features, labels, 2, List.of(10.0));
        LoraAdapter adapter = TestEnsembles.adapter(BertConfig.allMiniLmL6V2(), 131, 0.1);

        // a manifest naming an object outside its version as the probe is refused; the last version keeps serving
        store.put("elsewhere/probe.liblinear", probe.toBytes(), "text/plain");
        upload(12, Map.of("g-sentiment-v12", adapter), List.of(entry("g-sentiment-v12", Kind.GROUP, "g-sentiment",
                List.of("sent_imdb", "sent_amazon"))), Map.of("sent_imdb", task(Map.of("g-sentiment-v12", 1.0), 0.8),
                "sent_amazon", withProbe(task(Map.of("g-sentiment-v12", 1.0), 0.8), 0.4, "elsewhere/probe.liblinear")));
        announce(12, List.of("g-sentiment-v12"));
        await().atMost(LOAD_TIMEOUT).untilAsserted(() ->
                assertThat(json(given().get("/v1/models")).at("/lastError/version").asLong()).isEqualTo(12));
        assertThat(json(given().get("/v1/models")).at("/lastError/message").asText())
                .contains("not at " + StorageLayout.ensembleProbe(model.modelId(), 12, "sent_amazon"));
        assertThat(json(given().get("/v1/models")).at("/serving/version").asLong()).isEqualTo(11);

        String key = StorageLayout.ensembleProbe(model.modelId(), 13, "sent_amazon");
        store.put(key, probe.toBytes(), "text/plain");
        publish(13, Map.of("g-sentiment-v13", adapter), List.of(entry("g-sentiment-v13", Kind.GROUP, "g-sentiment",
                List.of("sent_imdb", "sent_amazon"))), Map.of("sent_imdb", task(Map.of("g-sentiment-v13", 1.0), 0.8),
                "sent_amazon", withProbe(task(Map.of("g-sentiment-v13", 1.0), 0.8), 0.4, key)));
        awaitServing(13);

        double[][] adapterAlone = toDoubles(reference().adapter(amazon, SENTENCES, adapter));
        double[][] expected = LinearProbe.mixed(adapterAlone, probe.logProbabilities(features, 2), 0.4);
        for (String mode : List.of("output", "merged")) {
            JsonNode served = okJson(classify("sent_amazon", SENTENCES, mode, true));
            assertWellFormed(served, SENTENCES.size());
            assertThat(maxDifference(logits(served), toFloats(expected))).as(mode).isLessThan(1e-4);
            JsonNode contributions = served.at("/predictions/0/contributions");
            assertThat(contributions).hasSize(2);
            assertThat(contributions.get(1).get("adapterId").asText()).isEqualTo("linear-probe");
            assertThat(contributions.get(1).get("weight").asDouble()).isEqualTo(0.4);
        }
        assertThat(maxDifference(logits(okJson(classify("sent_imdb", SENTENCES, "output", false))),
                reference().adapter(Collections.nCopies(SENTENCES.size(), "sent_imdb"), SENTENCES, adapter)))
                .as("a task without a probe member: the adapter alone").isLessThan(1e-4);
        JsonNode models = json(given().get("/v1/models"));
        for (JsonNode task : models.at("/serving/tasks")) {
            assertThat(task.get("probeWeight").asDouble()).isEqualTo(task.get("task").asText().equals("sent_amazon")
                    ? 0.4 : 0.0);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json(given().get("/v1/dashboard"))
                .at("/ensemble/servingVersion").asLong()).isEqualTo(13));
        for (JsonNode task : json(given().get("/v1/dashboard")).at("/ensemble/tasks")) {
            JsonNode probeWeight = task.at("/weights/linear-probe");
            assertThat(probeWeight.isMissingNode() ? 0.0 : probeWeight.asDouble()).as("the dashboard's probe column")
                    .isEqualTo(task.get("task").asText().equals("sent_amazon") ? 0.4 : 0.0);
        }
    }

    private static EnsembleManifest.TaskEntry withProbe(EnsembleManifest.TaskEntry entry, double weight, String key) {
        return new EnsembleManifest.TaskEntry(entry.labels(), entry.weights(), entry.validationAccuracy(),
                entry.testAccuracy(), entry.prompt(), new EnsembleManifest.ProbeEntry(weight, key));
    }

    private void publish(long version, Map<String, LoraAdapter> adapters, List<EnsembleManifest.AdapterEntry> entries,
            Map<String, EnsembleManifest.TaskEntry> tasks) {
        publish(version, adapters, entries, tasks, null);
    }

    /** The same, with the θ* its adapters start from in the manifest (null: the LoRA initialisation). */
    private void publish(long version, Map<String, LoraAdapter> adapters, List<EnsembleManifest.AdapterEntry> entries,
            Map<String, EnsembleManifest.TaskEntry> tasks, EnsembleManifest.StartEntry start) {
        upload(version, adapters, entries, tasks, start);
        announce(version, entries.stream().map(EnsembleManifest.AdapterEntry::adapterId).toList());
    }

    private void upload(long version, Map<String, LoraAdapter> adapters, List<EnsembleManifest.AdapterEntry> entries,
            Map<String, EnsembleManifest.TaskEntry> tasks) {
        upload(version, adapters, entries, tasks, null);
    }

    private void upload(long version, Map<String, LoraAdapter> adapters, List<EnsembleManifest.AdapterEntry> entries,
            Map<String, EnsembleManifest.TaskEntry> tasks, EnsembleManifest.StartEntry start) {
        for (Map.Entry<String, LoraAdapter> adapter : adapters.entrySet()) {
            PeftAdapterFiles files = PeftAdapterFormat.write(adapter.getValue(), model.modelId());
            store.put(StorageLayout.adapterConfig(adapter.getKey()), files.adapterConfig(), "application/json");
            store.put(StorageLayout.adapterWeights(adapter.getKey()), files.adapterModel(), "application/octet-stream");
        }
        EnsembleManifest manifest = TestEnsembles.manifest(version, model.modelId(), entries, tasks, start);
        store.put(StorageLayout.ensembleManifest(model.modelId(), version), manifest.toJson(), "application/json");
    }

    private void announce(long version, List<String> adapterIds) {
        send(Topics.ENSEMBLES, model.modelId(), new EnsemblePublished(version, model.modelId(), store.bucket(),
                StorageLayout.ensembleManifest(model.modelId(), version), 1, adapterIds));
    }

    private static void send(String topic, String key, Event event) {
        writer().sendAndWait(topic, key, EventCodec.encode(event));
    }

    private static TopicWriter writer() {
        if (writer == null) {
            writer = new TopicWriter(DevStack.shared().endpoints().kafkaBootstrapServers());
        }
        return writer;
    }

    private static void awaitServing(long version) {
        await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(json(given().get("/v1/models")).at("/serving/version").asLong()).isEqualTo(version));
    }

    private ClassifierLogits reference() {
        return new ClassifierLogits(model.classifier(List.of(new TaskLabels("sent_imdb", SENTIMENT),
                new TaskLabels("sent_amazon", SENTIMENT)), new ClassifierSettings(20, 64)));
    }

    private static Response classify(String task, List<String> texts, String mode, boolean explain) {
        Map<String, Object> body = new HashMap<>();
        body.put("task", task);
        body.put("texts", texts);
        if (mode != null) {
            body.put("mode", mode);
        }
        body.put("explain", explain);
        return post(body);
    }

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/classify");
    }

    private static JsonNode okJson(Response response) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(Response response) throws Exception {
        return EventCodec.mapper().readTree(response.asString());
    }

    private static void assertProblem(Response response, int status, String detail) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).contains(detail);
    }

    /** Probabilities sum to 1 over the task's labels and the label is their argmax. */
    private static void assertWellFormed(JsonNode classification, int texts) {
        JsonNode predictions = classification.get("predictions");
        assertThat(predictions).hasSize(texts);
        for (JsonNode prediction : predictions) {
            Map<String, Double> p = new LinkedHashMap<>();
            prediction.get("probabilities").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asDouble()));
            assertThat(p.keySet()).containsExactlyElementsOf(SENTIMENT);
            assertThat(p.values().stream().mapToDouble(Double::doubleValue).sum())
                    .isCloseTo(1.0, within(1e-9));
            String argmax = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(prediction.get("label").asText()).isEqualTo(argmax);
            assertThat(prediction.get("labelIndex").asInt()).isEqualTo(SENTIMENT.indexOf(argmax));
        }
    }

    private static double[][] logits(JsonNode classification) {
        JsonNode predictions = classification.get("predictions");
        double[][] out = new double[predictions.size()][];
        for (int n = 0; n < out.length; n++) {
            JsonNode row = predictions.get(n).get("logits");
            out[n] = new double[row.size()];
            for (int l = 0; l < row.size(); l++) {
                out[n][l] = row.get(l).asDouble();
            }
        }
        return out;
    }

    private static double[][] toDoubles(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int n = 0; n < rows.length; n++) {
            out[n] = org.affinityensemble.model.infer.Softmax.toDoubles(rows[n]);
        }
        return out;
    }

    private static float[][] toFloats(double[][] rows) {
        float[][] out = new float[rows.length][];
        for (int n = 0; n < rows.length; n++) {
            out[n] = new float[rows[n].length];
            for (int l = 0; l < rows[n].length; l++) {
                out[n][l] = (float) rows[n][l];
            }
        }
        return out;
    }

    private static double maxDifference(double[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        double max = 0;
        for (int n = 0; n < actual.length; n++) {
            assertThat(actual[n]).hasSize(expected[n].length);
            for (int l = 0; l < actual[n].length; l++) {
                max = Math.max(max, Math.abs(actual[n][l] - expected[n][l]));
            }
        }
        return max;
    }

    /**
     * One sample of the Prometheus exposition (name with its labels exactly as written there; an exemplar after
     * {@code #}, which tracing adds, is not part of the value); 0 if absent.
     */
    private static double metric(String sample) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).split(" # ")[0].trim());
            }
        }
        return 0;
    }
}
