package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.affinityensemble.events.TrainingResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes mode against the fabric8 Kubernetes mock API server (CRUD mode: Jobs are stored, listed, watched
 * and their status updated as a real API server would; no cluster, kubelet or scheduler runs here, so Job status
 * changes are made by the test, standing in for the Job controller).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTrainingExecutorTest {

    private static final String NAMESPACE = "training";
    private static final String TOLERATIONS = "[{\"key\":\"nvidia.com/gpu\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]";

    KubernetesClient client;

    private final List<TrainingResult> published = new CopyOnWriteArrayList<>();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private KubernetesTrainingExecutor executor;

    private KubernetesTrainingExecutor executor(int maxAttempts) {
        KubernetesJobSettings settings = new KubernetesJobSettings(NAMESPACE,
                "registry.example/ae/trainer-service:0.1.0-cuda", 1, "nvidia.com/gpu.present=true, pool=gpu",
                TOLERATIONS, "2", "3", "4Gi", "8Gi", "ensemble-training-job", "ensemble-common", "ensemble-s3-credentials",
                "ensemble-training-job", "ensemble-kafka-cluster-ca-cert", 1, 7200, 600, "decoder-model",
                "/models/llama-3.2-1b");
        executor = new KubernetesTrainingExecutor(client, new TrainingJobTemplate(settings), maxAttempts,
                published::add, (run, attempt) -> attempts.add(run + "#" + attempt));
        return executor;
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void theJobRunsTheTrainingEntryPointOnTheGpuPoolWithTheSharedConfigurationAndTheS3Secret() {
        executor(3).start("v3-g-1", "g-1", 1);

        Job job = job("train-v3-g-1-a1");
        assertThat(job).isNotNull();
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "trainer-service");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("affinity-ensemble/run-id", "v3-g-1")
                .containsEntry("affinity-ensemble/group-id", "g-1").containsEntry("affinity-ensemble/attempt", "1");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("ensemble-training-job");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("nvidia.com/gpu.present", "true",
                "pool", "gpu"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();

        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/ae/trainer-service:0.1.0-cuda");
        assertThat(String.join(" ", container.getCommand()))
                .contains("org.affinityensemble.trainer.execution.TrainingJobMain").contains("$JAVA_OPTS");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("8Gi")).containsEntry("cpu", new Quantity("3"));
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("ensemble-common"));
        Map<String, EnvVar> env = new java.util.HashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get(JobEnvironment.RUN_ID).getValue()).isEqualTo("v3-g-1");
        assertThat(env.get(JobEnvironment.GROUP_ID).getValue()).isEqualTo("g-1");
        assertThat(env.get(JobEnvironment.ATTEMPT).getValue()).isEqualTo("1");
        assertThat(env.get(JobEnvironment.SPEC_KEY).getValue()).isEqualTo("runs/v3-g-1/spec.json");
        assertThat(env.get(JobEnvironment.S3_ACCESS_KEY).getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("ensemble-s3-credentials");
        assertThat(env.get(JobEnvironment.S3_SECRET_KEY).getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("secret-key");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/tmp", "/var/cache/djl", TrainingJobTemplate.KAFKA_CA_DIR);
        // Kafka as the Jobs' own user (it may write training results only), over TLS with the cluster's CA.
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("ensemble-training-job");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getSecret().getSecretName())
                .isEqualTo("ensemble-kafka-cluster-ca-cert"));
        // The base model's directory (a decoder LM's) from its claim, read-only, where the services find it.
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/models/llama-3.2-1b");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null).singleElement()
                .satisfies(v -> {
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("decoder-model");
                    assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        // The restricted Pod Security Standard (the namespace enforces it).
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getServiceAccountName()).isEqualTo("ensemble-training-job");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(attempts).containsExactly("v3-g-1#1");
    }

    @Test
    void aJobIsWatchedToCompletionAndNothingElseIsStarted() {
        KubernetesTrainingExecutor executor = executor(3);
        executor.watch();
        executor.start("v1-g-2", "g-2", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> executor.phase("v1-g-2").orElse(null) == KubernetesTrainingExecutor.JobPhase.ACTIVE);

        finish("train-v1-g-2-a1", "Complete", null);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> executor.phase("v1-g-2").orElse(null) == KubernetesTrainingExecutor.JobPhase.SUCCEEDED);
        assertThat(jobs()).containsExactly("train-v1-g-2-a1");
        assertThat(published).as("the Job's container publishes the success itself").isEmpty();
    }

    @Test
    void aFailedJobIsResubmittedUnderTheNextAttemptAndReportedFailedAfterTheLast() {
        KubernetesTrainingExecutor executor = executor(2);
        executor.watch();
        executor.start("v2-boost1", "g-1", 1);

        finish("train-v2-boost1-a1", "Failed", "BackoffLimitExceeded");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs().contains("train-v2-boost1-a2"));
        assertThat(jobs()).as("the failed attempt's Job is deleted").doesNotContain("train-v2-boost1-a1");
        assertThat(attempts).containsExactly("v2-boost1#1", "v2-boost1#2");
        assertThat(job("train-v2-boost1-a2").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo(JobEnvironment.ATTEMPT);
                    assertThat(e.getValue()).isEqualTo("2");
                });
        assertThat(published).isEmpty();

        finish("train-v2-boost1-a2", "Failed", "DeadlineExceeded");
        await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
        TrainingResult result = published.get(0);
        assertThat(result.status()).isEqualTo(TrainingResult.Status.FAILED);
        assertThat(result.runId()).isEqualTo("v2-boost1");
        assertThat(result.groupId()).isEqualTo("g-1");
        assertThat(result.attempt()).isEqualTo(2);
        assertThat(result.message()).contains("DeadlineExceeded");
        assertThat(jobs()).doesNotContain("train-v2-boost1-a3");
    }

    @Test
    void afterARestartAnActiveJobIsFollowedAndAMissingOneIsStartedAgain() {
        executor(3).start("v5-g-1", "g-1", 1);
        executor.close();
        attempts.clear();

        KubernetesTrainingExecutor restarted = executor(3);
        restarted.watch();
        restarted.resume("v5-g-1", "g-1", 1);
        restarted.resume("v5-g-2", "g-2", 1);

        assertThat(jobs()).containsExactlyInAnyOrder("train-v5-g-1-a1", "train-v5-g-2-a2");
        assertThat(attempts).containsExactly("v5-g-2#2");
    }

    @Test
    void aCancelledRunLosesItsJobsAndNoOtherRunDoes() {
        KubernetesTrainingExecutor executor = executor(3);
        executor.watch();
        executor.start("v6-g-1", "g-1", 1);
        executor.start("v6-g-2", "g-2", 1);
        executor.start("v6-g-2", "g-2", 2);

        executor.cancel("v6-g-2");

        await().atMost(Duration.ofSeconds(10)).until(() -> jobs().equals(List.of("train-v6-g-1-a1")));
        assertThat(executor.phase("v6-g-2")).isEmpty();
        assertThat(executor.phase("v6-g-1")).contains(KubernetesTrainingExecutor.JobPhase.ACTIVE);
        assertThat(published).as("a cancelled run reports nothing").isEmpty();
        executor.cancel("v6-g-2");
        assertThat(jobs()).as("cancelling again is harmless").containsExactly("train-v6-g-1-a1");
    }

    @Test
    void jobNamesAreDnsLabelsAndTheSettingsAreValidated() {
        String name = TrainingJobTemplate.jobName("v12-" + "Group_With.Odd/Chars".repeat(5), 3);
        assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63).endsWith("-a3");
        assertThatThrownBy(() -> new KubernetesJobSettings(NAMESPACE, "image", 1, "no-equals-sign", "[]", "2", "3",
                "4Gi", "8Gi", "sa", "cm", "secret", "", "", 1, 60, 60, "", "")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> new KubernetesJobSettings(NAMESPACE, "image", 1, "", "{not json", "2", "3", "4Gi",
                "8Gi", "sa", "cm", "secret", "", "", 1, 60, 60, "", "")).hasMessageContaining("Tolerations");
        KubernetesJobSettings cpuOnly = new KubernetesJobSettings(NAMESPACE, "image", 0, "", "[]", "2", "3", "4Gi",
                "8Gi", "sa", "cm", "secret", "", "", 1, 60, 60, "", "");
        Job job = new TrainingJobTemplate(cpuOnly).job("r", "g", 1);
        assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).isEmpty();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .doesNotContainKey("nvidia.com/gpu");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .as("no Kafka user configured: no SASL").noneMatch(e -> e.getName().startsWith("KAFKA_"));
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
    }

    private List<String> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream()
                .map(j -> j.getMetadata().getName()).sorted().toList();
    }

    /** What the Job controller does when a Job ends: a terminal condition in its status. */
    private void finish(String name, String condition, String reason) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).editStatus(job -> {
            job.setStatus(new JobStatusBuilder()
                    .withSucceeded("Complete".equals(condition) ? 1 : 0)
                    .withFailed("Failed".equals(condition) ? 2 : 0)
                    .withConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                            .withReason(reason).withMessage(reason == null ? null : "Job has reached the limit")
                            .build())
                    .build());
            return job;
        });
    }
}
