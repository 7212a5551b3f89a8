package org.affinityensemble.affinity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.affinityensemble.affinity.repository.AffinityVersionRepository;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.events.Vectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The affinity-service on the real broker and database, fed gradients with a planted structure: tasks
 * "up_a", "up_b" are helped by moving the LoRA parameters along +u, "down_c", "down_d" along -u, so training
 * together helps within a pair and hurts across.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "affinity_test"))
class AffinityPipelineTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    static final int DIM = 400;
    static final ProjectionSpec PROJECTION = new ProjectionSpec("test-model", LoraSpec.defaults(), 64, 42, DIM, 1000);

    @Inject
    AffinityVersionRepository versions;

    @Inject
    org.affinityensemble.affinity.service.GradientStore gradientStore;

    @Test
    void plantedPairsComeOutCloseAndANewTaskEstimatesOnlyItsSubsets() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        String key = PROJECTION.id();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe affinity = TopicProbe.fromBeginning(bootstrap, Topics.AFFINITY)) {
            for (String task : List.of("up_a", "up_b", "down_c", "down_d")) {
                publishTask(writer, task, task.startsWith("up") ? 1 : -1);
            }
            List<AffinityUpdated> versions = decode(affinity.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(120)));
            AffinityUpdated latest = awaitTasks(affinity, key, 4);
            List<String> tasks = latest.tasks();
            double[][] t = latest.matrix();
            int a = tasks.indexOf("up_a");
            int b = tasks.indexOf("up_b");
            int c = tasks.indexOf("down_c");
            int d = tasks.indexOf("down_d");
            assertThat(t[a][b]).as("within the +u pair vs across").isGreaterThan(t[a][c]).isGreaterThan(t[a][d]);
            assertThat(t[c][d]).as("within the -u pair vs across").isGreaterThan(t[c][a]).isGreaterThan(t[c][b]);
            assertThat(t[a][b]).isEqualTo(t[b][a]);
            assertThat(t[a][a]).isZero();
            long versionWithFour = latest.affinityVersion();

            // A repeated completion changes nothing.
            writer.sendAndWait(Topics.GRADIENTS_COMPLETED, "up_a", EventCodec.encode(
                    new GradientsCompleted("up_a", 1, PROJECTION, 1, 30)));
            assertThat(decode(affinity.drain(Duration.ofSeconds(5)).stream().filter(r -> key.equals(r.key())).toList()))
                    .allMatch(v -> v.affinityVersion() <= versionWithFour);

            // A fifth task: only subsets holding it are estimated, earlier estimates are reused.
            publishTask(writer, "up_e", 1);
            AffinityUpdated five = awaitTasks(affinity, key, 5);
            assertThat(five.affinityVersion()).isGreaterThan(versionWithFour);
            int e = five.tasks().indexOf("up_e");
            int a5 = five.tasks().indexOf("up_a");
            int c5 = five.tasks().indexOf("down_c");
            assertThat(five.matrix()[e][a5]).isGreaterThan(five.matrix()[e][c5]);
            var view = given().get("/v1/affinity").then().statusCode(200).body("version", equalTo((int) five.affinityVersion()))
                    .extract().jsonPath();
            assertThat(view.getInt("subsetsEstimated")).isPositive().isLessThan(view.getInt("subsets"));
            given().get("/v1/affinity/" + key).then().statusCode(200)
                    .body("version", equalTo((int) five.affinityVersion()))
                    .body("estimator", equalTo("ridge(lambda=0.005)"));
            given().get("/v1/affinity/unknown").then().statusCode(404);
            assertThat(versions).isNotEmpty();
        }
    }

    @Test
    void gradientsAtAMetaInitialisationWithAFrozenAreEstimatedByTheTrajectoryInTheirOwnMatrix() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        ProjectionSpec atMeta = PROJECTION.startingAt(new StartAdapter("meta-0123456789ab", true));
        String key = atMeta.id();
        assertThat(key).isNotEqualTo(PROJECTION.id());
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe affinity = TopicProbe.fromBeginning(bootstrap, Topics.AFFINITY)) {
            // The trainer trains one epoch: its schedule comes with the completions, nothing is configured here.
            TrainingSchedule oneEpoch = new TrainingSchedule(1, 1e-3, 0.01, 16, 1);
            for (String task : List.of("meta_up_a", "meta_up_b", "meta_down_c", "meta_down_d")) {
                publishTask(writer, atMeta, task, task.contains("up") ? 1 : -1, oneEpoch);
            }
            AffinityUpdated latest = awaitTasks(affinity, key, 4);
            assertThat(latest.projectionId()).isEqualTo(key);
            assertThat(latest.tasks()).allMatch(task -> task.startsWith("meta_"));
            int a = latest.tasks().indexOf("meta_up_a");
            int b = latest.tasks().indexOf("meta_up_b");
            int c = latest.tasks().indexOf("meta_down_c");
            assertThat(latest.matrix()[a][b]).isGreaterThan(latest.matrix()[a][c]);
            given().get("/v1/affinity/" + key).then().statusCode(200)
                    .body("version", equalTo((int) latest.affinityVersion()))
                    .body("estimator", org.hamcrest.Matchers.startsWith(
                            "trajectory(epochs=1,lr=0.001,factor=3.16,weight_decay=0.01,batch=16,seed=1)"));
        }
    }

    @Test
    void aVersionStoredButNotSentIsPublishedByTheOutboxAndARepeatedCompletionSendsNothing() throws Throwable {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        ProjectionSpec own = new ProjectionSpec("test-model", LoraSpec.defaults(), 64, 43, DIM, 1000);
        String key = own.id();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe affinity = TopicProbe.fromBeginning(bootstrap, Topics.AFFINITY)) {
            publishTask(writer, own, "outbox_a", 1, null);
            AffinityUpdated first = decode(affinity.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(60))).get(0);

            // Once the outbox recorded the publication: as if the process had died after storing this version and
            // before sending it, pending again.
            await().atMost(Duration.ofSeconds(30)).until(() -> published(key) == 1);
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> versions.update(
                    "pendingSince = ?1 where projectionId = ?2", Instant.now(), key)));
            AffinityUpdated resent = decode(affinity.await(r -> key.equals(r.key()), 2, Duration.ofSeconds(30)))
                    .get(1);
            assertThat(resent.affinityVersion()).isEqualTo(first.affinityVersion());
            assertThat(resent.matrix()).isEqualTo(first.matrix());

            // Sent once more only: a repeated completion (a redelivery) neither estimates nor sends anything.
            writer.sendAndWait(Topics.GRADIENTS_COMPLETED, "outbox_a", EventCodec.encode(
                    new GradientsCompleted("outbox_a", 1, own, 1, 30)));
            assertThat(affinity.drain(Duration.ofSeconds(4)).stream().filter(r -> key.equals(r.key()))).hasSize(2);
        }
    }

    /**
     * A gradient worker killed after sending a batch sends it again when restarted: the copy stores nothing and is
     * no failure (it had been: an empty insert, retried and then dead-lettered).
     */
    @Test
    void aBatchSentTwiceIsStoredOnce() throws Throwable {
        List<GradientBatch.ExampleGradient> examples = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            examples.add(new GradientBatch.ExampleGradient("twice-" + n, Split.TRAIN, 0, -0.5,
                    Vectors.encode(new float[DIM])));
        }
        GradientBatch batch = new GradientBatch("sent_twice", 1, 0, 1, PROJECTION, examples);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> gradientStore.store(batch))).isEqualTo(3);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> gradientStore.store(batch))).isZero();
    }

    @Test
    void gradientsOfAnUnknownDatasetOrLabelAreDeadLettered() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe gradients = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.GRADIENTS));
                TopicProbe completions = TopicProbe.fromBeginning(bootstrap,
                        Topics.deadLetter(Topics.GRADIENTS_COMPLETED))) {
            float[] g = new float[DIM];
            writer.sendAndWait(Topics.GRADIENTS, "never_ready", EventCodec.encode(new GradientBatch("never_ready", 1, 0,
                    1, PROJECTION, List.of(new GradientBatch.ExampleGradient("x", Split.TRAIN, 0, 0.1,
                            Vectors.encode(g))))));
            writer.sendAndWait(Topics.GRADIENTS_COMPLETED, "never_ready", EventCodec.encode(
                    new GradientsCompleted("never_ready", 1, PROJECTION, 1, 1)));
            announce(writer, "two_labels");
            writer.sendAndWait(Topics.GRADIENTS, "two_labels", EventCodec.encode(new GradientBatch("two_labels", 1, 0,
                    1, PROJECTION, List.of(new GradientBatch.ExampleGradient("x", Split.TRAIN, 2, 0.1,
                            Vectors.encode(g))))));
            assertThat(TopicProbe.header(gradients.await(r -> "never_ready".equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0), "dead-letter-reason"))
                    .contains("dataset 'never_ready' revision 1 is unknown");
            assertThat(TopicProbe.header(completions.await(r -> "never_ready".equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0), "dead-letter-reason"))
                    .contains("dataset 'never_ready' revision 1 is unknown");
            assertThat(TopicProbe.header(gradients.await(r -> "two_labels".equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0), "dead-letter-reason"))
                    .contains("label 2 is not one of the 2 labels of dataset 'two_labels'");
        }
    }

    @Test
    void aBatchWhoseVectorsDoNotMatchItsProjectionIsDeadLettered() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.GRADIENTS))) {
            GradientBatch bad = new GradientBatch("short_vectors", 1, 0, 1, PROJECTION, List.of(
                    new GradientBatch.ExampleGradient("x", Split.TRAIN, 0, 0.1, Vectors.encode(new float[7]))));
            announce(writer, "short_vectors");
            writer.sendAndWait(Topics.GRADIENTS, "short_vectors", EventCodec.encode(bad));
            var record = dlq.await(r -> "short_vectors".equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(TopicProbe.header(record, "dead-letter-reason")).contains("has 7 values, the projection says 400");
        }
    }

    /** How many versions of a projection are recorded as published. */
    private long published(String projectionId) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> versions.count("projectionId = ?1 and pendingSince is null", projectionId)));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static AffinityUpdated awaitTasks(TopicProbe probe, String key, int taskCount) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            List<AffinityUpdated> all = decode(probe.drain(Duration.ofMillis(500)).stream()
                    .filter(r -> key.equals(r.key())).toList());
            for (AffinityUpdated update : all) {
                if (update.tasks().size() == taskCount) {
                    return update;
                }
            }
        }
        throw new AssertionError("no affinity version with " + taskCount + " tasks");
    }

    private static List<AffinityUpdated> decode(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> EventCodec.decode(r.value(), AffinityUpdated.class)).toList();
    }

    /** The trainer's announcement that {@code task} is ready (revision 1, two labels). */
    private static void announce(TopicWriter writer, String task) {
        writer.sendAndWait(Topics.DATASETS_READY, task, EventCodec.encode(new DatasetReady(task, 1,
                List.of("no", "yes"), "", Map.of(Split.TRAIN, new DatasetReady.SplitObject("b",
                        "datasets/" + task + "/r1/train.jsonl", 20)), "0")));
    }

    /** 20 train and 10 validation examples whose gradients point along sign·u plus noise; f0 = -0.5 (wrong). */
    private static void publishTask(TopicWriter writer, String task, int sign) {
        publishTask(writer, PROJECTION, task, sign, null);
    }

    private static void publishTask(TopicWriter writer, ProjectionSpec projection, String task, int sign,
            TrainingSchedule schedule) {
        Random random = new Random(task.hashCode());
        float[] u = new float[DIM];
        Random shared = new Random(99);
        for (int i = 0; i < DIM; i++) {
            u[i] = (float) (shared.nextGaussian() / Math.sqrt(DIM));
        }
        List<GradientBatch.ExampleGradient> examples = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            float[] g = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                g[i] = (float) (sign * u[i] * 3 + 0.3 * random.nextGaussian() / Math.sqrt(DIM));
            }
            examples.add(new GradientBatch.ExampleGradient(task + "-" + n, n < 20 ? Split.TRAIN : Split.VALIDATION, 0,
                    -0.5, Vectors.encode(g)));
        }
        announce(writer, task);
        writer.sendAndWait(Topics.GRADIENTS, task, EventCodec.encode(new GradientBatch(task, 1, 0, 1, projection, examples)));
        writer.sendAndWait(Topics.GRADIENTS_COMPLETED, task, EventCodec.encode(new GradientsCompleted(task, 1, projection, 1, 30,
                schedule)));
    }
}
