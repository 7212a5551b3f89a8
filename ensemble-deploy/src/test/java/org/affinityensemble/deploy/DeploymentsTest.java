package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's Deployment and Service in every overlay: the port of the conventions, probes on the Quarkus
 * health endpoints, requests and limits, a non-root and read-only container, and an image named
 * {@code affinity-ensemble/<service>:<tag>}.
 */
class DeploymentsTest {

    static Stream<OverlayCase> cases() {
        return OverlayCase.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exposesTheConventionPortThroughItsService(OverlayCase c) {
        Deployment deployment = c.manifests().deployment(c.service().serviceName());
        Container container = onlyContainer(deployment);
        ContainerPort http = container.getPorts().stream().filter(port -> "http".equals(port.getName())).findFirst()
                .orElseThrow();
        Service service = c.manifests().get(Service.class, c.service().serviceName());
        ServicePort servicePort = service.getSpec().getPorts().get(0);

        assertThat(http.getContainerPort()).isEqualTo(c.service().port());
        assertThat(servicePort.getPort()).isEqualTo(c.service().port());
        assertThat(servicePort.getTargetPort().getStrVal()).isEqualTo("http");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void probesTheQuarkusHealthEndpoints(OverlayCase c) {
        Container container = onlyContainer(c.manifests().deployment(c.service().serviceName()));

        assertHttpProbe(container.getStartupProbe(), "/q/health/started");
        assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
        assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");
        Probe startup = container.getStartupProbe();
        int startupAllowanceSeconds = startup.getPeriodSeconds() * startup.getFailureThreshold();
        assertThat(startupAllowanceSeconds).as("time allowed to start")
                .isGreaterThanOrEqualTo(c.service().runsModel() ? 300 : 120);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void requestsAndLimitsCpuAndMemory(OverlayCase c) {
        Container container = onlyContainer(c.manifests().deployment(c.service().serviceName()));
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();

        for (String resource : new String[] {"cpu", "memory"}) {
            assertThat(requests).as("requests").containsKey(resource);
            assertThat(limits).as("limits").containsKey(resource);
            assertThat(limits.get(resource).getNumericalAmount())
                    .as(resource + " limit >= request")
                    .isGreaterThanOrEqualTo(requests.get(resource).getNumericalAmount());
        }
        long memoryLimitMiB = limits.get("memory").getNumericalAmount().longValue() >> 20;
        assertThat(memoryLimitMiB).as("memory limit (MiB): libtorch needs native memory beyond the heap")
                .isGreaterThanOrEqualTo(c.service().runsModel() ? 2048 : 1024);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void runsAsNonRootWithAReadOnlyRootFilesystem(OverlayCase c) {
        PodSpec pod = c.manifests().deployment(c.service().serviceName()).getSpec().getTemplate().getSpec();
        Container container = onlyContainer(c.manifests().deployment(c.service().serviceName()));

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).as("writable /tmp for Quarkus and the JVM")
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        if (c.service().runsModel()) {
            assertThat(container.getVolumeMounts()).as("writable DJL cache for the unpacked libtorch")
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/cache/djl"));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void runsTheServicesImage(OverlayCase c) {
        String image = onlyContainer(c.manifests().deployment(c.service().serviceName())).getImage();

        assertThat(image).startsWith(c.service().imageRepository() + ":" + EnsembleService.IMAGE_TAG);
        assertThat(image).matches(".*:" + EnsembleService.IMAGE_TAG + "(-cuda)?");
    }

    static Container onlyContainer(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as(path + " probe").isNotNull();
        assertThat(probe.getHttpGet()).as(path + " probe is an HTTP GET").isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
