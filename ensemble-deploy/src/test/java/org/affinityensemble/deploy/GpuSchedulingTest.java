package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GPU overlay puts the gradient-service and the trainer's training Jobs on the GPU node pool (GPU limit,
 * node selector, the nvidia.com/gpu toleration, CUDA images); dev-cpu and the base schedule nothing on GPUs.
 */
class GpuSchedulingTest {

    private static final String GPU = "k8s/overlays/gpu";
    private static final String DEV_CPU = "k8s/overlays/dev-cpu";
    private static final String GPU_RESOURCE = "nvidia.com/gpu";

    @Test
    void gradientServiceRunsOnTheGpuPoolInTheGpuOverlay() {
        Deployment gradient = Manifests.render(GPU).deployment("gradient-service");
        PodSpec pod = gradient.getSpec().getTemplate().getSpec();
        Container container = DeploymentsTest.onlyContainer(gradient);

        assertThat(container.getResources().getLimits().get(GPU_RESOURCE).getNumericalAmount().intValue())
                .isGreaterThanOrEqualTo(1);
        assertThat(pod.getNodeSelector()).isNotEmpty();
        assertThat(pod.getTolerations()).anySatisfy(GpuSchedulingTest::assertGpuToleration);
        assertThat(container.getImage()).isEqualTo("affinity-ensemble/gradient-service:0.1.0-cuda");
    }

    @Test
    void onlyTheGradientServiceHoldsAGpuInTheGpuOverlay() {
        for (Deployment deployment : Manifests.render(GPU).all(Deployment.class)) {
            if (!deployment.getMetadata().getName().equals("gradient-service")) {
                assertNoGpuScheduling(deployment);
            }
        }
    }

    @Test
    void nothingTouchesGpusInDevCpuOrTheBase() {
        for (String kustomization : List.of(DEV_CPU, Manifests.BASE)) {
            for (Deployment deployment : Manifests.render(kustomization).all(Deployment.class)) {
                assertNoGpuScheduling(deployment);
            }
            Map<String, String> jobs = trainerConfig(kustomization);
            assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_GPU_COUNT")).isEqualTo("0");
            assertThat(nodeSelector(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_GPU_NODE_SELECTOR"))).isEmpty();
            assertThat(tolerations(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_TOLERATIONS"))).isEmpty();
            assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_IMAGE")).doesNotEndWith("-cuda");
        }
    }

    @Test
    void trainingJobsGoToTheGpuPoolInTheGpuOverlay() {
        Map<String, String> jobs = trainerConfig(GPU);

        assertThat(Integer.parseInt(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_GPU_COUNT"))).isGreaterThanOrEqualTo(1);
        assertThat(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_IMAGE"))
                .isEqualTo("affinity-ensemble/trainer-service:0.1.0-cuda");
        assertThat(nodeSelector(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_GPU_NODE_SELECTOR")))
                .isEqualTo(Manifests.render(GPU).deployment("gradient-service").getSpec().getTemplate().getSpec()
                        .getNodeSelector());
        assertThat(tolerations(jobs.get("ENSEMBLE_TRAINER_KUBERNETES_TOLERATIONS")))
                .anySatisfy(GpuSchedulingTest::assertGpuToleration);
    }

    @Test
    void trainingJobsRunTheTrainersOwnImageRepository() {
        for (String overlay : Manifests.OVERLAYS) {
            String deploymentImage = DeploymentsTest.onlyContainer(
                    Manifests.render(overlay).deployment("trainer-service")).getImage();
            String jobImage = trainerConfig(overlay).get("ENSEMBLE_TRAINER_KUBERNETES_IMAGE");

            assertThat(jobImage).as(overlay).startsWith(deploymentImage);
        }
    }

    /** The trainer parses this form: comma-separated {@code key=value} pairs, empty for none. */
    static Map<String, String> nodeSelector(String value) {
        Map<String, String> selector = new LinkedHashMap<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(pair -> !pair.isEmpty()).forEach(pair -> {
            String[] parts = pair.split("=", 2);
            assertThat(parts).as("key=value: " + pair).hasSize(2);
            selector.put(parts[0], parts[1]);
        });
        return selector;
    }

    /** The trainer parses this form: a JSON array of Kubernetes Toleration objects. */
    static List<Toleration> tolerations(String json) {
        return List.of(Manifests.serialization().unmarshal(json, Toleration[].class));
    }

    private static Map<String, String> trainerConfig(String kustomization) {
        return Manifests.render(kustomization).configMap("trainer-service-config").getData();
    }

    private static void assertGpuToleration(Toleration toleration) {
        assertThat(toleration.getKey()).isEqualTo(GPU_RESOURCE);
        assertThat(toleration.getOperator()).isEqualTo("Exists");
        assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
    }

    private static void assertNoGpuScheduling(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String name = deployment.getMetadata().getName();
        for (Container container : pod.getContainers()) {
            assertThat(container.getResources().getLimits()).as(name).doesNotContainKey(GPU_RESOURCE);
            assertThat(container.getResources().getRequests()).as(name).doesNotContainKey(GPU_RESOURCE);
            assertThat(container.getImage()).as(name).doesNotEndWith("-cuda");
        }
        assertThat(pod.getNodeSelector()).as(name).isNullOrEmpty();
        assertThat(pod.getTolerations()).as(name).noneSatisfy(toleration ->
                assertThat(toleration.getKey()).isEqualTo(GPU_RESOURCE));
    }
}
