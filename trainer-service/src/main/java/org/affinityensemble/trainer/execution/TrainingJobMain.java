package org.affinityensemble.trainer.execution;

import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.LanguageModels;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.affinityensemble.training.run.TrainingRunner;

/**
 * The entry point of a training Job's container (Kubernetes mode): reads the run's spec from the object store,
 * trains the group's adapter, writes it to the object store and publishes the SUCCEEDED {@code TrainingResult}.
 * It runs as plain Java on the trainer image's libraries (no Quarkus runtime, no database). On any error it exits
 * with status 1 and publishes nothing: Kubernetes retries the pod ({@code backoffLimit}), then the trainer
 * resubmits the run or reports it FAILED.
 */
public final class TrainingJobMain {

    private TrainingJobMain() {
    }

    public static void main(String[] args) {
        try {
            run(JobEnvironment.from(System.getenv()));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Executes the attempt the environment names and publishes its result; returns the result. */
    public static TrainingResult run(JobEnvironment env) {
        ObjectStore store = MinioObjectStore.connect(new S3Settings(env.s3Endpoint(), env.s3AccessKey(),
                env.s3SecretKey(), env.s3Bucket(), env.s3Region()));
        TrainingRunSpec spec = TrainingRunSpec.fromJson(store.get(env.specKey()));
        try (LanguageModel model = LanguageModels.load(spec.model());
                KafkaResultSink results = new KafkaResultSink(env.kafkaBootstrap(), System.getenv())) {
            TrainingResult result = new TrainingRunner(store, model).run(spec, env.attempt());
            results.publish(result);
            return result;
        }
    }
}
