package org.affinityensemble.inference.service;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows, as served by {@code GET /v1/dashboard}: the ready datasets with their gradient
 * progress, the newest affinity matrix, the newest grouping, the ensemble (adapters, per-task weights and
 * accuracies) and the pipeline's progress stage by stage. Absent parts are null.
 */
public record DashboardSnapshot(List<Dataset> datasets, Affinity affinity, Grouping grouping, Ensemble ensemble,
        List<Stage> progress) {

    /** A ready dataset; {@code gradients} is null until its gradients are complete. */
    public record Dataset(String id, int revision, String description, List<String> labels, long train,
            long validation, long test, Gradients gradients) {
    }

    /** A dataset's completed gradients (for the revision shown, or an older one). */
    public record Gradients(int revision, String projectionId, int shards, long examples) {
    }

    /** The task-affinity matrix T: row i, column j = how much task j helps task i. */
    public record Affinity(long version, String projectionId, List<String> tasks, double[][] matrix, int subsets,
            String metric) {
    }

    public record Grouping(long version, long affinityVersion, String method, double objective,
            List<Group> groups) {
    }

    public record Group(String groupId, List<String> tasks) {
    }

    /**
     * The newest published version, the one serving (with its manifest's contents: adapters, weights, the θ* its
     * adapters start from) and the last load error.
     */
    public record Ensemble(Long publishedVersion, Long servingVersion, String baseModelId, Long groupingVersion,
            List<Adapter> adapters, List<TaskWeights> tasks, LoadError loadError, Start start) {
    }

    /**
     * The θ* the serving version's adapters start from, as the trainer saw it when it built the version (ADR 0110):
     * the datasets it was trained on, the share of the ready training examples it had not seen, and the share at
     * which a new θ* is trained (0: never). Null when the adapters start at the LoRA initialisation.
     */
    public record Start(String adapterId, List<String> datasets, double unseenShare, double retrainShare) {
    }

    public record Adapter(String adapterId, String kind, String groupId, List<String> tasks,
            Map<String, Double> metrics) {
    }

    public record TaskWeights(String task, List<String> labels, Map<String, Double> weights,
            Double validationAccuracy, Double testAccuracy) {
    }

    /** One stage of the pipeline: how many of the known tasks it has covered. */
    public record Stage(String stage, int done, int total, String detail) {
    }
}
