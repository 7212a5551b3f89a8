package org.affinityensemble.trainer.execution;

import java.util.Map;

/**
 * The environment of a training Job's container: the run it executes ({@code ENSEMBLE_TRAINING_*}, set by the
 * trainer on the Job), and the shared settings it reads from the {@code ensemble-common} ConfigMap (Kafka, S3
 * endpoint and bucket) and the S3 Secret (keys).
 */
public record JobEnvironment(String runId, String groupId, int attempt, String specKey, String kafkaBootstrap,
        String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Bucket, String s3Region) {

    public static final String RUN_ID = "ENSEMBLE_TRAINING_RUN_ID";
    public static final String GROUP_ID = "ENSEMBLE_TRAINING_GROUP_ID";
    public static final String ATTEMPT = "ENSEMBLE_TRAINING_ATTEMPT";
    public static final String SPEC_KEY = "ENSEMBLE_TRAINING_SPEC_KEY";
    public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String S3_ENDPOINT = "ENSEMBLE_S3_ENDPOINT";
    public static final String S3_ACCESS_KEY = "ENSEMBLE_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "ENSEMBLE_S3_SECRET_KEY";
    public static final String S3_BUCKET = "ENSEMBLE_S3_BUCKET";
    public static final String S3_REGION = "ENSEMBLE_S3_REGION";

    /** Reads the environment; throws naming every missing required variable. */
    public static JobEnvironment from(Map<String, String> env) {
        StringBuilder missing = new StringBuilder();
        for (String name : new String[] {RUN_ID, GROUP_ID, ATTEMPT, SPEC_KEY, KAFKA_BOOTSTRAP, S3_ENDPOINT}) {
            if (env.getOrDefault(name, "").isBlank()) {
                missing.append(missing.isEmpty() ? "" : ", ").append(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the training Job needs " + missing);
        }
        return new JobEnvironment(env.get(RUN_ID), env.get(GROUP_ID), Integer.parseInt(env.get(ATTEMPT)),
                env.get(SPEC_KEY), env.get(KAFKA_BOOTSTRAP), env.get(S3_ENDPOINT), env.get(S3_ACCESS_KEY),
                env.get(S3_SECRET_KEY), env.get(S3_BUCKET), env.get(S3_REGION));
    }
}
