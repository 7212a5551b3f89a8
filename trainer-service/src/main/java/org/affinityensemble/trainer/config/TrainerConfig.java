package org.affinityensemble.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalInt;
import org.affinityensemble.trainer.execution.KubernetesJobSettings;

/**
 * How the trainer trains ({@code ensemble.trainer.*}; environment {@code ENSEMBLE_TRAINER_*}): where runs execute,
 * the LoRA training settings of every run (rank, alpha and targets come from {@code ensemble.model.lora.*}),
 * boosting, the ensemble weights, retries, and the Job template of the Kubernetes mode (docs/deploy.md).
 */
@ConfigMapping(prefix = "ensemble.trainer")
public interface TrainerConfig {

    /** Where training runs execute. */
    enum Mode {
        /** In this process, one run at a time. */
        LOCAL,
        /** One Kubernetes Job per run attempt. */
        KUBERNETES
    }

    @WithDefault("local")
    Mode mode();

    /**
     * Epochs of every group and boosting run. After a meta-initialisation, 1 halves the training and keeps the
     * affinity surrogate within 4 % of real fine-tuning, 2 (the default) was as accurate or more (ADR 0047).
     */
    @WithDefault("2")
    int epochs();

    @WithDefault("1e-3")
    double learningRate();

    @WithDefault("0.01")
    double weightDecay();

    @WithDefault("16")
    int batchSize();

    /** Tokens per text while training and evaluating; default {@code ensemble.model.max-length}. */
    OptionalInt maxLength();

    /** The seed of the order in which training examples are visited. */
    @WithDefault("1")
    long seed();

    /**
     * Train B only and keep every A at its seeded initialisation (LoRA-FA). The update B·A0 is then linear in the
     * trained parameters, which is what the affinity surrogate linearises (docs/affinity.md, ADR 0044).
     */
    @WithDefault("false")
    boolean freezeA();

    /**
     * Learning rate of the tasks' label embeddings, trained with every adapter from the label-name prototypes (and
     * θ*'s) by their own AdamW without weight decay; 0 keeps the frozen prototypes (ADR 0081, issue #19).
     */
    @WithDefault("1e-2")
    double labelLearningRate();

    /** Attempts of one run (Kubernetes: Jobs; each Job also retries its pod {@code backoff-limit} times). */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Local mode: the wait before a failed run's next attempt, doubled per attempt; also the first wait when an
     * attempt runs again because the object store was away (doubling to a minute, no attempt spent).
     */
    @WithDefault("5s")
    java.time.Duration retryBackoff();

    /** How often work that waited on a dependency is resumed without a new event ({@code ResumeTimer}). */
    @WithDefault("1m")
    java.time.Duration resumeInterval();

    Boosting boosting();

    Weights weights();

    /**
     * Each task's linear probe on the frozen model joins its served prediction last, with the weight α ∈ {0, 0.1,
     * …, 1} that minimises the task's validation cross-entropy (stored with the version where α > 0; ADR 0124).
     * false: every task is served by its adapters alone.
     */
    @WithDefault("true")
    boolean probeMember();

    MetaInit metaInit();

    Kubernetes kubernetes();

    /** {@code ensemble.trainer.boosting.*} */
    interface Boosting {

        /** Boosting adapters added to each ensemble (0: none). */
        @WithDefault("1")
        int steps();

        /** η: the prior weight of a boosting adapter on its group's tasks. */
        @WithDefault("0.2")
        double eta();
    }

    /**
     * {@code ensemble.trainer.meta-init.*}: a meta-initialisation θ* (docs/training.md, ADR 0047). With
     * {@code epochs} above 0 (the default) the trainer holds gradient requests until {@code min-datasets} datasets
     * are ready, trains θ* on all of them (A and B, the run settings above), and then has gradients taken at θ* and
     * every adapter trained from it, with A frozen at θ*'s value unless {@code freeze-a} is false.
     */
    interface MetaInit {

