package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gpu-decoder overlay (issue #23): every service that runs the model, and the training Jobs, read one decoder
 * directory from the read-only PVC {@code decoder-model}, store its base in float16 (never bf16, which DJL 0.33
 * aborts on), hold one GPU and memory for a 1B model, and batch less; the services without a model are untouched;
 * the plain gpu overlay stays on the encoder.
 */
class DecoderOverlayTest {

    private static final String DECODER = "k8s/overlays/gpu-decoder";
    private static final String CLAIM = "decoder-model";
    private static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final BigDecimal MODEL_MEMORY = new Quantity("12Gi").getNumericalAmount();

    private static Manifests decoder() {
        return Manifests.render(DECODER);
    }

    private static Map<String, String> common() {
        return decoder().configMap("ensemble-common").getData();
    }

    private static Map<String, String> configOf(String configMap) {
        return decoder().configMap(configMap).getData();
    }

    @Test
    void everyServiceAndJobAgreesOnOneDecoderStoredInFloat16() {
        Map<String, String> common = common();

        assertThat(common.get("ENSEMBLE_MODEL_DIR")).startsWith("/models/");
        assertThat(common.get("ENSEMBLE_MODEL_ID")).isNotBlank();
        assertThat(common.get("ENSEMBLE_MODEL_BASE_TYPE")).isEqualTo("float16");
        assertThat(Integer.parseInt(common.get("ENSEMBLE_MODEL_MAX_LENGTH"))).isPositive();
        // the Jobs read the same ConfigMap
        assertThat(configOf("trainer-service-config").get("ENSEMBLE_TRAINER_KUBERNETES_CONFIG_MAP"))
                .isEqualTo("ensemble-common");
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void theServicesThatRunTheModelReadItFromTheReadOnlyVolume(EnsembleService service) {
        OverlayCase c = new OverlayCase(DECODER, service);
        Deployment deployment = c.manifests().deployment(service.serviceName());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = DeploymentsTest.onlyContainer(deployment);
        Optional<Volume> volume = pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && CLAIM.equals(v.getPersistentVolumeClaim().getClaimName()))
                .findFirst();

        if (!service.runsModel()) {
            assertThat(volume).as(service + " has no model volume").isEmpty();
            return;
        }
        assertThat(volume).as(service + " mounts the PVC " + CLAIM).isPresent();
        assertThat(volume.get().getPersistentVolumeClaim().getReadOnly()).isTrue();
        List<VolumeMount> mounts = container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.get().getName())).toList();
        assertThat(mounts).singleElement().satisfies(mount -> {
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(mount.getMountPath()).isEqualTo(ServiceConfigurationTest.environmentOf(c)
                    .get("ENSEMBLE_MODEL_DIR").literal());
        });
        assertThat(ServiceConfigurationTest.environmentOf(c).get("ENSEMBLE_MODEL_BASE_TYPE").literal())
                .isEqualTo("float16");
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void theServicesThatRunTheModelHoldAGpuAndMemoryForIt(EnsembleService service) {
        Deployment deployment = decoder().deployment(service.serviceName());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = DeploymentsTest.onlyContainer(deployment);
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();

        if (!service.runsModel()) {
            assertThat(limits).as(service.serviceName()).doesNotContainKey(GPU_RESOURCE);
            assertThat(pod.getNodeSelector()).as(service.serviceName()).isNullOrEmpty();
            assertThat(container.getImage()).doesNotEndWith("-cuda");
            return;
        }
        assertThat(limits.get(GPU_RESOURCE).getNumericalAmount()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(requests.get("memory").getNumericalAmount()).isGreaterThanOrEqualTo(MODEL_MEMORY);
        assertThat(container.getImage()).isEqualTo(service.imageRepository() + ":" + EnsembleService.IMAGE_TAG + "-cuda");
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo(GPU_RESOURCE);
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
    }

    @Test
    void trainingJobsGetAGpuMemoryAndTheModelVolumeAtTheModelDirectory() {
        Map<String, String> jobs = configOf("trainer-service-config");

        assertThat(Integer.parseInt(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_GPU_COUNT"))).isEqualTo(1);
        assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_IMAGE")).endsWith("-cuda");
        assertThat(new Quantity(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_MEMORY_REQUEST")).getNumericalAmount())
                .isGreaterThanOrEqualTo(MODEL_MEMORY);
        assertThat(new Quantity(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_MEMORY_LIMIT")).getNumericalAmount())
                .isGreaterThanOrEqualTo(new Quantity(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_MEMORY_REQUEST"))
                        .getNumericalAmount());
        assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_MODEL_VOLUME_CLAIM")).isEqualTo(CLAIM);
        assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_MODEL_MOUNT_PATH")).isEqualTo(common().get("ENSEMBLE_MODEL_DIR"));
    }

    @Test
    void batchesAreSmallerThanTheEncodersDefaults() {
        // defaults: GradientSettings.batchSize 16, TrainerConfig.batchSize 16, InferenceSettings.Batch.maxTexts 32
        assertThat(Integer.parseInt(configOf("gradient-service-config").get("ENSEMBLE_GRADIENTS_BATCH_SIZE")))
                .isBetween(1, 15);
        assertThat(Integer.parseInt(configOf("trainer-service-config").get("ENSEMBLE_TRAINER_BATCH_SIZE")))
                .isBetween(1, 15);
        assertThat(Integer.parseInt(configOf("inference-service-config").get("ENSEMBLE_INFERENCE_BATCH_MAX_TEXTS")))
                .isBetween(1, 31);
    }

    @Test
    void theGpuOverlayItselfStaysOnTheEncoder() {
        Manifests gpu = Manifests.render("k8s/overlays/gpu");

        assertThat(gpu.configMap("ensemble-common").getData()).doesNotContainKeys("ENSEMBLE_MODEL_DIR",
                "ENSEMBLE_MODEL_BASE_TYPE");
        for (Deployment deployment : gpu.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                    .noneSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());
        }
    }
}
