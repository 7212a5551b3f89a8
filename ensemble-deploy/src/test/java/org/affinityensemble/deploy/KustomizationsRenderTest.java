package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization renders offline and every object it produces is a well-formed Kubernetes object
 * (built-in kinds by the fabric8 model, Strimzi's custom resources by Strimzi's own model). */
class KustomizationsRenderTest {

    /** API groups whose kinds the fabric8 model knows: these must parse into typed classes, not generic maps. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "autoscaling",
            "rbac.authorization.k8s.io", "policy", "networking.k8s.io", "admissionregistration.k8s.io");
    /** Strimzi's custom resources and their typed models, which know every field of the CRDs. */
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI_KINDS = Map.of(
            "KafkaTopic", KafkaTopic.class, "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
            "KafkaUser", KafkaUser.class);

    static Stream<String> kustomizations() {
        return Stream.concat(Stream.of(Manifests.BASE, Manifests.IN_CLUSTER_DEPENDENCIES,
                Manifests.CLUSTER), Manifests.OVERLAYS.stream());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersIntoTypedObjectsWithoutUnknownFields(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);

        assertThat(manifests.all()).isNotEmpty();
        for (HasMetadata object : manifests.all()) {
            String group = object.getApiVersion().contains("/") ? object.getApiVersion().split("/")[0] : "";
            String label = kustomization + ": " + object.getKind() + "/" + object.getMetadata().getName();
            if (BUILT_IN_GROUPS.contains(group)) {
                assertThat(object).as(label).isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(UnknownFields.of(object)).as(label + " has fields Kubernetes does not know").isEmpty();
            } else {
                assertThat(object).as(label).isInstanceOf(GenericKubernetesResource.class);
                assertThat(group).as(label).isEqualTo("kafka.strimzi.io");
                assertThat(object.getApiVersion()).as(label).isEqualTo("kafka.strimzi.io/v1beta2");
                assertThat(STRIMZI_KINDS).as(label).containsKey(object.getKind());
                assertThat(UnknownFields.of(asStrimziModel(object))).as(label + " has fields Strimzi does not know")
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void commitsNoSecretObjects(String kustomization) {
        assertThat(Manifests.render(kustomization).all(Secret.class))
                .as("Secrets are created from git-ignored env files, never rendered from the repository")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void namesAreUniquePerKind(String kustomization) {
        List<String> keys = Manifests.render(kustomization).all().stream()
                .map(object -> object.getKind() + "/" + object.getMetadata().getName()).toList();
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void overlaysPlaceEverythingInOneNamespaceThatEnforcesTheRestrictedPodSecurityStandard() {
        for (String overlay : Manifests.OVERLAYS) {
            Manifests manifests = Manifests.render(overlay);
            assertThat(manifests.all()).as(overlay).filteredOn(object -> !(object instanceof Namespace))
                    .extracting(object -> object.getMetadata().getNamespace())
                    .containsOnly("affinity-ensemble");
            Namespace namespace = manifests.all(Namespace.class).stream().collect(onlyElement());
            assertThat(namespace.getMetadata().getName()).isEqualTo("affinity-ensemble");
            assertThat(namespace.getMetadata().getLabels()).as(overlay)
                    .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                    .containsEntry("pod-security.kubernetes.io/enforce-version", "latest");
        }
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyElement() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    @Test
    void overlaysDeployTheFiveServices() {
        for (String overlay : Manifests.OVERLAYS) {
            assertThat(Manifests.render(overlay).all(Deployment.class)).as(overlay)
                    .extracting(deployment -> deployment.getMetadata().getName())
                    .containsExactlyInAnyOrder(Stream.of(EnsembleService.values()).map(EnsembleService::serviceName)
                            .toArray(String[]::new));
        }
    }

    @Test
    void unknownFieldCheckCatchesAMisspeltField() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                        - name: typo
                          image: example/typo:1
                          readinesProbe:
                            httpGet: {path: /q/health/ready, port: 8080}
                """;
        HasMetadata deployment = Manifests.parse("inline", misspelt).all().get(0);

        assertThat(UnknownFields.of(deployment)).containsExactly("spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void unknownFieldCheckCatchesAMisspeltStrimziField() {
        String misspelt = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: typo
                spec:
                  topicName: typo
                  partitons: 3
                """;
        HasMetadata topic = Manifests.parse("inline", misspelt).all().get(0);

        assertThat(UnknownFields.of(asStrimziModel(topic))).containsExactly("spec.partitons");
    }

    private static HasMetadata asStrimziModel(HasMetadata generic) {
        return Manifests.serialization().convertValue(generic, STRIMZI_KINDS.get(generic.getKind()));
    }
}
