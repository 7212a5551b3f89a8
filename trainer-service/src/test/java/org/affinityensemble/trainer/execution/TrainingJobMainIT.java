package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.training.run.MetaAdapterRun;
import org.affinityensemble.training.run.TaskSource;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.junit.jupiter.api.Test;

/**
 * The training Job's container entry point as Kubernetes runs it, minus Kubernetes: {@code TrainingJobMain} in a
 * JVM of its own on the packaged application's class path ({@link TrainingJobTemplate#CLASSPATH} with
 * {@code /deployments} = {@code target/quarkus-app}), configured only through the Job's environment, against the
 * real S3 server and broker. It must write the adapter and publish the SUCCEEDED result.
 */
class TrainingJobMainIT {

    private static final List<String> LABELS = List.of("negative", "positive");
    private static final TaskSource MINI = new TaskSource("mini", 1, LABELS, "datasets/mini/r1/train.jsonl",
            "datasets/mini/r1/validation.jsonl", null);
    private static final ModelReference MODEL = new ModelReference(MiniLmJar.MODEL_ID, null, 20);

    @Test
    void theJobEntryPointTrainsFromItsSpecWritesTheAdapterAndPublishesTheResult() throws Exception {
        ObjectStore store = storeWithMini();
        TrainingRunSpec spec = new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, "v1-g-job", "g-job", Kind.GROUP,
                "g-job-v1", List.of(MINI), MODEL, LoraSpec.defaults(),
                new TrainingConfig(1, 1e-3, 0.01, 8, 32, 1, false), Map.of(), null);

        TrainingResult result = runJob(store, spec);

        assertThat(result.runId()).isEqualTo("v1-g-job");
        assertThat(result.adapterPrefix()).isEqualTo("adapters/g-job-v1/");
        assertThat(result.metrics()).containsKeys("validation_accuracy", "best_epoch", "train_examples", "seconds");
        assertThat(new AdapterStore(store).read("g-job-v1", miniLm()).spec())
                .isEqualTo(LoraSpec.defaults());
    }

    @Test
    void aMetaInitialisationRunsAsAJobAndKeepsItsLastEpoch() throws Exception {
        ObjectStore store = storeWithMini();
        TrainingRunSpec spec = MetaAdapterRun.spec(List.of(MINI), MODEL, LoraSpec.defaults(),
                new TrainingConfig(1, 1e-3, 0.01, 8, 32, 1, false));

        TrainingResult result = runJob(store, spec);

        assertThat(result.runId()).isEqualTo(spec.runId()).startsWith("meta-");
        assertThat(result.adapterPrefix()).isEqualTo("adapters/" + spec.adapterId() + "/");
        assertThat(result.metrics()).containsKeys("train_loss_epoch_1", "train_loss", "seconds")
                .containsEntry("train_examples", 16.0).doesNotContainKey("best_epoch");
        LoraAdapter theta = new AdapterStore(store).read(spec.adapterId(), miniLm());
        LoraAdapter initial = LoraAdapter.initialise(LoraSpec.defaults(), BertConfig.allMiniLmL6V2());
        assertThat(theta.a(0)).as("θ* trains A").isNotEqualTo(initial.a(0));
        assertThat(theta.b(0)).as("θ* trains B").isNotEqualTo(initial.b(0));
    }

    private static ObjectStore storeWithMini() throws Exception {
        Endpoints endpoints = DevStack.shared().endpoints();
        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "training-job-it", null));
        store.put("datasets/mini/r1/train.jsonl", lines(0, 16), "application/x-ndjson");
        store.put("datasets/mini/r1/validation.jsonl", lines(16, 24), "application/x-ndjson");
        return store;
    }

    /** Runs attempt 2 of {@code spec} as the Job's container would, and returns the SUCCEEDED result it published. */
    private static TrainingResult runJob(ObjectStore store, TrainingRunSpec spec) throws Exception {
        Endpoints endpoints = DevStack.shared().endpoints();
        store.put(TrainingRunSpec.key(spec.runId()), spec.toJson(), "application/json");
        String app = Path.of("target", "quarkus-app").toAbsolutePath().toString();
        ProcessBuilder builder = new ProcessBuilder(Processes.javaExecutable(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", TrainingJobTemplate.CLASSPATH.replace("/deployments", app).replace(':', File.pathSeparatorChar),
                TrainingJobTemplate.MAIN_CLASS)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "training-job-it-" + spec.runId() + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("ENSEMBLE_TRAINING_RUN_ID", spec.runId());
        env.put("ENSEMBLE_TRAINING_GROUP_ID", spec.groupId());
        env.put("ENSEMBLE_TRAINING_ATTEMPT", "2");
        env.put("ENSEMBLE_TRAINING_SPEC_KEY", TrainingRunSpec.key(spec.runId()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
        env.put("ENSEMBLE_S3_ENDPOINT", endpoints.s3Endpoint());
        env.put("ENSEMBLE_S3_ACCESS_KEY", endpoints.s3AccessKey());
        env.put("ENSEMBLE_S3_SECRET_KEY", endpoints.s3SecretKey());
        env.put("ENSEMBLE_S3_BUCKET", "training-job-it");

        try (TopicProbe results = TopicProbe.fromBeginning(endpoints.kafkaBootstrapServers(),
                Topics.TRAINING_RESULTS)) {
            Process job = builder.start();
            Processes.killOnExit(job);
            assertThat(job.waitFor(4, TimeUnit.MINUTES)).as("the Job finished").isTrue();
            assertThat(job.exitValue()).as("exit status (log: target/training-job-it-%s.log)", spec.runId())
                    .isZero();
            TrainingResult result = EventCodec.decode(results.await(r -> spec.groupId().equals(r.key())
                    && r.value().contains(spec.runId()), 1, Duration.ofSeconds(30)).get(0).value(),
                    TrainingResult.class);
            assertThat(result.attempt()).isEqualTo(2);
            assertThat(result.status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
            return result;
        }
    }

    /** Real sentences (UCI Sentiment Labelled Sentences, Kotzias et al. 2015, CC BY 4.0) as materialised lines. */
    private static byte[] lines(int from, int to) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> rows = Files.readAllLines(Path.of("src", "test", "resources", "training-fixture",
                "examples.tsv"), StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("sent_imdb\t")).toList();
        for (String row : rows.subList(from, to)) {
            String[] f = row.split("\t", 5);
            out.add(EventCodec.mapper().writeValueAsString(Map.of("id", f[1], "text", f[4], "label", f[3])));
        }
        return (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static org.affinityensemble.model.task.LanguageModel miniLm() throws java.io.IOException {
        return MiniLmJar.load();
    }
}
