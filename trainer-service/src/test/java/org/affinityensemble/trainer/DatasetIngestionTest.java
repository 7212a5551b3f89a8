package org.affinityensemble.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.Topics;
import org.affinityensemble.storage.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry against the real broker, database and object store. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "trainer_ingestion_test"))
class DatasetIngestionTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    private static final List<String> SENTENCES = List.of(
            "So there is no way for me to plug it in here in the US unless I go by a converter.",
            "Good case, Excellent value.", "Great for the jawbone.",
            "Tied to charger for conversations lasting more than 45 minutes.MAJOR PROBLEMS!!",
            "The mic is great.", "I have to jiggle the plug to get it to line up right to get decent volume.",
            "If you have several dozen or several hundred contacts, then imagine the fun of sending each of them one by one.",
            "If you are Razr owner...you must have this!", "Needless to say, I wasted my money.",
            "What a waste of money and time!.", "And the sound quality is great.",
            "He was very impressed when going from the original battery to the extended battery.",
            "If the two were seperated by a mere 5+ ft I started to notice excessive static and garbled sound from the headset.",
            "Very good quality though", "The design is very odd, as the ear \"clip\" is not very comfortable at all.",
            "Highly recommend for any one who has a blue tooth phone.", "I advise EVERYONE DO NOT BE FOOLED!",
            "So Far So Good!.", "Works great!.", "It clicks into place in a way that makes you wonder how long that mechanism would last.");
    private static final List<String> LABELS = List.of("negative", "positive", "negative", "negative", "positive",
            "negative", "negative", "positive", "negative", "negative", "positive", "positive", "negative", "positive",
            "negative", "positive", "negative", "positive", "positive", "negative");

    private static TopicWriter writer;
    private static String bootstrap;

    @Inject
    ObjectStore store;

    @BeforeAll
    static void connect() {
        bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    static void disconnect() {
        writer.close();
    }

    @Test
    void streamedDatasetIsRegisteredSplitAndMaterialised() throws Exception {
        String id = "amazon_excerpt";
        send(id, new DatasetDeclared(id, List.of("negative", "positive"), "UCI sentiment sentences (Kotzias et al. 2015)"));
        for (int i = 0; i < SENTENCES.size(); i++) {
            send(id, new SampleRecord(id, "s" + i, null, SENTENCES.get(i), LABELS.get(i)));
        }
        send(id, new SampleRecord(id, "s0", null, SENTENCES.get(0), LABELS.get(0))); // a redelivery
        send(id, new DatasetSealed(id, SENTENCES.size()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/v1/datasets/" + id).then()
                .statusCode(200).body("state", equalTo("READY")));
        var view = given().get("/v1/datasets/" + id).then().extract().jsonPath();
        assertThat(view.getLong("train") + view.getLong("validation") + view.getLong("test")).isEqualTo(20);
        assertThat(view.getLong("train")).isEqualTo(14);
        assertThat(view.getString("shortfall")).as("every announced sample accounted for").isNull();

        List<String> lines = new ArrayList<>();
        for (Split split : Split.values()) {
            String key = "datasets/" + id + "/r1/" + split.wireName() + ".jsonl";
            new String(store.get(key), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        assertThat(lines).hasSize(20);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"text\":\"Works great!.\"")
                .contains("\"label\":\"positive\""));

        try (TopicProbe ready = TopicProbe.fromBeginning(bootstrap, Topics.DATASETS_READY);
                TopicProbe requests = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENT_REQUESTS)) {
            DatasetReady event = EventCodec.decode(ready.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30))
                    .get(0).value(), DatasetReady.class);
            assertThat(event.count(Split.TRAIN)).isEqualTo(view.getLong("train"));
            assertThat(event.labels()).containsExactly("negative", "positive");
            List<GradientRequest> shards = requests.await(r -> r.key().startsWith(id + "#"), 1, Duration.ofSeconds(30))
                    .stream().map(r -> EventCodec.decode(r.value(), GradientRequest.class)).toList();
            int items = shards.stream().mapToInt(shard -> shard.items().size()).sum();
            assertThat(items).as("train and validation samples, each once")
                    .isEqualTo(view.getLong("train") + view.getLong("validation"));
            assertThat(shards.stream().flatMap(s -> s.items().stream()).map(GradientRequest.Item::split))
                    .doesNotContain(Split.TEST);
        }
    }

    @Test
    void everyKindOfBadInputGoesToTheDeadLetterTopicWithItsReason() {
        String id = "dlq_case";
        send(id, new DatasetDeclared(id, List.of("no", "yes"), ""));
        Map<String, String> bad = Map.of(
                "malformed", "{\"type\": \"dataset.sample\", ",
                "version", "{\"type\":\"dataset.sample\",\"schemaVersion\":9,\"datasetId\":\"dlq_case\",\"sampleId\":\"v\","
                        + "\"text\":\"t\",\"label\":\"yes\"}",
                "undeclared", sample("nobody_declared_me", "u", "text", "yes"),
                "label", sample(id, "l", "text", "maybe"),
                "empty", "{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"dlq_case\",\"sampleId\":\"e\","
                        + "\"text\":\"   \",\"label\":\"yes\"}",
                "oversize", sample(id, "o", "x".repeat(20_001), "yes"),
                // Near the one message-size limit: the dead-letter producer takes what the topic takes.
                "huge", sample(id, "h", "x".repeat(Topics.MAX_MESSAGE_BYTES - 4096), "yes"));
        bad.forEach((name, payload) -> writer.send(Topics.DATASETS, id, payload));
        send(id, new SampleRecord(id, "good", Split.TRAIN, "a fine sample", "yes"));
        writer.flush();

        try (TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.DATASETS))) {
            List<String> reasons = dlq.await(r -> id.equals(r.key()), bad.size(), Duration.ofSeconds(60)).stream()
                    .map(r -> TopicProbe.header(r, "dead-letter-reason")).collect(Collectors.toList());
            assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("malformed JSON"))
                    .anySatisfy(r -> assertThat(r).contains("unsupported schema version 9"))
                    .anySatisfy(r -> assertThat(r).contains("dataset 'nobody_declared_me' is not declared"))
                    .anySatisfy(r -> assertThat(r).contains("label 'maybe' is not one of [no, yes]"))
                    .anySatisfy(r -> assertThat(r).contains("text is empty"))
                    .anySatisfy(r -> assertThat(r).contains("20001 characters"))
                    .anySatisfy(r -> assertThat(r).contains((Topics.MAX_MESSAGE_BYTES - 4096) + " characters"));
        }
        // The consumer went on: the good sample after the bad ones was stored. The sealed count includes the records
        // that could not be read as samples of this dataset (malformed, version, empty, another dataset's): the
        // dataset is ready, its shortfall on record.
        send(id, new DatasetSealed(id, bad.size() + 1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/v1/datasets/" + id).then()
                .body("state", equalTo("READY")).body("train", equalTo(1)).body("rejected", equalTo(3))
                .body("shortfall", equalTo("announced 8 samples; 1 accepted and 3 rejected: 4 not accounted for"
                        + " (unreadable records on the dead-letter topic, or lost)")));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", org.hamcrest.Matchers.hasItems(
                "object-store"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/v1/training/start").then().statusCode(200).body("state", equalTo("lora-init"))
                .body("adapterId", org.hamcrest.Matchers.nullValue());
    }

    private static String sample(String dataset, String sampleId, String text, String label) {
        return "{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"" + dataset + "\",\"sampleId\":\""
                + sampleId + "\",\"text\":\"" + text + "\",\"label\":\"" + label + "\"}";
    }

    private static void send(String key, org.affinityensemble.events.DatasetEvent event) {
        writer.sendAndWait(Topics.DATASETS, key, EventCodec.encode(event));
    }
}
