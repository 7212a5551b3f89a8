package org.affinityensemble.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.PromptSpec;

/**
 * What an ensemble version is: the base model and classifier settings, its adapters (each stored in the PEFT
 * layout under its prefix), and for every task its label names and non-negative weights over the adapters
 * (prediction = Σ_k w_k · logits_k). Written by the trainer-service next to the adapters, read by the
 * inference-service. Stored at {@link StorageLayout#ensembleManifest}.
 */
public record EnsembleManifest(int schemaVersion, long ensembleVersion, String baseModelId, int maxLength,
        double scale, long groupingVersion, List<AdapterEntry> adapters, Map<String, TaskEntry> tasks,
        String createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) StartEntry start) {

    /** A version whose adapters start at the LoRA initialisation (no θ*), or one written before {@code start}. */
    public EnsembleManifest(int schemaVersion, long ensembleVersion, String baseModelId, int maxLength,
            double scale, long groupingVersion, List<AdapterEntry> adapters, Map<String, TaskEntry> tasks,
            String createdAt) {
        this(schemaVersion, ensembleVersion, baseModelId, maxLength, scale, groupingVersion, adapters, tasks,
                createdAt, null);
    }

    public static final int SCHEMA_VERSION = 1;

    /** One adapter: a group's, or a boosting step's (fitted to the residual of the ensemble before it). */
    public record AdapterEntry(String adapterId, Kind kind, String groupId, List<String> tasks, String prefix,
            Map<String, Double> metrics) {

        /**
         * A group's adapter, a boosting step's, or a meta-initialisation θ* (trained on every task as the start of
         * the others; never a member of an ensemble itself).
         */
        public enum Kind { GROUP, BOOST, META }

        public AdapterEntry {
            tasks = List.copyOf(tasks);
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        }
    }

    /**
     * A task's linear probe member (ADR 0124): the task's served scores are (1 − weight)·log softmax(Σ_k w_k z_k) +
     * weight·log p_probe, p_probe from the L2 logistic regression stored at {@code key} (LIBLINEAR's format) on the
     * frozen model's features of the text.
     */
    public record ProbeEntry(double weight, String key) {

        public ProbeEntry {
            if (!(weight > 0 && weight <= 1)) {
                throw new IllegalArgumentException("a probe's weight must be in (0, 1], not " + weight);
            }
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a probe needs its object key");
            }
        }
    }

    /**
     * The meta-initialisation θ* this version's adapters start from, as it stood when the version was built (ADR
     * 0110): its adapter id, the datasets it was trained on ({@code id@revision}), the share of the ready datasets'
     * training examples it had not seen, and the share at which the trainer trains a new one (0: never).
     */
    public record StartEntry(String adapterId, List<String> datasets, double unseenShare, double retrainShare) {

        public StartEntry {
            if (adapterId == null || adapterId.isBlank()) {
                throw new IllegalArgumentException("a start needs its adapter id");
            }
            datasets = List.copyOf(datasets);
            if (!(unseenShare >= 0 && unseenShare <= 1) || !(retrainShare >= 0 && retrainShare <= 1)) {
                throw new IllegalArgumentException("shares must be in [0, 1]: unseen " + unseenShare + ", retrain "
                        + retrainShare);
            }
        }
    }

    /**
     * One task: its labels in order, its weights over adapter ids (absent = 0), its measured accuracy (as served),
     * its declared prompt for decoder LMs (null: the defaults), and its probe member (null: the adapters alone).
     */
    public record TaskEntry(List<String> labels, Map<String, Double> weights, Double validationAccuracy,
            Double testAccuracy, @JsonInclude(JsonInclude.Include.NON_NULL) PromptSpec prompt,
            @JsonInclude(JsonInclude.Include.NON_NULL) ProbeEntry probe) {

        public TaskEntry(List<String> labels, Map<String, Double> weights, Double validationAccuracy,
                Double testAccuracy) {
            this(labels, weights, validationAccuracy, testAccuracy, null, null);
        }

        public TaskEntry {
            labels = List.copyOf(labels);
            weights = Map.copyOf(weights);
            if (weights.values().stream().anyMatch(w -> !(w >= 0) || !Double.isFinite(w))) {
                throw new IllegalArgumentException("ensemble weights must be finite and non-negative: " + weights);
            }
        }
    }

    public EnsembleManifest {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported manifest schema version " + schemaVersion);
        }
        adapters = List.copyOf(adapters);
        tasks = Map.copyOf(tasks);
        for (var task : tasks.entrySet()) {
            for (String adapterId : task.getValue().weights().keySet()) {
                if (adapters.stream().noneMatch(a -> a.adapterId().equals(adapterId))) {
                    throw new IllegalArgumentException("task " + task.getKey() + " weighs unknown adapter " + adapterId);
                }
            }
        }
    }

    public byte[] toJson() {
        try {
            return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EnsembleManifest fromJson(byte[] json) {
        try {
            return EventCodec.mapper().readValue(json, EnsembleManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an ensemble manifest: " + e.getMessage(), e);
        }
    }

    public AdapterEntry adapter(String adapterId) {
        return adapters.stream().filter(a -> a.adapterId().equals(adapterId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no adapter " + adapterId));
    }
}
