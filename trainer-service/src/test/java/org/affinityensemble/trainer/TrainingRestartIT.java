package org.affinityensemble.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged trainer-service (SIGKILL) while a group's adapter is training in local mode, restarts it, and
 * checks that the run is started again under the next attempt, resuming from the checkpoint of the epoch it had
 * finished, and the ensemble version is published exactly once, also across a further restart after publication.
 */
class TrainingRestartIT {

    private static final String GROUP_ID = "trainer-training-restart-it";
    private static final long GROUPING = 7;
    /**
     * The killed instance never leaves its consumer groups: with the default 45 s session the restarted one would
     * wait that long for its partitions. The broker's minimum session, as in ConsumerRestartIT (as system properties:
     * the environment cannot name the training-results channel unambiguously).
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:TieredStopAtLevel=1",
            "-Dmp.messaging.incoming.datasets.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.groupings.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.training-results.session.timeout.ms=6000");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTrainerKilledMidTrainingRetrainsTheGroupAndPublishesTheEnsembleOnce() throws Exception {
        DevStack stack = DevStack.shared();
        stack.ensureDatabase("trainer_training_restart_it", true);
        Endpoints endpoints = stack.endpoints();
        Map<String, String> environment = ServiceProcess.environment("trainer-service", endpoints,
                "trainer_training_restart_it", "training-restart-it");
        for (String channel : List.of("DATASETS", "GROUPINGS", "TRAINING_RESULTS")) {
            environment.put("MP_MESSAGING_INCOMING_" + channel + "_GROUP_ID", GROUP_ID);
        }
        environment.put("ENSEMBLE_TRAINER_EPOCHS", "2");
        environment.put("ENSEMBLE_TRAINER_META_INIT_EPOCHS", "0");
        environment.put("ENSEMBLE_TRAINER_BATCH_SIZE", "8");
        environment.put("ENSEMBLE_TRAINER_MAX_LENGTH", "48");
        environment.put("ENSEMBLE_TRAINER_BOOSTING_STEPS", "0");
        Path app = Path.of("target", "quarkus-app");
        int port = Processes.freePort();
        String bootstrap = endpoints.kafkaBootstrapServers();

        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "training-restart-it", null));
        ServiceProcess trainer = start(app, port, environment, 1);
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe results = TopicProbe.fromBeginning(bootstrap, Topics.TRAINING_RESULTS)) {
            List<String> tasks = List.of("sent_amazon", "sent_imdb");
            tasks.forEach(task -> TrainingFixture.stream(writer, task));
            for (String task : tasks) {
                awaitJson(trainer, "/v1/datasets/" + task, view -> "READY".equals(view.path("state").asText()));
            }
            writer.sendAndWait(Topics.GROUPINGS, "proj-it", EventCodec.encode(new GroupingUpdated(GROUPING, 1,
                    "proj-it", List.of(new TaskGroup("g-1", tasks)), List.of("g-1"), 0, "test")));
            awaitJson(trainer, "/v1/training/runs/v7-g-1", run -> "RUNNING".equals(run.path("state").asText()));
            // killed once the first of its two epochs is checkpointed
            awaitObject(store, TrainingRunSpec.checkpointKey("v7-g-1"));
            trainer.kill();
            assertThat(results.drain(Duration.ofSeconds(1))).as("killed before the run had a result").isEmpty();
        }

        trainer = start(app, port, environment, 2);
        try (TopicProbe ensembles = TopicProbe.fromBeginning(bootstrap, Topics.ENSEMBLES)) {
            EnsemblePublished event = EventCodec.decode(ensembles.await(r -> true, 1, Duration.ofMinutes(4)).get(0)
                    .value(), EnsemblePublished.class);
            assertThat(event.groupingVersion()).isEqualTo(GROUPING);
            assertThat(event.adapterIds()).containsExactly("g-1-v7");
            JsonNode run = awaitJson(trainer, "/v1/training/runs/v7-g-1",
                    r -> "SUCCEEDED".equals(r.path("state").asText()));
            assertThat(run.path("attempt").asInt()).as("restarted under the next attempt").isEqualTo(2);
            assertThat(run.path("metrics").path("resumed_from_epoch").asDouble())
                    .as("the second attempt resumed after the checkpointed epoch").isEqualTo(1.0);
            assertThat(store.exists(TrainingRunSpec.checkpointKey("v7-g-1"))).as("removed once stored").isFalse();
        } finally {
            trainer.kill();
        }

        trainer = start(app, port, environment, 3);
        try (TopicProbe ensembles = TopicProbe.fromBeginning(bootstrap, Topics.ENSEMBLES)) {
            JsonNode build = awaitJson(trainer, "/v1/training/builds/" + GROUPING, b -> true);
            assertThat(build.path("state").asText()).isEqualTo("PUBLISHED");
            assertThat(ensembles.drain(Duration.ofSeconds(8))).as("published once, across restarts").hasSize(1);
        } finally {
            trainer.close();
        }
    }

    private static ServiceProcess start(Path app, int port, Map<String, String> environment, int instance) {
        return ServiceProcess.start("trainer-service", app, port, environment, JVM_OPTIONS,
                Path.of("target", "training-restart-it-" + instance + ".log")).awaitReady(Duration.ofSeconds(120));
    }

    private static void awaitObject(ObjectStore store, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!store.exists(key)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no object " + key + " within 2 minutes");
            }
            Thread.sleep(50);
        }
    }

    private JsonNode awaitJson(ServiceProcess trainer, String path, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(trainer.url(path)))
                    .header("Authorization", trainer.authorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode node = EventCodec.mapper().readTree(response.body());
                if (done.test(node)) {
                    return node;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + path);
    }
}
