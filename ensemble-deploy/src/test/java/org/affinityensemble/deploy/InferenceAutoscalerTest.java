package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The public API scales on CPU through an autoscaling/v2 HorizontalPodAutoscaler on the inference Deployment. */
class InferenceAutoscalerTest {

    static Stream<String> overlays() {
        return Stream.concat(Stream.of(Manifests.BASE), Manifests.OVERLAYS.stream());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void targetsTheInferenceDeployment(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        HorizontalPodAutoscaler autoscaler = manifests.get(HorizontalPodAutoscaler.class, "inference-service");
        Deployment inference = manifests.deployment("inference-service");

        assertThat(autoscaler.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(inference.getMetadata().getName());
        assertThat(autoscaler.getMetadata().getNamespace()).isEqualTo(inference.getMetadata().getNamespace());
        assertThat(inference.getSpec().getReplicas()).as("replicas left to the autoscaler").isNull();
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void scalesOnCpuUtilisationWithinBounds(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        HorizontalPodAutoscaler autoscaler = manifests.get(HorizontalPodAutoscaler.class, "inference-service");

        assertThat(autoscaler.getSpec().getMinReplicas()).isBetween(1, autoscaler.getSpec().getMaxReplicas());
        MetricSpec cpu = autoscaler.getSpec().getMetrics().stream()
                .filter(metric -> metric.getResource() != null && metric.getResource().getName().equals("cpu"))
                .findFirst().orElseThrow();
        assertThat(cpu.getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(cpu.getResource().getTarget().getAverageUtilization()).isBetween(10, 100);
        assertThat(DeploymentsTest.onlyContainer(manifests.deployment("inference-service")).getResources()
                .getRequests()).as("utilisation is measured against the CPU request").containsKey("cpu");
    }
}
