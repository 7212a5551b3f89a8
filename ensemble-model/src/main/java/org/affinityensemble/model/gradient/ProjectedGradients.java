package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDManager;

import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.runtime.DjlRuntime;

import java.util.ArrayList;
import java.util.List;

/**
 * What a gradient worker runs for a {@link ProjectionSpec}: f0 = h(x) and the projected gradient Pᵀ∇h(x) of every
 * example, batch by batch, each batch's [N, D] gradient matrix projected without leaving native memory. By default
 * at the spec's LoRA initialisation (the affinity estimates); any adapter of the same LoRA spec works too.
 * Checks that the classifier's model is the spec's model and tokenizes to the spec's maximum length, so gradients
 * under one spec id are comparable. Thread-safe.
 */
public final class ProjectedGradients {

    private final ProjectionSpec spec;
    private final PerExampleGradients gradients;
    private final RademacherProjection projection;
    private final LoraAdapter initialisation;
    private final int batchSize;

    public ProjectedGradients(PrototypeClassifier classifier, ProjectionSpec spec, double clipEpsilon, int batchSize) {
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
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.spec = spec;
        this.gradients = new PerExampleGradients(classifier.withMaxLength(spec.maxLength()), clipEpsilon);
        this.projection = RademacherProjection.of(spec);
        this.initialisation = LoraAdapter.initialise(spec.lora(), model.config());
        this.batchSize = batchSize;
    }

    /** The spec of gradients at {@code lora}'s initialisation of this model, tokenized to {@code maxLength}. */
    public static ProjectionSpec spec(BaseModel model, LoraSpec lora, int maxLength, long seed, int dim) {
        long parameterCount = LoraLayout.of(model.config(), lora).parameterCount();
        return new ProjectionSpec(model.modelId(), lora, maxLength, seed, dim, parameterCount);
    }

    public ProjectionSpec spec() {
        return spec;
    }

    /** f0 and Pᵀ∇h at the spec's LoRA initialisation, for every example in input order. */
    public List<ProjectedGradient> compute(List<LabelledText> examples) {
        return compute(initialisation, examples);
    }

    /** f0 and Pᵀ∇h at an adapter of the spec's LoRA configuration (e.g. away from the initialisation). */
    public List<ProjectedGradient> compute(LoraAdapter adapter, List<LabelledText> examples) {
        if (!adapter.spec().equals(spec.lora())) {
            throw new IllegalArgumentException("adapter " + adapter.spec() + " does not match " + spec.lora());
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