        /** Epochs of θ* on every ready dataset's training split; 0: none (gradients and adapters start at θ0). */
        @WithDefault("2")
        int epochs();

        /** The ready datasets θ* waits for. Datasets that arrive later are taken at the same θ* until retrained. */
        @WithDefault("3")
        int minDatasets();

        /**
         * θ* is trained again on every ready dataset when the training examples it has not seen reach this share of
         * all ready datasets' (ADR 0110); 0: never (θ* is trained once).
         */
        @WithDefault("0.5")
        double retrainShare();

        /**
         * Where the affinity gradients are taken once θ* exists: {@code lora-init} (default: at the LoRA
         * initialisation, A and B, the ridge; adapters still start from θ*; ADR 0111, 0122) or {@code meta} (at θ*,
         * B only, the trajectory: θ* has learnt what related datasets would teach each other, ADR 0111).
         */
        @WithDefault("lora-init")
        String affinityStart();

        /** Train B only after θ*, so the update from θ* is linear in what is trained (the surrogate's regime). */
        @WithDefault("true")
        boolean freezeA();
    }

    /** {@code ensemble.trainer.weights.*} */
    interface Weights {

        /** λ of the L2 pull of each task's weights toward the group prior. */
        @WithDefault("0.05")
        double l2();
    }

    /** {@code ensemble.trainer.kubernetes.*}: the training Job template (ConfigMap keys in docs/deploy.md). */
    interface Kubernetes {

        /** The namespace of the Jobs; default the client's (the pod's) namespace. */
        Optional<String> namespace();

        @WithDefault("affinity-ensemble/trainer-service:0.1.0")
        String image();

        @WithDefault("0")
        int gpuCount();

        /** Comma-separated key=value pairs; empty: no node selector. */
        Optional<String> gpuNodeSelector();

        /** A JSON array of Kubernetes Tolerations. */
        @WithDefault("[]")
        String tolerations();

        @WithDefault("2")
        String cpuRequest();

        /** A Job's CPU limit: a training pod never takes more of the node than this. */
        @WithDefault("4")
        String cpuLimit();

        @WithDefault("4Gi")
        String memoryRequest();

        @WithDefault("8Gi")
        String memoryLimit();

        @WithDefault("ensemble-training-job")
        String serviceAccount();

        @WithDefault("ensemble-common")
        String configMap();

        @WithDefault("ensemble-s3-credentials")
        String s3Secret();

        /** The Secret of the Jobs' Kafka user (key {@code sasl.jaas.config}); empty: none (no SASL). */
        @WithDefault("ensemble-training-job")
        String kafkaUserSecret();

        /** The Secret of the Kafka cluster's CA ({@code ca.crt}, mounted for TLS); empty: none. */
        @WithDefault("ensemble-kafka-cluster-ca-cert")
        String kafkaCaSecret();

        /** Pod retries within one Job. */
        @WithDefault("1")
        int backoffLimit();

        @WithDefault("21600")
        long activeDeadlineSeconds();

        @WithDefault("3600")
        int ttlSecondsAfterFinished();

        /** The PersistentVolumeClaim holding the base model directory (a decoder LM's); absent: none. */
        Optional<String> modelVolumeClaim();

        /** Where the Jobs mount {@link #modelVolumeClaim()}, read-only (the services' ENSEMBLE_MODEL_DIR). */
        Optional<String> modelMountPath();

        default KubernetesJobSettings settings(String defaultNamespace) {
            return new KubernetesJobSettings(namespace().orElse(defaultNamespace), image(), gpuCount(),
                    gpuNodeSelector().orElse(""), tolerations(), cpuRequest(), cpuLimit(), memoryRequest(),
                    memoryLimit(), serviceAccount(), configMap(), s3Secret(), kafkaUserSecret(),
                    kafkaCaSecret(), backoffLimit(), activeDeadlineSeconds(),
                    ttlSecondsAfterFinished(), modelVolumeClaim().orElse(""), modelMountPath().orElse(""));
        }
    }
}
