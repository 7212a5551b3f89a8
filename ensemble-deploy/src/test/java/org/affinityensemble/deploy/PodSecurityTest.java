package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod that {@code k8s/} renders (the five services, the in-cluster example's PostgreSQL and S3) passes the
 * restricted Pod Security Standard the namespace enforces; the training Jobs' template is checked the same way in
 * the trainer-service's tests (KubernetesTrainingExecutorTest).
 */
class PodSecurityTest {

    static Stream<String> kustomizations() {
        return Stream.concat(Stream.of(Manifests.BASE, Manifests.IN_CLUSTER_DEPENDENCIES), Manifests.OVERLAYS.stream());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyPodSatisfiesTheRestrictedStandard(String kustomization) {
        Map<String, PodSpec> pods = podSpecs(Manifests.render(kustomization));

        assertThat(pods).isNotEmpty();
        pods.forEach((name, pod) -> assertThat(RestrictedPodSecurity.violations(pod)).as(kustomization + ": " + name)
                .isEmpty());
    }

    @Test
    void theCheckFindsWhatTheStandardForbids() {
        Manifests bad = Manifests.parse("inline", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: careless
                spec:
                  selector:
                    matchLabels: {app: careless}
                  template:
                    metadata:
                      labels: {app: careless}
                    spec:
                      hostNetwork: true
                      containers:
                        - name: app
                          image: example/app
                          ports:
                            - containerPort: 80
                              hostPort: 80
                          securityContext:
                            privileged: true
                            capabilities:
                              add: ["SYS_ADMIN"]
                      volumes:
                        - name: docker
                          hostPath:
                            path: /var/run/docker.sock
                """);
        assertThat(RestrictedPodSecurity.violations(podSpecs(bad).get("Deployment/careless")))
                .contains("host namespaces are shared", "volume docker is of type hostPath",
                        "container app is privileged", "container app does not set allowPrivilegeEscalation: false",
                        "container app may run as root (runAsNonRoot is not true)",
                        "container app has no RuntimeDefault or Localhost seccomp profile",
                        "container app does not drop ALL capabilities", "container app adds capability SYS_ADMIN",
                        "container app uses host port 80");
    }

    static Map<String, PodSpec> podSpecs(Manifests manifests) {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        for (HasMetadata object : manifests.all()) {
            String name = object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof Deployment d) {
                pods.put(name, d.getSpec().getTemplate().getSpec());
            } else if (object instanceof StatefulSet s) {
                pods.put(name, s.getSpec().getTemplate().getSpec());
            } else if (object instanceof DaemonSet d) {
                pods.put(name, d.getSpec().getTemplate().getSpec());
            } else if (object instanceof Job j) {
                pods.put(name, j.getSpec().getTemplate().getSpec());
            } else if (object instanceof CronJob c) {
                pods.put(name, c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
            }
        }
        return pods;
    }
}
