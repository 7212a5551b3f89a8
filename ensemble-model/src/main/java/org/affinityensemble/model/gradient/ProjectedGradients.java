package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.TaskClassifier;

import java.util.LinkedHashMap;
import java.util.Map;

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
    public static ProjectedGradients forSpec(TaskClassifier classifier, ProjectionSpec spec, double clipEpsilon,
            int batchSize, boolean frozenA) {
        return forSpec(classifier, spec, clipEpsilon, batchSize, frozenA, 0);
    }

    /**
     * As above; with {@code labelScale} &gt; 0 the label embeddings are trained too, and each example's projected
     * gradient also holds its task's label block ({@link PerExampleGradients}, scaled by {@code labelScale}; only
     * the encoder's prototype classifier has one).
     */
    public static ProjectedGradients forSpec(TaskClassifier classifier, ProjectionSpec spec, double clipEpsilon,
            int batchSize, boolean frozenA, double labelScale) {
        if (!classifier.modelId().equals(spec.modelId())) {
            throw new IllegalArgumentException("projection " + spec.id() + " is for model " + spec.modelId()
                    + ", the classifier runs " + classifier.modelId());
        }
        long parameterCount = classifier.layout(spec.lora()).parameterCount();
        if (parameterCount != spec.parameterCount()) {
            throw new IllegalArgumentException("projection " + spec.id() + " expects " + spec.parameterCount()
                    + " LoRA parameters, this model has " + parameterCount);
        }
        return new ProjectedGradients(new PerExampleGradients(classifier.withMaxLength(spec.maxLength()), clipEpsilon,
                frozenA, labelScale),
                RademacherProjection.of(spec), batchSize);
    }

    /** The spec of gradients at {@code lora}'s initialisation of this model, tokenized to {@code maxLength}. */
    public static ProjectionSpec spec(LanguageModel model, LoraSpec lora, int maxLength, long seed, int dim) {
        long parameterCount = model.layout(lora).parameterCount();
        return new ProjectionSpec(model.modelId(), lora, maxLength, seed, dim, parameterCount);
    }

    /**
     * Adds to each example's projected gradient the projection of its gradient with respect to its own task's label
     * embeddings, by that task's block of the projection ({@link RademacherProjection#forBlock}, named
     * {@code labels/<task>}).
     */
    private void addLabelProjections(NDArray labelGradients, List<LabelledText> batch, float[][] projected) {
        int hidden = (int) labelGradients.getShape().get(2);
        Map<String, List<Integer>> rowsByTask = new LinkedHashMap<>();
        for (int n = 0; n < batch.size(); n++) {
            rowsByTask.computeIfAbsent(batch.get(n).taskId(), t -> new ArrayList<>()).add(n);
        }
        for (Map.Entry<String, List<Integer>> entry : rowsByTask.entrySet()) {
            int labels = ((PrototypeClassifier) gradients.classifier()).prototypes().labelCount(entry.getKey());
            NDList rows = new NDList();
            for (int n : entry.getValue()) {
                rows.add(labelGradients.get("{}, 0:{}, :", n, labels).reshape(1, (long) labels * hidden));
            }
            float[][] block = projection.forBlock("labels/" + entry.getKey(), (long) labels * hidden)
                    .project(NDArrays.concat(rows, 0));
            for (int i = 0; i < entry.getValue().size(); i++) {
                float[] target = projected[entry.getValue().get(i)];
                for (int j = 0; j < target.length; j++) {
                    target[j] += block[i][j];
                }
            }
        }
    }

    /** f0 and Pᵀ∇h at {@code adapter} for every example, in input order. */
    public List<ProjectedGradient> compute(LoraAdapter adapter, List<LabelledText> examples) {
        return compute(adapter, examples, 0);
    }

    /**
     * As above, with the batches also kept within {@code maxBatchTokens} padded tokens (rows × longest row; 0: no
     * limit): a batch of long prompts is cut to fewer rows, down to one, so that memory follows the tokens a batch
     * holds rather than its example count (decoder prompts vary far more in length than the encoder's texts).
     */
    public List<ProjectedGradient> compute(LoraAdapter adapter, List<LabelledText> examples, int maxBatchTokens) {
        if (adapter.layout().parameterCount() != projection.inputDim()) {
            throw new IllegalArgumentException("the adapter has " + adapter.layout().parameterCount()
                    + " parameters, the projection expects " + projection.inputDim());
        }
        List<ProjectedGradient> out = new ArrayList<>(examples.size());
        int from = 0;
        while (from < examples.size()) {
            List<LabelledText> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            TokenBatch tokens = gradients.tokenize(batch);
            while (maxBatchTokens > 0 && batch.size() > 1 && (long) tokens.rows() * tokens.length() > maxBatchTokens) {
                batch = batch.subList(0, Math.max(1, Math.min(batch.size() - 1, maxBatchTokens / tokens.length())));
                tokens = gradients.tokenize(batch);
            }
            from += batch.size();
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = gradients.batched(scope, adapter, batch, tokens);
                float[][] projected = projection.project(matrix.gradients());
                if (matrix.labelGradients() != null) {
                    addLabelProjections(matrix.labelGradients(), batch, projected);
                }
                for (int n = 0; n < batch.size(); n++) {
                    out.add(new ProjectedGradient(matrix.f0()[n], projected[n]));
                }
            }
        }
        return out;
    }
}
