package org.affinityensemble.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.infer.Accuracy;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.service.EnsemblePublisher;
import org.affinityensemble.training.TaskClassifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Steps 4 and 5 end to end in the trainer-service against the real broker, database and object store, with the
 * real MiniLM model in local mode: four small real datasets stream in through the registry, a grouping version
 * arrives, and an ensemble version comes out (adapters and manifest in S3, the event on ensemble.ensembles); then a
 * grouping that changes one group retrains that group alone.
 */
@QuarkusTest
@TestProfile(TinyTraining.class)
@QuarkusTestResource(value = org.affinityensemble.devstack.DevStackTestResource.class,
        restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = "database", value = "trainer_ensemble_test"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnsembleTrainingTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    private static final Duration TRAINING = Duration.ofMinutes(5);
    private static final Pattern PEFT_NAME = Pattern.compile(
            "base_model\\.model\\.encoder\\.layer\\.(\\d+)\\.attention\\.self\\.(query|key|value)\\.lora_([AB])\\.weight");
    private static final List<String> TASKS = List.of("sent_amazon", "sent_imdb", "spam_email", "reuters_grain");

    private static TopicWriter writer;
    private static String bootstrap;

    @Inject
    ObjectStore store;

    @Inject
    LanguageModel model;

    @Inject
    EnsemblePublisher publisher;

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
    @Order(1)
    void aGroupingBecomesAPublishedEnsembleThatBeatsTheZeroShotModel() throws Exception {
        TASKS.forEach(task -> TrainingFixture.stream(writer, task));
        for (String task : TASKS) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/v1/datasets/" + task).then()
                    .statusCode(200).body("state", equalTo("READY")));
        }

        publish(new GroupingUpdated(1, 1, "proj-test", List.of(
                new TaskGroup("g-1", List.of("sent_amazon", "sent_imdb")),
                new TaskGroup("g-2", List.of("spam_email"))), List.of("g-1", "g-2"), 1.0, "test"));
        EnsemblePublished published = awaitEnsemble(1);

        assertThat(published.groupingVersion()).isEqualTo(1);
        assertThat(published.adapterIds()).containsExactlyElementsOf(
                adaptersWithBoostIfKept(1, "boost1-v1", "g-1-v1", "g-2-v1"));
        EnsembleManifest manifest = EnsembleManifest.fromJson(store.get(published.manifestKey()));
        assertThat(published.manifestKey()).isEqualTo(StorageLayout.ensembleManifest(model.modelId(), 1));
        assertThat(manifest.ensembleVersion()).isEqualTo(1);
        assertThat(manifest.baseModelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(manifest.maxLength()).isEqualTo(48);
        assertThat(manifest.tasks().keySet()).containsExactlyInAnyOrder("sent_amazon", "sent_imdb", "spam_email");
        assertThat(manifest.tasks().get("spam_email").labels()).containsExactly("legitimate email", "spam");
        if (published.adapterIds().contains("boost1-v1")) {
            assertThat(manifest.adapter("boost1-v1").kind()).isEqualTo(EnsembleManifest.AdapterEntry.Kind.BOOST);
        }
        for (EnsembleManifest.AdapterEntry adapter : manifest.adapters()) {
            assertThat(store.exists(adapter.prefix() + StorageLayout.ADAPTER_CONFIG)).isTrue();
            assertThat(store.exists(adapter.prefix() + StorageLayout.ADAPTER_WEIGHTS)).isTrue();
        }
        manifest.tasks().values().forEach(entry -> assertThat(entry.weights()).isNotEmpty());
        manifest.tasks().forEach((task, entry) -> {
            if (entry.probe() != null) { // the task's probe member (ADR 0124), stored where the version keeps it
                assertThat(entry.probe().key()).isEqualTo(StorageLayout.ensembleProbe(model.modelId(), 1, task));
                assertThat(java.util.Arrays.stream(LinearProbe.fromBytes(store.get(entry.probe().key())).labels())
                        .allMatch(label -> label >= 0 && label < entry.labels().size())).isTrue();
            }
        });

        JsonPath build = given().get("/v1/training/builds/1").then().statusCode(200)
                .body("state", equalTo("PUBLISHED")).extract().jsonPath();
        double ensembleMean = 0;
        double zeroShotMean = 0;
        for (String task : List.of("sent_amazon", "sent_imdb", "spam_email")) {
            double accuracy = build.getDouble("scores." + task + ".validationAccuracy");
            double zeroShot = build.getDouble("scores." + task + ".zeroShotValidationAccuracy");
            assertThat(accuracy).as("validation accuracy of %s vs zero-shot %s", task, zeroShot)
                    .isGreaterThanOrEqualTo(zeroShot);
            assertThat(manifest.tasks().get(task).validationAccuracy()).isCloseTo(accuracy, within(1e-6));
            assertThat(build.getDouble("scores." + task + ".probeValidationAccuracy"))
                    .as("the linear probe on the frozen encoder, on the same splits").isBetween(0.0, 1.0);
            ensembleMean += accuracy / 3;
            zeroShotMean += zeroShot / 3;
        }
        assertThat(ensembleMean).as("mean validation accuracy beats zero-shot").isGreaterThan(zeroShotMean);
    }

    @Test
    @Order(2)
    void storedAdaptersFollowThePeftLayoutAndScoreAsTheirRunReported() throws Exception {
        byte[] weights = store.get(StorageLayout.adapterWeights("g-2-v1"));
        long headerLength = ByteBuffer.wrap(weights, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = EventCodec.mapper().readTree(new String(weights, 8, (int) headerLength,
                StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(names::add);
        names.remove("__metadata__");
        assertThat(names.remove("label_embeddings.spam_email")).as("the group's task's trained label embeddings")
                .isTrue();
        assertThat(header.get("label_embeddings.spam_email").get("shape").toString()).isEqualTo("[2,384]");
        assertThat(header.get("__metadata__").get("label_embeddings").asText()).isEqualTo("spam_email");
        assertThat(names).hasSize(6 * 3 * 2).allMatch(name -> PEFT_NAME.matcher(name).matches());
        JsonNode a = header.get("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight");
        assertThat(a.get("dtype").asText()).isEqualTo("F32");
        assertThat(a.get("shape").toString()).isEqualTo("[8,384]");
        assertThat(header.get("base_model.model.encoder.layer.5.attention.self.value.lora_B.weight").get("shape")
                .toString()).isEqualTo("[384,8]");
        JsonNode config = EventCodec.mapper().readTree(store.get(StorageLayout.adapterConfig("g-2-v1")));
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("r").asInt()).isEqualTo(8);
        assertThat(config.get("base_model_name_or_path").asText()).isEqualTo(model.modelId());

        LoraAdapter adapter = model.readAdapter(new PeftAdapterFiles(
                store.get(StorageLayout.adapterConfig("g-2-v1")), weights));
        List<LabelledText> validation = TrainingFixture.rows("spam_email").stream()
                .filter(row -> row.split() == Split.VALIDATION)
                .map(row -> new LabelledText("spam_email", row.text(),
                        TrainingFixture.LABELS.get("spam_email").indexOf(row.label())))
                .toList();
        ClassifierLogits logits = new ClassifierLogits(new TaskClassifiers(model, new ClassifierSettings(20, 48))
                .forTask(new org.affinityensemble.model.classify.TaskLabels("spam_email",
                        TrainingFixture.LABELS.get("spam_email"))));
        float[][] scores = logits.adapter(Collections.nCopies(validation.size(), "spam_email"),
                validation.stream().map(LabelledText::text).toList(), adapter);
        double accuracy = Accuracy.perTask(validation, scores).get("spam_email");
        double reported = given().get("/v1/training/runs/v1-g-2").then().statusCode(200).extract().jsonPath()
                .getDouble("metrics.validation_accuracy");
        assertThat(accuracy).as("the stored adapter is the checkpoint the run reported")
                .isCloseTo(reported, within(1e-6));
    }

    @Test
    @Order(3)
    void aRedeliveredGroupingAndARepeatedPublicationChangeNothing() {
        int runs = given().get("/v1/training/runs").then().extract().jsonPath().getList("$").size();
        publish(new GroupingUpdated(1, 1, "proj-test", List.of(
                new TaskGroup("g-1", List.of("sent_amazon", "sent_imdb")),
                new TaskGroup("g-2", List.of("spam_email"))), List.of("g-1", "g-2"), 1.0, "test"));
        assertThat(publisher.publishReady()).isZero();
        try (TopicProbe ensembles = TopicProbe.fromBeginning(bootstrap, Topics.ENSEMBLES)) {
            assertThat(ensembles.drain(Duration.ofSeconds(5))).hasSize(1);
        }
        assertThat(given().get("/v1/training/runs").then().extract().jsonPath().getList("$")).hasSize(runs);
        assertThat(given().get("/v1/training/builds").then().extract().jsonPath().getList("$")).hasSize(1);
    }

    @Test
    @Order(4)
    void aGroupingThatChangesOneGroupRetrainsThatGroupAlone() {
        publish(new GroupingUpdated(2, 2, "proj-test", List.of(
                new TaskGroup("g-1", List.of("sent_amazon", "sent_imdb")),
                new TaskGroup("g-2", List.of("spam_email", "reuters_grain"))), List.of("g-2"), 1.0, "test"));
        EnsemblePublished published = awaitEnsemble(2);

        assertThat(published.groupingVersion()).isEqualTo(2);
        assertThat(published.adapterIds()).containsExactlyElementsOf(
                adaptersWithBoostIfKept(2, "boost1-v2", "g-1-v1", "g-2-v2"));
        List<Map<String, Object>> runs = given().get("/v1/training/runs").then().extract().jsonPath()
                .getList("findAll { it.groupingVersion == 2 }");
        assertThat(runs).extracting(run -> run.get("runId")).containsExactlyInAnyOrder("v2-g-2", "v2-boost1");
        assertThat(runs).allSatisfy(run -> assertThat(run.get("state")).isEqualTo("SUCCEEDED"));
        EnsembleManifest manifest = EnsembleManifest.fromJson(store.get(published.manifestKey()));
        assertThat(manifest.tasks().keySet()).hasSize(4);
        assertThat(manifest.adapter("g-1-v1").tasks()).containsExactly("sent_amazon", "sent_imdb");
        given().get("/v1/ensembles").then().statusCode(200).body("size()", equalTo(2));
        given().get("/v1/ensembles/2").then().statusCode(200).body("groupingVersion", equalTo(2));
    }

    @Test
    @Order(5)
    void aGroupingThatArrivesWhileTheLastOneTrainsTakesOverItsRunsAndCancelsTheRest() {
        // v3 regroups everything; v4 follows at once, before v3's first run can finish: it keeps g-1 as v3 has it
        // (unchanged, so it takes over v3's run instead of training the same adapter again) and splits g-2.
        publish(new GroupingUpdated(3, 3, "proj-test", List.of(
                new TaskGroup("g-1", List.of("sent_amazon", "spam_email")),
                new TaskGroup("g-2", List.of("sent_imdb", "reuters_grain"))), List.of("g-1", "g-2"), 1.0, "test"));
        publish(new GroupingUpdated(4, 4, "proj-test", List.of(
                new TaskGroup("g-1", List.of("sent_amazon", "spam_email")),
                new TaskGroup("g-3", List.of("sent_imdb")),
                new TaskGroup("g-4", List.of("reuters_grain"))), List.of("g-3", "g-4"), 1.0, "test"));
        EnsemblePublished published = awaitEnsemble(3);

        assertThat(published.groupingVersion()).isEqualTo(4);
        assertThat(published.adapterIds()).containsExactlyElementsOf(
                adaptersWithBoostIfKept(4, "boost1-v4", "g-1-v3", "g-3-v4", "g-4-v4"));
        given().get("/v1/training/builds/3").then().statusCode(200).body("state", equalTo("SUPERSEDED"));
        given().get("/v1/training/runs/v3-g-1").then().statusCode(200).body("state", equalTo("SUCCEEDED"));
        JsonPath cancelled = given().get("/v1/training/runs/v3-g-2").then().statusCode(200).extract().jsonPath();
        assertThat(cancelled.getString("state")).isEqualTo("FAILED");
        assertThat(cancelled.getString("message")).startsWith("cancelled: grouping 4 superseded build 3");
        List<Map<String, Object>> runs = given().get("/v1/training/runs").then().extract().jsonPath()
                .getList("findAll { it.groupingVersion == 4 }");
        assertThat(runs).extracting(run -> run.get("runId"))
                .as("no second run trains g-1's adapter").containsExactlyInAnyOrder("v4-g-3", "v4-g-4", "v4-boost1");
        assertThat(store.exists(StorageLayout.adapterWeights("g-2-v3"))).as("the cancelled run never trained")
                .isFalse();
    }

    private static void publish(GroupingUpdated grouping) {
        writer.sendAndWait(Topics.GROUPINGS, grouping.projectionId(), EventCodec.encode(grouping));
    }

    /**
     * The group adapters, then the boosting adapter exactly when the build recorded that it lowered its group's
     * validation loss (a boosting round is trained every time; whether it is published depends on what it learned).
     */
    private static List<String> adaptersWithBoostIfKept(long groupingVersion, String boostId, String... groups) {
        List<String> decisions = given().get("/v1/training/builds/" + groupingVersion).then().statusCode(200)
                .extract().jsonPath().getList("boostDecisions", String.class);
        assertThat(decisions).as("one recorded decision about the boosting round").hasSize(1)
                .allMatch(decision -> decision.startsWith(boostId + " kept") || decision.startsWith(boostId + " dropped"));
        List<String> expected = new ArrayList<>(List.of(groups));
        if (decisions.get(0).startsWith(boostId + " kept")) {
            expected.add(boostId);
        }
        return expected;
    }

    private static EnsemblePublished awaitEnsemble(long version) {
        try (TopicProbe ensembles = TopicProbe.fromBeginning(bootstrap, Topics.ENSEMBLES)) {
            return ensembles.await(r -> EventCodec.decode(r.value(), EnsemblePublished.class).ensembleVersion()
                    == version, 1, TRAINING).stream().map(r -> EventCodec.decode(r.value(), EnsemblePublished.class))
                    .findFirst().orElseThrow();
        }
    }
}
