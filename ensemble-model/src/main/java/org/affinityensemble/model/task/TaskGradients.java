package org.affinityensemble.model.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.gradient.NonFiniteGradientException;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * {@code gradient.PerExampleGradients} for any {@link TaskClassifier}: f0 = h(x) and ∇h(x) with respect to the LoRA
 * parameters for every example of a batch from ONE backward pass over per-example leaf copies
 * ({@link LoraTerms#perExample}); {@link #oneByOne} is the plain loop it must equal. Same guards: a batch whose
 * results are non-finite is recomputed up to {@code PerExampleGradients.MAX_RECOMPUTATIONS} times, then a
 * {@link NonFiniteGradientException} is thrown. {@link #projected} applies the model-agnostic
 * {@link RademacherProjection}. Thread-safe (recording holds {@link DjlRuntime#autogradLock()}).
 */
public final class TaskGradients {

    private static final int MAX_RECOMPUTATIONS = 2;

    private final TaskClassifier classifier;
    private final double clipEpsilon;
    private final boolean frozenA;

    public TaskGradients(TaskClassifier classifier, double clipEpsilon, boolean frozenA) {
        this.classifier = classifier;
        this.clipEpsilon = clipEpsilon;
        this.frozenA = frozenA;
    }

    public TaskClassifier classifier() {
        return classifier;
    }

    /** f0 and the gradient matrix [N, D] of a batch with one backward pass; arrays attached to {@code scope}. */
    public GradientMatrix batched(NDManager scope, LoraAdapter adapter, List<LabelledText> batch) {
        TokenBatch tokens = tokenize(batch);
        return finiteRecording(scope, batch, tokens,
                attempt -> LoraTerms.perExample(adapter, batch.size(), attempt, classifier.loraType(), frozenA),
                () -> batch.size() + " examples of tasks "
                        + batch.stream().map(LabelledText::taskId).distinct().toList());
    }

    /** The same quantities with one forward and backward pass per example. */
    public GradientMatrix oneByOne(NDManager scope, LoraAdapter adapter, List<LabelledText> batch) {
        double[] f0 = new double[batch.size()];
        NDList rows = new NDList();
        for (int n = 0; n < batch.size(); n++) {
            int index = n;
            List<LabelledText> one = batch.subList(n, n + 1);
            GradientMatrix single = finiteRecording(scope, one, tokenize(one),
                    attempt -> LoraTerms.trainable(adapter, attempt, classifier.loraType(), frozenA),
                    () -> "example " + index + " of task " + one.get(0).taskId());
            f0[n] = single.f0()[0];
            rows.add(single.gradients().expandDims(0));
        }
        return new GradientMatrix(f0, NDArrays.concat(rows, 0));
    }

    /** f0 and Pᵀ∇h for every example, batch by batch, in input order. */
    public List<ProjectedGradient> projected(LoraAdapter adapter, List<LabelledText> examples,
            RademacherProjection projection, int batchSize) {
        if (adapter.layout().parameterCount() != projection.inputDim()) {
            throw new IllegalArgumentException("the adapter has " + adapter.layout().parameterCount()
                    + " parameters, the projection expects " + projection.inputDim());
        }
        List<ProjectedGradient> out = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<LabelledText> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = batched(scope, adapter, batch);
                float[][] projectedRows = projection.project(matrix.gradients());
                for (int n = 0; n < batch.size(); n++) {
                    out.add(new ProjectedGradient(matrix.f0()[n], projectedRows[n]));
                }
            }
        }
        return out;
    }

    private TokenBatch tokenize(List<LabelledText> batch) {
        return classifier.tokenize(batch.stream().map(LabelledText::taskId).toList(),
                batch.stream().map(LabelledText::text).toList());
    }

    private GradientMatrix finiteRecording(NDManager scope, List<LabelledText> batch, TokenBatch tokens,
            Function<NDManager, LoraTerms> terms, Supplier<String> examples) {
        for (int recomputations = 0; recomputations <= MAX_RECOMPUTATIONS; recomputations++) {
            try (NDManager attempt = scope.newSubManager()) {
                LoraTerms leaves = terms.apply(attempt);
                NDArray logOdds = record(attempt, batch, tokens, leaves);
                NDArray gradients = leaves.gradients();
                if (HostArrays.allFinite(logOdds) && HostArrays.allFinite(gradients)) {
                    gradients.attach(scope);
                    return new GradientMatrix(HostArrays.doubles(logOdds), gradients);
                }
            }
        }
        throw new NonFiniteGradientException(examples.get() + " gave non-finite gradients "
                + (MAX_RECOMPUTATIONS + 1) + " times");
    }

    private NDArray record(NDManager scope, List<LabelledText> batch, TokenBatch tokens, LoraTerms terms) {
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        List<String> tasks = batch.stream().map(LabelledText::taskId).toList();
        ReentrantLock lock = DjlRuntime.autogradLock();
        lock.lock();
        try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            NDArray logOdds = classifier.score(scope, tasks, tokens, terms).logOdds(labels, clipEpsilon);
            collector.backward(logOdds.sum());
            return logOdds.stopGradient();
        } finally {
            lock.unlock();
        }
    }
}
