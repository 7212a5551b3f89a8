package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDManager;

import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.runtime.DjlRuntime;

import java.util.ArrayList;
import java.util.List;

/**
 * What a gradient worker runs: per-example gradients of h at an adapter (normally its initialisation, for the
 * affinity estimates; any parameters work), batch by batch, each batch's [N, D] gradient matrix projected to d
 * dimensions without leaving native memory. Thread-safe.
 */
public final class ProjectedGradients {

    private final PerExampleGradients gradients;
    private final RademacherProjection projection;
    private final int batchSize;

    public ProjectedGradients(PerExampleGradients gradients, RademacherProjection projection, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.gradients = gradients;
        this.projection = projection;
        this.batchSize = batchSize;
    }

    /**
     * The projection spec of gradients at {@code lora}'s initialisation under a base model and classifier max
     * length: D is the canonical LoRA parameter count.
     */
    public static ProjectionSpec spec(BaseModel model, LoraSpec lora, int maxLength, long seed, int dim) {
        long parameterCount = LoraLayout.of(model.config(), lora).parameterCount();
        return new ProjectionSpec(model.modelId(), lora, maxLength, seed, dim, parameterCount);
    }

    /** f0 and Pᵀ∇h for every example, in input order. */
    public List<ProjectedGradient> compute(LoraAdapter adapter, List<LabelledText> examples) {
        if (adapter.layout().parameterCount() != projection.inputDim()) {
            throw new IllegalArgumentException("the adapter has " + adapter.layout().parameterCount()
                    + " parameters, the projection expects " + projection.inputDim());
        }
        List<ProjectedGradient> out = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<LabelledText> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = gradients.batched(scope, adapter, batch);
                float[][] projected = projection.project(matrix.gradients());
                for (int n = 0; n < batch.size(); n++) {
                    out.add(new ProjectedGradient(matrix.f0()[n], projected[n]));
                }
            }
        }
        return out;
    }
}
