package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.runtime.DjlRuntime;

/**
 * What a gradient worker runs: f0 = h(x) and the projected gradient Pᵀ∇h(x) of every example at an adapter
 * (normally the LoRA initialisation, for the affinity estimates; any parameters work), batch by batch, each
 * batch's [N, D] gradient matrix projected without leaving native memory. {@link #forSpec} builds one that is
 * checked against a {@link ProjectionSpec} (same model, same D, the spec's maximum length), so gradients under one
 * spec id are comparable. Thread-safe.
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
     * Gradients as a spec describes them: the classifier's model must be the spec's model with D LoRA parameters
     * under the spec's LoRA configuration; texts are tokenized to the spec's maximum length. With {@code frozenA}
     * the gradients are those of the B matrices only ({@link PerExampleGradients}), for training that keeps A
     * fixed; at the LoRA initialisation both are the same.
     */
    public static ProjectedGradients forSpec(PrototypeClassifier classifier, ProjectionSpec spec, double clipEpsilon,
            int batchSize, boolean frozenA) {
        BaseModel model = classifier.model();
        if (!model.modelId().equals(spec.modelId())) {
            throw new IllegalArgumentException("projection " + spec.id() + " is for model " + spec.modelId()
                    + ", the classifier runs " + model.modelId());
        }
        long parameterCount = LoraLayout.of(model.config(), spec.lora()).parameterCount();
        if (parameterCount != spec.parameterCount()) {
            throw new IllegalArgumentException("projection " + spec.id() + " expects " + spec.parameterCount()
                    + " LoRA parameters, this model has " + parameterCount);
        }
        return new ProjectedGradients(new PerExampleGradients(classifier.withMaxLength(spec.maxLength()), clipEpsilon,
                frozenA),
                RademacherProjection.of(spec), batchSize);
    }

    /** The spec of gradients at {@code lora}'s initialisation of this model, tokenized to {@code maxLength}. */
    public static ProjectionSpec spec(BaseModel model, LoraSpec lora, int maxLength, long seed, int dim) {
        long parameterCount = LoraLayout.of(model.config(), lora).parameterCount();
        return new ProjectionSpec(model.modelId(), lora, maxLength, seed, dim, parameterCount);
    }

    /** f0 and Pᵀ∇h at {@code adapter} for every example, in input order. */
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
