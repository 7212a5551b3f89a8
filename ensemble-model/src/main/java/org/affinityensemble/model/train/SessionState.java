package org.affinityensemble.model.train;

import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingSession}'s state in host memory: the LoRA parameters in the session's order (A, B per slot), the
 * trained label embeddings by task (empty when they stay frozen), and the optimisers' moments and counts (the label
 * optimiser's {@code null} when there is none).
 */
public record SessionState(List<float[]> parameters, Map<String, float[][]> labels, ResumableAdamW.State optimizer,
        ResumableAdamW.State labelOptimizer) {

    public SessionState {
        parameters = List.copyOf(parameters);
        labels = Map.copyOf(labels);
    }
}
