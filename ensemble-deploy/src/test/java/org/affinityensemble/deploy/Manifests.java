package org.affinityensemble.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The objects of one rendered kustomization, parsed by the fabric8 Kubernetes model: built-in kinds become
 * their typed classes, custom resources (Strimzi) {@link GenericKubernetesResource}.
 */
final class Manifests {

    /** The kustomizations of k8s/ that users apply. */
    static final List<String> OVERLAYS = List.of("k8s/overlays/dev-cpu", "k8s/overlays/gpu",
            "k8s/overlays/gpu-decoder");
    static final String BASE = "k8s/base";
    static final String IN_CLUSTER_DEPENDENCIES = "k8s/examples/in-cluster-deps";
    /** Cluster-scoped objects a cluster administrator applies once (the training Jobs' admission policy). */
    static final String CLUSTER = "k8s/cluster";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String source;
    private final List<HasMetadata> objects;

    private Manifests(String source, List<HasMetadata> objects) {
        this.source = source;
        this.objects = objects;
    }

    /** Renders the kustomization at {@code relativeDirectory} (from the repository root) and parses it. */
    static Manifests render(String relativeDirectory) {
        return parse(relativeDirectory, Kustomize.render(RepositoryLayout.path(relativeDirectory)));
    }

    static Manifests parse(String source, String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        List<HasMetadata> objects = documents.stream().map(document -> {
            if (!(document instanceof HasMetadata object)) {
                throw new IllegalArgumentException(source + ": not a Kubernetes object: " + document);
            }
            return object;
        }).toList();
        return new Manifests(source, objects);
    }

    static KubernetesSerialization serialization() {
        return SERIALIZATION;
    }

    String source() {
        return source;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(source + " has no " + type.getSimpleName() + " " + name));
    }

    /** Custom resources of one kind, e.g. Strimzi's KafkaTopic. */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(object -> object.getKind().equals(kind)).toList();
    }

    Deployment deployment(String name) {
        return get(Deployment.class, name);
    }

    ConfigMap configMap(String name) {
        return get(ConfigMap.class, name);
    }

    @Override
    public String toString() {
        return source;
    }
}
