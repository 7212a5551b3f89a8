package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.TaskScores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable state of one LoRA training run: the adapter's parameters in native memory and DJL's AdamW state,
 * advanced one batch at a time by {@link #step}. Each step copies the parameters into fresh autograd leaves (so
 * gradients never accumulate across steps), records the forward pass, and applies AdamW only when the loss and
 * every gradient are finite.
 *
 * <p>Non-finite gradients: on this machine's libtorch 2.5.1 (CPU) about one backward pass in 150–300 returns NaN
 * gradients for all LoRA matrices below some layer while the loss and logits are finite, and recomputing the very
 * same step with the same parameters gives finite gradients (also with one OpenMP thread; see ADR 0015). So a
 * non-finite step is first recomputed (up to {@value #MAX_RECOMPUTATIONS} times), which keeps a run identical to
 * one without the fault; only if it stays non-finite is it skipped. {@link LoraTrainer} drives a session through
 * epochs; benchmarks time single steps. Not thread-safe; close it to free its native memory.
 */
public final class TrainingSession implements AutoCloseable {

    /** How often a step with a non-finite loss or gradient is recomputed before it is skipped. */
    public static final int MAX_RECOMPUTATIONS = 2;

    private final TaskClassifier classifier;
    private final LoraAdapter start;
    private final NDManager manager;
    private final List<NDArray> parameters;
    private final ResumableAdamW optimizer;
    private final boolean freezeA;
    /** The trained label embeddings by task (empty when they stay frozen), and their optimiser. */
    private final Map<String, NDArray> labels;
    private final ResumableAdamW labelOptimizer;

    /**
     * A session at {@code start}, tokenizing with the classifier's maximum length. With {@code freezeA} only the B
     * matrices are updated (LoRA-FA); the A matrices keep {@code start}'s values and get no weight decay.
     */
    public TrainingSession(TaskClassifier classifier, LoraAdapter start, double learningRate,
            double weightDecay, boolean freezeA) {
        this(classifier, start, learningRate, weightDecay, freezeA, 0);
    }

    /**
     * As above; with {@code labelLearningRate} &gt; 0 the label embeddings of every task of the classifier are
     * trained too (by their own AdamW, no weight decay), starting from {@code start}'s (or, where it carries none,
     * the frozen label-name prototypes), and {@link #snapshot} carries them. Only the encoder's prototype classifier
     * has label embeddings; a decoder's label words are scored by its frozen LM head, so there the label learning
     * rate does not apply and is ignored.
     */
    public TrainingSession(TaskClassifier classifier, LoraAdapter start, double learningRate,
            double weightDecay, boolean freezeA, double labelLearningRate) {
        this.classifier = classifier;
        this.start = start;
        this.freezeA = freezeA;
        this.manager = DjlRuntime.newManager();
        this.parameters = new ArrayList<>();
        LoraLayout layout = start.layout();
        for (int slot = 0; slot < layout.slots().size(); slot++) {
            LoraSlot s = layout.slots().get(slot);
            parameters.add(HostArrays.create(manager, start.a(slot), new Shape(s.inDim(), layout.rank()),
                    classifier.loraType()));
            parameters.add(HostArrays.create(manager, start.b(slot), new Shape(layout.rank(), s.outDim()),
                    classifier.loraType()));
        }
        this.optimizer = new ResumableAdamW(manager, (float) learningRate, (float) weightDecay);
        this.labels = new LinkedHashMap<>();
        if (labelLearningRate > 0 && classifier instanceof PrototypeClassifier prototypes) {
            for (String task : prototypes.prototypes().taskIds()) {
                float[][] initial = start.labels(task);
                if (initial == null) {
                    initial = prototypes.prototypes().of(task);
                }
                labels.put(task, HostArrays.create(manager, PrototypeClassifier.flatten(initial),
                        new Shape(initial.length, initial[0].length), prototypes.dataType()));
            }
            this.labelOptimizer = new ResumableAdamW(manager, (float) labelLearningRate, 0f);
        } else {
            this.labelOptimizer = null;
        }
    }

    /** One optimisation step on a batch (examples of any tasks). */
    public StepResult step(List<LabelledText> batch, Objective objective) {
        for (int recomputations = 0; recomputations <= MAX_RECOMPUTATIONS; recomputations++) {
            try (NDManager scope = manager.newSubManager()) {
                LoraTerms leaves = LoraTerms.leavesOf(start.layout(), start.scaling(), parameters, scope, freezeA);
                Map<String, NDArray> labelLeaves = new LinkedHashMap<>();
                labels.forEach((task, values) -> {
                    NDArray leaf = values.duplicate();
                    leaf.attach(scope);
                    leaf.setRequiresGradient(true);
                    labelLeaves.put(task, leaf);
                });
                double loss = record(scope, leaves, labelLeaves, batch, objective);
                List<NDArray> gradients = leaves.leaves().stream().map(NDArray::getGradient).toList();
                Map<String, NDArray> labelGradients = new LinkedHashMap<>();
                labelLeaves.forEach((task, leaf) -> labelGradients.put(task, leaf.getGradient()));
                if (Double.isFinite(loss) && gradients.stream().allMatch(HostArrays::allFinite)
                        && labelGradients.values().stream().allMatch(HostArrays::allFinite)) {
                    // parameters alternate A, B per slot; with A frozen only the B ones (odd) are leaves.
                    for (int g = 0; g < gradients.size(); g++) {
                        int k = freezeA ? 2 * g + 1 : g;
                        optimizer.update("lora." + k, parameters.get(k), gradients.get(g));
                    }
                    // a task absent from the batch has a zero gradient: AdamW's moments still decay, as for LoRA
                    labelGradients.forEach((task, gradient) ->
                            labelOptimizer.update("label." + task, labels.get(task), gradient));
                    return new StepResult(loss, true, recomputations);
                }
            }
        }
        return new StepResult(Double.NaN, false, MAX_RECOMPUTATIONS);
    }

    private double record(NDManager scope, LoraTerms leaves, Map<String, NDArray> labelLeaves,
            List<LabelledText> batch, Objective objective) {
        ReentrantLock lock = DjlRuntime.autogradLock();
        lock.lock();
        try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            List<String> taskIds = batch.stream().map(LabelledText::taskId).toList();
            TokenBatch tokens = classifier.tokenize(taskIds, batch.stream().map(LabelledText::text).toList());
            TaskScores scores = labelLeaves.isEmpty() ? classifier.score(scope, taskIds, tokens, leaves)
                    : ((PrototypeClassifier) classifier).score(scope, taskIds, tokens, leaves, labelLeaves);
            NDArray loss = objective.loss(scores, batch);
            collector.backward(loss);
            return HostArrays.doubles(loss)[0];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Everything a later session needs to continue this one exactly: the parameters, the label embeddings and both
     * optimisers' moments and counts, in host memory.
     */
    public SessionState state() {
        List<float[]> values = new ArrayList<>();
        for (NDArray parameter : parameters) {
            values.add(HostArrays.tensor(parameter).data());
        }
        Map<String, float[][]> labelValues = new LinkedHashMap<>();
        labels.forEach((task, array) -> labelValues.put(task, HostArrays.rows(array)));
        return new SessionState(values, labelValues, optimizer.state(),
                labelOptimizer == null ? null : labelOptimizer.state());
    }

    /** Continues from {@link #state()} of a session with the same start, settings and classifier. */
    public void restore(SessionState state) {
        if (state.parameters().size() != parameters.size() || state.labels().keySet().size() != labels.size()
                || !state.labels().keySet().containsAll(labels.keySet())) {
            throw new IllegalArgumentException("the saved training state does not fit this session's adapter");
        }
        Map<String, NDArray> byKey = new LinkedHashMap<>();
        for (int k = 0; k < parameters.size(); k++) {
            NDArray parameter = parameters.get(k);
            if (state.parameters().get(k).length != parameter.getShape().size()) {
                throw new IllegalArgumentException("the saved training state does not fit parameter " + k);
            }
            NDArray restored = HostArrays.create(manager, state.parameters().get(k), parameter.getShape(),
                    parameter.getDataType());
            parameters.set(k, restored);
            parameter.close();
            byKey.put("lora." + k, restored);
        }
        optimizer.restore(state.optimizer(), byKey);
        if (labelOptimizer != null) {
            Map<String, NDArray> labelsByKey = new LinkedHashMap<>();
            for (String task : List.copyOf(labels.keySet())) {
                NDArray array = labels.get(task);
                NDArray restored = HostArrays.create(manager, PrototypeClassifier.flatten(state.labels().get(task)),
                        array.getShape(), array.getDataType());
                labels.put(task, restored);
                array.close();
                labelsByKey.put("label." + task, restored);
            }
            labelOptimizer.restore(state.labelOptimizer(), labelsByKey);
        }
    }

    /** The current parameters as an adapter. */
    public LoraAdapter snapshot() {
        float[] values = new float[(int) start.layout().parameterCount()];
        int offset = 0;
        for (NDArray parameter : parameters) {
            try (NDArray asFloat = parameter.toType(DataType.FLOAT32, true)) {
                float[] part = asFloat.toFloatArray();
                System.arraycopy(part, 0, values, offset, part.length);
                offset += part.length;
            }
        }
        LoraAdapter adapter = start.withParameters(values);
        if (labels.isEmpty()) {
            return adapter;
        }
        Map<String, float[][]> current = new LinkedHashMap<>();
        labels.forEach((task, array) -> {
            try (NDArray asFloat = array.toType(DataType.FLOAT32, true)) {
                current.put(task, HostArrays.rows(asFloat));
            }
        });
        return adapter.withLabels(current);
    }

    @Override
    public void close() {
        manager.close();
    }
}
