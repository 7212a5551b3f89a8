package org.affinityensemble.trainer.execution;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.affinityensemble.training.run.TrainingRunSpec;

/**
 * Builds the {@code batch/v1} Job of one training attempt from {@link KubernetesJobSettings}: the trainer image
 * running {@code org.affinityensemble.trainer.execution.TrainingJobMain} (plain Java on the fast-jar's libraries, no
 * Quarkus runtime), the run's identity in its environment, the shared ConfigMap through {@code envFrom}, the S3
 * keys from the Secret, GPU limit, node selector and tolerations for the GPU pool, {@code restartPolicy: Never}
 * with the configured {@code backoffLimit}, and the pod hardening of every other workload (non-root, read-only
 * root file system with {@code emptyDir} at /tmp and the DJL cache).
 */
public final class TrainingJobTemplate {

    /** Selects the Jobs this trainer manages. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "trainer-service";
    public static final String RUN_LABEL = "affinity-ensemble/run";
    public static final String RUN_ANNOTATION = "affinity-ensemble/run-id";
    public static final String GROUP_ANNOTATION = "affinity-ensemble/group-id";
    public static final String ATTEMPT_ANNOTATION = "affinity-ensemble/attempt";
    public static final String MAIN_CLASS = "org.affinityensemble.trainer.execution.TrainingJobMain";
    /** The container's class path: the fast-jar's application and libraries (no Quarkus runner). */
    public static final String CLASSPATH = "/deployments/app/*:/deployments/lib/main/*:/deployments/lib/boot/*";
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** Where a Job finds the Kafka cluster's CA certificate (KAFKA_SSL_TRUSTSTORE_LOCATION: ca.crt in it). */
    public static final String KAFKA_CA_DIR = "/etc/kafka-ca";

    private final KubernetesJobSettings settings;

    public TrainingJobTemplate(KubernetesJobSettings settings) {
        this.settings = settings;
    }

    public KubernetesJobSettings settings() {
        return settings;
    }

    /** The Job name of an attempt: a DNS-1123 label, at most 63 characters, unique per run and attempt. */
    public static String jobName(String runId, int attempt) {
        String suffix = "-a" + attempt;
        String base = "train-" + dnsLabel(runId);
        if (base.length() + suffix.length() > 63) {
            base = base.substring(0, 63 - suffix.length() - 9) + "-" + shortHash(runId);
        }
        return base + suffix;
    }

    /** A label value naming the run (label values allow 63 characters of [A-Za-z0-9_.-]). */
    public static String runLabel(String runId) {
        String value = dnsLabel(runId);
        return value.length() <= 63 ? value : value.substring(0, 54) + "-" + shortHash(runId);
    }

    public Job job(String runId, String groupId, int attempt) {
        Map<String, String> labels = Map.of(MANAGED_BY_LABEL, MANAGED_BY, RUN_LABEL, runLabel(runId),
                "app.kubernetes.io/name", "trainer-service", "app.kubernetes.io/component", "training-job");
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(settings.cpuRequest()))
                .addToRequests("memory", new Quantity(settings.memoryRequest()))
                .addToLimits("cpu", new Quantity(settings.cpuLimit()))
                .addToLimits("memory", new Quantity(settings.memoryLimit()));
        if (settings.gpuCount() > 0) {
            resources.addToLimits(GPU_RESOURCE, new Quantity(Integer.toString(settings.gpuCount())));
        }
        return new JobBuilder()
                .withNewMetadata()
                    .withName(jobName(runId, attempt))
                    .withNamespace(settings.namespace())
                    .withLabels(labels)
                    .addToAnnotations(RUN_ANNOTATION, runId)
                    .addToAnnotations(GROUP_ANNOTATION, groupId)
                    .addToAnnotations(ATTEMPT_ANNOTATION, Integer.toString(attempt))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(settings.backoffLimit())
                    .withActiveDeadlineSeconds(settings.activeDeadlineSeconds())
                    .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(settings.serviceAccount())
                            .withAutomountServiceAccountToken(false)
                            .withNodeSelector(settings.nodeSelector())
                            .withTolerations(settings.tolerationList())
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(0L)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .addNewContainer()
                                .withName("train")
                                .withImage(settings.image())
                                .withCommand("/bin/sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -cp '"
                                        + CLASSPATH + "' " + MAIN_CLASS)
                                .addNewEnvFrom().withNewConfigMapRef().withName(settings.configMap())
                                    .endConfigMapRef().endEnvFrom()
                                .withEnv(environment(runId, groupId, attempt))
                                .withResources(resources.build())
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                                .withVolumeMounts(kafkaCaMounts())
                                .addAllToVolumeMounts(modelMounts())
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                                .addNewVolumeMount().withName("djl-cache").withMountPath("/var/cache/djl")
                                    .endVolumeMount()
                            .endContainer()
                            .withVolumes(kafkaCaVolumes())
                            .addAllToVolumes(modelVolumes())
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName("djl-cache").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private List<EnvVar> environment(String runId, String groupId, int attempt) {
        List<EnvVar> environment = new ArrayList<>(List.of(
                new EnvVar(JobEnvironment.RUN_ID, runId, null),
                new EnvVar(JobEnvironment.GROUP_ID, groupId, null),
                new EnvVar(JobEnvironment.ATTEMPT, Integer.toString(attempt), null),
                new EnvVar(JobEnvironment.SPEC_KEY, TrainingRunSpec.key(runId), null),
                secret(JobEnvironment.S3_ACCESS_KEY, settings.s3Secret(), "access-key"),
                secret(JobEnvironment.S3_SECRET_KEY, settings.s3Secret(), "secret-key")));
        if (!settings.kafkaUserSecret().isBlank()) {
            // The Jobs' own Kafka user (Strimzi KafkaUser ensemble-training-job): it may write training results only.
            environment.add(secret("KAFKA_SASL_JAAS_CONFIG", settings.kafkaUserSecret(), "sasl.jaas.config"));
        }
        return environment;
    }

    /** The Kafka cluster's CA certificate at {@value #KAFKA_CA_DIR}, if the cluster's listener uses TLS. */
    private List<VolumeMount> kafkaCaMounts() {
        if (settings.kafkaCaSecret().isBlank()) {
            return List.of();
        }
        return List.of(new VolumeMountBuilder().withName("kafka-ca").withMountPath(KAFKA_CA_DIR).withReadOnly(true)
                .build());
    }

    /** The base model's directory from its PersistentVolumeClaim, read-only, if one is configured. */
    private List<VolumeMount> modelMounts() {
        if (settings.modelVolumeClaim().isBlank()) {
            return List.of();
        }
        return List.of(new VolumeMountBuilder().withName("model").withMountPath(settings.modelMountPath())
                .withReadOnly(true).build());
    }

    private List<Volume> modelVolumes() {
        if (settings.modelVolumeClaim().isBlank()) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName("model").withNewPersistentVolumeClaim()
                .withClaimName(settings.modelVolumeClaim()).withReadOnly(true).endPersistentVolumeClaim().build());
    }

    private List<Volume> kafkaCaVolumes() {
        if (settings.kafkaCaSecret().isBlank()) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName("kafka-ca").withNewSecret()
                .withSecretName(settings.kafkaCaSecret()).endSecret().build());
    }

    private static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private static String dnsLabel(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        return lower.replaceAll("^-|-$", "");
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
