package org.affinityensemble.gradient;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.quarkus.ModelSettings;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gradient-service against the real broker, database and S3 server, with the real MiniLM encoder. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = {@ResourceArg(name = "database", value = "gradient_test"),
                @ResourceArg(name = "s3-identity", value = "reader")})
class GradientRequestTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    @Inject
    LanguageModel model;

    @Inject
    ModelSettings modelSettings;

    /** What the trainer writes (θ*): the writer's key on the bucket this service reads with its read-only key. */
    private static ObjectStore store;

    @Inject
    ObjectStore served;

    @org.junit.jupiter.api.BeforeAll
    static void connectWriter() {
        Endpoints endpoints = DevStack.shared().endpoints();
        store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "affinity-ensemble-test", null));
    }

    /** UCI Sentiment Labelled Sentences (CC BY 4.0, Kotzias et al. 2015), imdb part. */
    static final List<String> TEXTS = List.of(
            "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.",
            "Not sure who was more lost - the flat characters or the audience, nearly half of whom walked out.",
            "Attempting artiness with black & white and clever camera angles, the movie disappointed.",
            "Very little music or anything to speak of.",
            "The best scene in the movie was when Gerardo is trying to find a song that keeps running through his head.",
            "The rest of the movie lacks art, charm, meaning... If it's about emptiness, it works I guess because it's empty.",
            "Wasted two hours.",
            "Saw the movie today and thought it was a good effort, good messages for kids.",
            "A bit predictable.", "Loved the casting of Jimmy Buffet as the science teacher.",
            "And those baby owls were adorable.", "The movie showed a lot of Florida at it's best, made it look very appealing.");
    static final int[] LABELS = {0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1};

    @Test
    void shardsBecomeProjectedGradientsAndTheDatasetIsAnnouncedCompleteOnce() {
        String id = "imdb_excerpt";
        List<GradientRequest> shards = List.of(request(id, 0, 2, 0, 7), request(id, 1, 2, 7, 12));
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe batches = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENTS);
                TopicProbe completions = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENTS_COMPLETED)) {
            shards.forEach(shard -> writer.sendAndWait(Topics.GRADIENT_REQUESTS, shard.key(), EventCodec.encode(shard)));

            List<GradientBatch> published = batches.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(120)).stream()
                    .map(r -> EventCodec.decode(r.value(), GradientBatch.class)).toList();
            assertThat(published).extracting(GradientBatch::shard).containsExactlyInAnyOrder(0, 1);
            List<GradientBatch.ExampleGradient> examples = published.stream().flatMap(b -> b.examples().stream()).toList();
            assertThat(examples).hasSize(12);
            for (GradientBatch.ExampleGradient example : examples) {
                float[] g = example.vector();
                assertThat(g).hasSize(400);
                assertThat(Double.isFinite(example.f0())).isTrue();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertThat(norm).as("projected gradient of %s", example.sampleId()).isPositive().isFinite();
            }
            GradientBatch first = published.get(0);
            assertThat(first.projection().dim()).isEqualTo(400);
            assertThat(first.projection().modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
            assertThat(first.projection().lora().targets()).containsExactly("q", "k", "v");

            GradientsCompleted done = EventCodec.decode(completions.await(r -> id.equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0).value(), GradientsCompleted.class);
            assertThat(done.examples()).isEqualTo(12);
            assertThat(done.shardCount()).isEqualTo(2);
            assertThat(done.projection().id()).isEqualTo(first.projection().id());

            // A redelivered shard is not computed again; the completion is repeated (harmless downstream).
            writer.sendAndWait(Topics.GRADIENT_REQUESTS, shards.get(0).key(), EventCodec.encode(shards.get(0)));
            completions.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(60));
            assertThat(batches.drain(Duration.ofSeconds(2)).stream().filter(r -> id.equals(r.key()))).hasSize(2);
        }
        given().get("/v1/gradients/datasets/" + id).then().statusCode(200).body("size()", equalTo(2));
        given().get("/v1/gradients/projection").then().statusCode(200).body("dim", equalTo(400));
    }

    @Test
    void atAStartAdapterTheGradientsAreTakenThereAndWithAFrozenOnlyBsChange() {
        LoraAdapter initial = model.initialAdapter(modelSettings.loraSpec());
        float[] moved = initial.parameters().clone();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += (float) (0.02 * random.nextGaussian());
        }
        PeftAdapterFiles files = PeftAdapterFormat.write(initial.withParameters(moved), model.modelId());
        store.put(StorageLayout.adapterWeights("meta-test"), files.adapterModel(), "application/octet-stream");
        store.put(StorageLayout.adapterConfig("meta-test"), files.adapterConfig(), "application/json");

        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        Map<String, GradientBatch> byDataset = new java.util.HashMap<>();
        Map<String, StartAdapter> starts = new java.util.LinkedHashMap<>();
        starts.put("start_init", null);
        starts.put("start_frozen", new StartAdapter("meta-test", true));
        starts.put("start_full", new StartAdapter("meta-test", false));
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe batches = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENTS)) {
            starts.forEach((id, start) -> {
                GradientRequest plain = request(id, 0, 1, 0, 4);
                // adapters that train their label embeddings (ADR 0081): the gradients stay the LoRA parameters'
                GradientRequest shard = new GradientRequest(id, 1, 0, 1, plain.labels(), plain.items(), start,
                        new TrainingSchedule(2, 1e-3, 0.01, 16, 1, 1e-2));
                writer.sendAndWait(Topics.GRADIENT_REQUESTS, shard.key(), EventCodec.encode(shard));
            });
            for (String id : starts.keySet()) {
                byDataset.put(id, EventCodec.decode(batches.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(120))
                        .get(0).value(), GradientBatch.class));
            }
        }
        GradientBatch init = byDataset.get("start_init");
        GradientBatch frozen = byDataset.get("start_frozen");
        GradientBatch full = byDataset.get("start_full");
        assertThat(frozen.projection().start()).isEqualTo(starts.get("start_frozen"));
        assertThat(byDataset.values()).as("no task's private label block in a shared gradient (ADR 0122)")
                .allSatisfy(batch -> assertThat(batch.projection().labelScale()).isZero());
        assertThat(init.projection().start()).isNull();
        assertThat(java.util.Set.of(init.projection().id(), frozen.projection().id(), full.projection().id()))
                .hasSize(3);
        for (int i = 0; i < 4; i++) {
            // the same point for both starts at θ*, a different one from the initialisation
            assertThat(frozen.examples().get(i).f0()).isCloseTo(full.examples().get(i).f0(),
                    org.assertj.core.data.Offset.offset(1e-5));
            assertThat(frozen.examples().get(i).f0()).isNotCloseTo(init.examples().get(i).f0(),
                    org.assertj.core.data.Offset.offset(1e-4));
            // away from B = 0 the gradient with respect to A is not zero, so leaving it out changes the projection
            assertThat(distance(frozen.examples().get(i).vector(), full.examples().get(i).vector()))
                    .isGreaterThan(1e-3 * norm(full.examples().get(i).vector()));
        }
    }

    @Test
    void aRequestNamingAnAdapterThatIsNotStoredGoesToTheDeadLetterTopic() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        GradientRequest plain = request("start_missing", 0, 1, 0, 2);
        GradientRequest shard = new GradientRequest("start_missing", 1, 0, 1, plain.labels(), plain.items(),
                new StartAdapter("meta-nowhere", true), null);
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.GRADIENT_REQUESTS))) {
            writer.sendAndWait(Topics.GRADIENT_REQUESTS, shard.key(), EventCodec.encode(shard));
            var record = dlq.await(r -> shard.key().equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(TopicProbe.header(record, "dead-letter-reason"))
                    .contains("start adapter meta-nowhere is not in the object store");
        }
    }

    private static double norm(float[] v) {
        return distance(v, new float[v.length]);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    @Test
    void aMalformedRequestGoesToTheDeadLetterTopic() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.GRADIENT_REQUESTS))) {
            writer.sendAndWait(Topics.GRADIENT_REQUESTS, "broken#0", "{\"type\":\"gradient.request\",\"schemaVersion\":1,"
                    + "\"datasetId\":\"broken\",\"revision\":1,\"shard\":3,\"shardCount\":2,\"labels\":[\"a\",\"b\"],\"items\":[]}");
            var record = dlq.await(r -> "broken#0".equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(TopicProbe.header(record, "dead-letter-reason")).contains("shard 3 of 2 is out of range");
        }
    }

    static GradientRequest request(String id, int shard, int shardCount, int from, int to) {
        List<GradientRequest.Item> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            items.add(new GradientRequest.Item("s" + i, i % 4 == 3 ? Split.VALIDATION : Split.TRAIN, TEXTS.get(i), LABELS[i]));
        }
        return new GradientRequest(id, 1, shard, shardCount, List.of("negative", "positive"), items);
    }
}
