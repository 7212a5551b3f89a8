package org.affinityensemble.trainer.execution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template of the training Jobs, from the trainer's ConfigMap keys ({@code ENSEMBLE_TRAINER_KUBERNETES_*},
 * docs/deploy.md): image, GPU count ({@code nvidia.com/gpu} limit), node selector as comma-separated
 * {@code key=value} pairs (empty: none), tolerations as a JSON array of Kubernetes Tolerations, CPU and memory,
 * the pods' ServiceAccount, the ConfigMap they read with {@code envFrom}, the Secret holding the S3 keys
 * ({@code access-key}, {@code secret-key}), the Job's retry and clean-up limits, and the PersistentVolumeClaim
 * holding the base model directory with the path it is mounted at, read-only (empty: no model volume, the bundled
 * encoder; a decoder LM's directory comes from such a volume, docs/deploy.md).
 */
public record KubernetesJobSettings(String namespace, String image, int gpuCount, String gpuNodeSelector,
        String tolerations, String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit,
        String serviceAccount,
        String configMap, String s3Secret, String kafkaUserSecret, String kafkaCaSecret, int backoffLimit,
        long activeDeadlineSeconds, int ttlSecondsAfterFinished, String modelVolumeClaim, String modelMountPath) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public KubernetesJobSettings {
        if (gpuCount < 0 || backoffLimit < 0 || activeDeadlineSeconds < 1 || ttlSecondsAfterFinished < 0) {
            throw new IllegalArgumentException("invalid training Job settings");
        }
        modelVolumeClaim = modelVolumeClaim == null ? "" : modelVolumeClaim;
        modelMountPath = modelMountPath == null ? "" : modelMountPath;
        if (modelVolumeClaim.isBlank() != modelMountPath.isBlank()) {
            throw new IllegalArgumentException("the model volume claim and its mount path go together");
        }
        nodeSelectorOf(gpuNodeSelector);
        tolerationsOf(tolerations);
    }

    /** The node selector pairs, in the order given. */
    public Map<String, String> nodeSelector() {
        return nodeSelectorOf(gpuNodeSelector);
    }

    public List<Toleration> tolerationList() {
        return tolerationsOf(tolerations);
    }

    private static Map<String, String> nodeSelectorOf(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return selector;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("node selector entry '" + pair.trim() + "' is not key=value");
            }
            selector.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return selector;
    }

    private static List<Toleration> tolerationsOf(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Toleration>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("tolerations are not a JSON array of Tolerations: " + json, e);
        }
    }
}
