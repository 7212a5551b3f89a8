package org.affinityensemble.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.StorageLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meta-initialisation θ* (ADR 0047) in the trainer-service against the real broker, database and object
 * store, with the real MiniLM model: gradient requests are held until two datasets are ready, θ* is trained on
 * them and stored in the PEFT layout, every request (also of a dataset that arrives later) names it, and a
 * group's adapter and the boosting adapter start from it with A frozen at θ*'s value.
 */
@QuarkusTest
@TestProfile(MetaInitialisationTest.Profile.class)
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "database", value = "trainer_meta_init_test"),
        @ResourceArg(name = "bucket", value = "affinity-ensemble-meta-init-test")})
class MetaInitialisationTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    /** TinyTraining, with θ* trained for one epoch once two datasets are ready. */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new TinyTraining().getConfigOverrides());
            config.put("ensemble.trainer.meta-init.epochs", "1");
            config.put("ensemble.trainer.meta-init.min-datasets", "2");
            // the regime where the affinity's gradients are taken at θ* and follow a retrained θ* (ADR 0111)
            config.put("ensemble.trainer.meta-init.affinity-start", "meta");
            return config;
        }
    }

    private static final Duration TRAINING = Duration.ofMinutes(5);

    private static TopicWriter writer;
    private static String bootstrap;

    @Inject
    ObjectStore store;

    @Inject
    LanguageModel model;

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
    void gradientsAndAdaptersStartFromAMetaInitialisationTrainedOnTheFirstDatasets() {
        stream("sent_amazon", "meta_amazon");
        try (TopicProbe requests = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENT_REQUESTS)) {
            assertThat(requests.drain(Duration.ofSeconds(5))).as("requests held until two datasets are ready")
                    .noneMatch(r -> r.key().startsWith("meta_"));
        }
        given().get("/v1/training/meta-adapters").then().statusCode(200).body("$", hasSize(0));
        given().get("/v1/training/start").then().statusCode(200).body("state", equalTo("waiting"))
                .body("readyDatasets", equalTo(1)).body("minDatasets", equalTo(2)).body("epochs", equalTo(1));

        stream("spam_email", "meta_spam");
        await().atMost(TRAINING).untilAsserted(() -> given().get("/v1/training/meta-adapters").then()
                .statusCode(200).body("$", hasSize(1)));
        JsonPath meta = given().get("/v1/training/meta-adapters").then().extract().jsonPath();
        String metaId = meta.getString("[0].adapterId");
        assertThat(metaId).startsWith("meta-");
        given().get("/v1/training/start").then().body("state", equalTo("ready")).body("adapterId", equalTo(metaId))
                .body("frozenA", equalTo(true));
        assertThat(meta.getList("[0].datasets", String.class)).containsExactly("meta_amazon@1", "meta_spam@1");
        assertThat(meta.getBoolean("[0].frozenA")).isTrue();
        assertThat(meta.getLong("[0].trainExamples")).isEqualTo(48);
        assertThat(meta.getDouble("[0].metrics.train_loss_epoch_1")).isPositive();
        assertThat(store.exists(StorageLayout.adapterConfig(metaId))).isTrue();
        LoraAdapter theta = new AdapterStore(store).read(metaId, model);
        LoraAdapter initial = model.initialAdapter(theta.spec());
        assertThat(theta.b(0)).as("θ* moved B away from its zero initialisation").isNotEqualTo(initial.b(0));

        stream("sent_imdb", "meta_imdb");
        StartAdapter expected = new StartAdapter(metaId, true);
        try (TopicProbe requests = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENT_REQUESTS)) {
            for (String dataset : List.of("meta_amazon", "meta_spam", "meta_imdb")) {
                List<GradientRequest> shards = requests.await(r -> r.key().startsWith(dataset + "#"), 1,
                        Duration.ofSeconds(60)).stream()
                        .map(r -> EventCodec.decode(r.value(), GradientRequest.class)).toList();
                assertThat(shards).as("requests of %s", dataset).allSatisfy(shard -> assertThat(shard.start())
                        .isEqualTo(expected));
            }
            assertThat(requests.drain(Duration.ofSeconds(2)).stream().filter(r -> r.key().startsWith("meta_"))
                    .map(r -> EventCodec.decode(r.value(), GradientRequest.class)))
                    .as("no request at the LoRA initialisation").allSatisfy(r -> assertThat(r.start()).isNotNull());
        }
        given().get("/v1/training/meta-adapters").then().body("$", hasSize(1));
        // θ* has not seen meta_imdb: 24 of the 72 training examples, below the retrain share 0.5 (ADR 0110)
        given().get("/v1/training/start").then().body("state", equalTo("ready")).body("seenDatasets", equalTo(2))
                .body("readyDatasets", equalTo(3)).body("retrainShare", equalTo(0.5f));
        assertThat(given().get("/v1/training/start").then().extract().jsonPath().getDouble("unseenShare"))
                .isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-6));

        writer.sendAndWait(Topics.GROUPINGS, "proj-meta", EventCodec.encode(new GroupingUpdated(1, 1, "proj-meta",
                List.of(new TaskGroup("g-1", List.of("meta_amazon", "meta_imdb")),
                        new TaskGroup("g-2", List.of("meta_spam"))), List.of("g-1", "g-2"), 1.0, "test")));
        await().atMost(TRAINING).untilAsserted(() -> given().get("/v1/training/builds/1").then()
                .statusCode(200).body("state", equalTo("PUBLISHED")));
        // the version names the θ* its adapters start from and what it had not seen (ADR 0110), for the dashboard
        EnsembleManifest manifest = EnsembleManifest.fromJson(store.get(given().get("/v1/ensembles").then()
                .statusCode(200).extract().jsonPath().getString("[0].manifestKey")));
        assertThat(manifest.start().adapterId()).isEqualTo(metaId);
        assertThat(manifest.start().datasets()).containsExactly("meta_amazon@1", "meta_spam@1");
        assertThat(manifest.start().unseenShare()).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(manifest.start().retrainShare()).isEqualTo(0.5);
        assertThat(theta.a(0)).as("θ* trained A").isNotEqualTo(initial.a(0));
        int moved = 0;
        for (String adapterId : List.of("g-1-v1", "g-2-v1", "boost1-v1")) {
            LoraAdapter trained = new AdapterStore(store).read(adapterId, model);
            for (int slot = 0; slot < theta.layout().slots().size(); slot++) {
                assertThat(trained.a(slot)).as("A of %s, slot %d, is θ*'s", adapterId, slot)
                        .isEqualTo(theta.a(slot));
            }
            // The kept checkpoint is the best on validation, the start (epoch 0) included.
            double bestEpoch = given().get("/v1/training/adapters/" + adapterId).then().statusCode(200).extract()
                    .jsonPath().getDouble("metrics.best_epoch");
            if (bestEpoch > 0) {
                assertThat(trained.b(0)).as("B of %s trained from θ*", adapterId).isNotEqualTo(theta.b(0));
                moved++;
            } else {
                assertThat(trained.parameters()).as("%s kept its start, θ*", adapterId)
                        .isEqualTo(theta.parameters());
            }
        }
        assertThat(moved).as("adapters whose training improved on θ*, A still θ*'s").isPositive();
        assertThat(given().get("/v1/training/adapters").then().statusCode(200).extract().jsonPath()
                .getList("adapterId", String.class)).as("θ* is recorded once, as the meta-adapter")
                .containsExactlyInAnyOrder("g-1-v1", "g-2-v1", "boost1-v1");

        // A fourth dataset: θ* has now not seen 48 of 96 examples, the share; a new θ* is trained on all four and
        // every dataset's gradients are requested again there.
        stream("reuters_grain", "meta_grain");
        await().atMost(TRAINING).untilAsserted(() -> given().get("/v1/training/meta-adapters").then()
                .statusCode(200).body("$", hasSize(2)));
        JsonPath metas = given().get("/v1/training/meta-adapters").then().extract().jsonPath();
        int newest = metas.getString("[0].adapterId").equals(metaId) ? 1 : 0;
        String retrained = metas.getString("[" + newest + "].adapterId");
        assertThat(metas.getList("[" + newest + "].datasets", String.class)).containsExactly("meta_amazon@1",
                "meta_grain@1", "meta_imdb@1", "meta_spam@1");
        given().get("/v1/training/start").then().body("state", equalTo("ready")).body("adapterId", equalTo(retrained))
                .body("seenDatasets", equalTo(4)).body("unseenShare", equalTo(0.0f));
        try (TopicProbe requests = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENT_REQUESTS)) {
            for (String dataset : List.of("meta_amazon", "meta_spam", "meta_imdb", "meta_grain")) {
                assertThat(requests.await(r -> r.key().startsWith(dataset + "#") && EventCodec.decode(r.value(),
                        GradientRequest.class).start().adapterId().equals(retrained), 1, Duration.ofSeconds(60)))
                        .as("requests of %s at the new θ*", dataset).isNotEmpty();
            }
        }
    }

    private static void stream(String task, String datasetId) {
        TrainingFixture.stream(writer, task, datasetId);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/v1/datasets/" + datasetId).then()
                .statusCode(200).body("state", equalTo("READY")));
    }
}
