package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.affinityensemble.model.classify.LabelScores;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * Gradients of h(x) = log(p/(1−p)) of each example's correct label (p clipped to [ε, 1−ε]) with respect to an
 * adapter's LoRA parameters, for every example of a batch, from ONE backward pass: each example runs through its
 * own leaf copies of the LoRA matrices ({@link LoraTerms#perExample}); examples do not interact in the forward
 * pass, so the gradient of Σ_n h_n with respect to example n's copies is ∇h_n. Correct at any parameters (not
 * only at initialisation, where B = 0 makes every A-gradient exactly zero). {@link #oneByOne} is the plain
 * per-example loop, the reference and the benchmark's baseline. A batch (or, in the loop, an example) whose
 * gradients or f0 come out non-finite is recomputed (libtorch 2.5.1 on CPU occasionally returns NaN gradients from a backward pass that succeeds when
 * repeated; ADR 0015); if it stays non-finite a {@link NonFiniteGradientException} is thrown, so no NaN ever
 * reaches the affinity estimates. With {@code frozenA} (for training that keeps A fixed, LoRA-FA) the gradient is
 * taken with respect to the B matrices only and A's coordinates are zero; at initialisation that changes nothing,
 * elsewhere it is the gradient of the parameters that training moves. Works for any {@link TaskClassifier} (the
 * encoder's prototypes, a decoder's label words). Thread-safe: gradient recording is serialised on
 * {@link DjlRuntime#autogradLock()}.
 */
public final class PerExampleGradients {

    /** Default clip ε of p. */
    public static final double DEFAULT_CLIP = 1e-6;

    /** How often a batch with non-finite results is recomputed before giving up. */
    public static final int MAX_RECOMPUTATIONS = 2;

    private final TaskClassifier classifier;
    private final double clipEpsilon;
    private final boolean frozenA;
    private final double labelScale;

    public PerExampleGradients(TaskClassifier classifier, double clipEpsilon) {
        this(classifier, clipEpsilon, false);
    }

    public PerExampleGradients(TaskClassifier classifier, double clipEpsilon, boolean frozenA) {
        this(classifier, clipEpsilon, frozenA, 0);
    }

    /**
     * With {@code labelScale} &gt; 0 the label embeddings are trained too (issue #19): {@link #batched} also returns
     * each example's gradient with respect to its own task's label embeddings, multiplied by {@code labelScale}
     * (√(label learning rate / LoRA learning rate): gradient descent with a learning rate per block is plain
     * gradient descent in coordinates rescaled by its square root, so a surrogate with one learning rate can
     * follow both blocks). The label embeddings of other tasks do not enter an example's h: their gradient is 0.
     * Only the encoder's prototype classifier has label embeddings: for any other classifier the label scale must be
     * 0.
     */
    public PerExampleGradients(TaskClassifier classifier, double clipEpsilon, boolean frozenA,
            double labelScale) {
        if (!(labelScale >= 0)) {
            throw new IllegalArgumentException("label scale must be >= 0");
        }
        if (labelScale > 0 && !(classifier instanceof PrototypeClassifier)) {
            throw new IllegalArgumentException("only the encoder's prototype classifier has label embeddings to "
                    + "take gradients of; a " + classifier.getClass().getSimpleName() + " needs label scale 0");
        }
        this.classifier = classifier;
        this.clipEpsilon = clipEpsilon;
        this.frozenA = frozenA;
        this.labelScale = labelScale;
    }

    /** Whether label-embedding gradients are taken ({@link GradientMatrix#labelGradients()}). */
    public boolean withLabels() {
        return labelScale > 0;
    }

    public TaskClassifier classifier() {
        return classifier;
    }


    /** f0 and the gradient matrix [N, D] of a batch with one backward pass; arrays attached to {@code scope}. */
    public GradientMatrix batched(NDManager scope, LoraAdapter adapter, List<LabelledText> batch) {
        return batched(scope, adapter, batch, tokenize(batch));
    }

    /** As {@link #batched(NDManager, LoraAdapter, List)} with the batch already tokenized. */
    public GradientMatrix batched(NDManager scope, LoraAdapter adapter, List<LabelledText> batch, TokenBatch tokens) {
        if (labelScale > 0) {
            return withLabelGradients(scope, adapter, batch, tokens);
        }
        return finiteRecording(scope, adapter, batch, tokens,
                attempt -> LoraTerms.perExample(adapter, batch.size(), attempt, classifier.loraType(), frozenA),
                () -> batch.size() + " examples of tasks "
                        + batch.stream().map(LabelledText::taskId).distinct().toList());
    }

    /**
     * The same quantities with one forward and backward pass per example; an example whose results come out
     * non-finite is recomputed like a batch.
     */
    public GradientMatrix oneByOne(NDManager scope, LoraAdapter adapter, List<LabelledText> batch) {
        double[] f0 = new double[batch.size()];
        NDList rows = new NDList();
        for (int n = 0; n < batch.size(); n++) {
            int index = n;
            List<LabelledText> one = batch.subList(n, n + 1);
            GradientMatrix single = finiteRecording(scope, adapter, one, tokenize(one),
                    attempt -> LoraTerms.trainable(adapter, attempt, classifier.loraType(), frozenA),
                    () -> "example " + index + " of task " + one.get(0).taskId());
            f0[n] = single.f0()[0];
            rows.add(single.gradients().expandDims(0));
        }
        return new GradientMatrix(f0, NDArrays.concat(rows, 0));
    }

    /**
     * Records h and its gradients with respect to {@code terms}' leaves in a sub-scope, recomputing up to
     * {@link #MAX_RECOMPUTATIONS} times while anything comes out non-finite; the gradients are attached to
     * {@code scope}.
     *
     * @throws NonFiniteGradientException naming {@code examples} if every attempt was non-finite
     */
    private GradientMatrix finiteRecording(NDManager scope, LoraAdapter adapter, List<LabelledText> batch,
            TokenBatch tokens,
            Function<NDManager, LoraTerms> terms, Supplier<String> examples) {
        for (int recomputations = 0; recomputations <= MAX_RECOMPUTATIONS; recomputations++) {
            try (NDManager attempt = scope.newSubManager()) {
                LoraTerms leaves = terms.apply(attempt);
                NDArray logOdds = record(attempt, adapter, batch, tokens, leaves);
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

    /** Tokenizes a batch's texts as its tasks need. */
    public TokenBatch tokenize(List<LabelledText> batch) {
        return classifier.tokenize(batch.stream().map(LabelledText::taskId).toList(),
                batch.stream().map(LabelledText::text).toList());
    }

    private GradientMatrix withLabelGradients(NDManager scope, LoraAdapter adapter, List<LabelledText> batch,
            TokenBatch tokens) {
        PrototypeClassifier classifier = (PrototypeClassifier) this.classifier;
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        List<String> tasks = batch.stream().map(LabelledText::taskId).toList();
        int maxLabels = classifier.maxLabels(tasks);
        int hidden = classifier.model().config().hiddenSize();
        float[] table = classifier.labelRows(tasks, adapter, maxLabels);
        for (int recomputations = 0; recomputations <= MAX_RECOMPUTATIONS; recomputations++) {
            try (NDManager attempt = scope.newSubManager()) {
                LoraTerms leaves = LoraTerms.perExample(adapter, batch.size(), attempt, classifier.dataType(), frozenA);
                NDArray rowLabels = HostArrays.create(attempt, table, new Shape(batch.size(), maxLabels, hidden),
                        classifier.dataType());
                rowLabels.setRequiresGradient(true);
                NDArray logOdds;
                ReentrantLock lock = DjlRuntime.autogradLock();
                lock.lock();
                try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                    LabelScores scores = classifier.scoreRows(attempt, tasks, tokens, leaves, rowLabels);
                    NDArray h = scores.logOdds(labels, clipEpsilon);
                    collector.backward(h.sum());
                    logOdds = h.stopGradient();
                } finally {
                    lock.unlock();
                }
                NDArray gradients = leaves.gradients();
                NDArray labelGradients = rowLabels.getGradient().mul(labelScale);
                if (HostArrays.allFinite(logOdds) && HostArrays.allFinite(gradients)
                        && HostArrays.allFinite(labelGradients)) {
                    gradients.attach(scope);
                    labelGradients.attach(scope);
                    return new GradientMatrix(HostArrays.doubles(logOdds), gradients, labelGradients);
                }
            }
        }
        throw new NonFiniteGradientException(batch.size() + " examples of tasks " + tasks.stream().distinct().toList()
                + " gave non-finite gradients " + (MAX_RECOMPUTATIONS + 1) + " times");
    }

    private NDArray record(NDManager scope, LoraAdapter adapter, List<LabelledText> batch, TokenBatch tokens,
            LoraTerms terms) {
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        List<String> tasks = batch.stream().map(LabelledText::taskId).toList();
        ReentrantLock lock = DjlRuntime.autogradLock();
        lock.lock();
        try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            NDArray logOdds = classifier.score(scope, tasks, tokens, terms, adapter).logOdds(labels, clipEpsilon);
            collector.backward(logOdds.sum());
            return logOdds.stopGradient();
        } finally {
            lock.unlock();
        }
    }
}
