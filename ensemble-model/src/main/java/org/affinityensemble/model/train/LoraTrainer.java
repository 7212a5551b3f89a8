package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import org.affinityensemble.model.classify.LabelScores;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.infer.Accuracy;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * Trains the LoRA parameters of one adapter (the base encoder and the label prototypes stay frozen) with DJL's
 * AdamW, on examples of any number of tasks mixed in every batch (each scored against its own task's labels).
 * Each epoch visits the training examples in an order shuffled by {@code Random(seed)}; a step whose loss or
 * gradients are not finite is skipped and counted, not applied. After each epoch (and before the first) the
 * adapter is evaluated on the validation examples and the best checkpoint is kept. The same code serves the
 * trainer service and the benchmarks. Deterministic on CPU for a fixed seed and thread count. A trainer may be
 * shared by threads; their steps are serialised on {@link DjlRuntime#autogradLock()}.
 */
public final class LoraTrainer {

    private static final int EVALUATION_CHUNK = 64;

    private final PrototypeClassifier classifier;
    private final TrainingConfig config;

    public LoraTrainer(PrototypeClassifier classifier, TrainingConfig config) {
        this.classifier = classifier.withMaxLength(config.maxLength());
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Trains from {@code start} (usually {@link LoraAdapter#initialise}) and returns the best checkpoint. */
    public TrainingOutcome train(LoraAdapter start, List<LabelledText> train, List<LabelledText> validation,
            Objective objective) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training needs training and validation examples");
        }
        List<EpochReport> reports = new ArrayList<>();
        reports.add(evaluate(0, start, validation, objective, Double.NaN, 0, 0));
        LoraAdapter best = start;
        LoraAdapter last = start;
        int bestEpoch = 0;
        try (NDManager manager = DjlRuntime.newManager()) {
            List<NDArray> parameters = parameterArrays(start, manager);
            Optimizer optimizer = Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .optWeightDecays((float) config.weightDecay())
                    .build();
            Random random = new Random(config.seed());
            List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                Collections.shuffle(order, random);
                double lossSum = 0;
                int steps = 0;
                int skipped = 0;
                for (int from = 0; from < order.size(); from += config.batchSize()) {
                    List<LabelledText> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()))
                            .stream().map(train::get).toList();
                    double loss = step(start, parameters, optimizer, batch, objective);
                    if (Double.isNaN(loss)) {
                        skipped++;
                    } else {
                        lossSum += loss;
                        steps++;
                    }
                }
                LoraAdapter current = snapshot(start, parameters);
                last = current;
                EpochReport report = evaluate(epoch, current, validation, objective,
                        steps == 0 ? Double.NaN : lossSum / steps, steps, skipped);
                reports.add(report);
                if (isBetter(report, reports.get(bestEpoch), objective)) {
                    best = current;
                    bestEpoch = epoch;
                }
            }
        }
        return new TrainingOutcome(best, bestEpoch, last, reports);
    }

    /**
     * One optimisation step on a batch; returns its loss, or NaN when the loss or a gradient was not finite and
     * the step was skipped.
     */
    double step(LoraAdapter shape, List<NDArray> parameters, Optimizer optimizer, List<LabelledText> batch,
            Objective objective) {
        try (NDManager scope = parameters.get(0).getManager().newSubManager()) {
            LoraTerms leaves = LoraTerms.leavesOf(shape.layout(), shape.scaling(), parameters, scope);
            double loss;
            ReentrantLock lock = DjlRuntime.autogradLock();
            lock.lock();
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                LabelScores scores = classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(),
                        classifier.tokenize(batch.stream().map(LabelledText::text).toList()), leaves);
                NDArray lossArray = objective.loss(scores, batch);
                collector.backward(lossArray);
                loss = HostArrays.doubles(lossArray)[0];
            } finally {
                lock.unlock();
            }
            List<NDArray> gradients = leaves.leaves().stream().map(NDArray::getGradient).toList();
            double squaredNorm = 0;
            for (NDArray gradient : gradients) {
                squaredNorm += HostArrays.doubles(gradient.square().sum())[0];
            }
            if (!Double.isFinite(loss) || !Double.isFinite(squaredNorm)) {
                return Double.NaN;
            }
            for (int k = 0; k < parameters.size(); k++) {
                optimizer.update("lora." + k, parameters.get(k), gradients.get(k));
            }
            return loss;
        }
    }

    private List<NDArray> parameterArrays(LoraAdapter adapter, NDManager manager) {
        LoraLayout layout = adapter.layout();
        List<NDArray> arrays = new ArrayList<>();
        for (int slot = 0; slot < layout.slots().size(); slot++) {
            LoraSlot s = layout.slots().get(slot);
            arrays.add(HostArrays.create(manager, adapter.a(slot), new Shape(s.inDim(), layout.rank()),
                    classifier.dataType()));
            arrays.add(HostArrays.create(manager, adapter.b(slot), new Shape(layout.rank(), s.outDim()),
                    classifier.dataType()));
        }
        return arrays;
    }

    private static LoraAdapter snapshot(LoraAdapter shape, List<NDArray> parameters) {
        float[] values = new float[(int) shape.layout().parameterCount()];
        int offset = 0;
        for (NDArray parameter : parameters) {
            try (NDArray asFloat = parameter.toType(DataType.FLOAT32, true)) {
                float[] part = asFloat.toFloatArray();
                System.arraycopy(part, 0, values, offset, part.length);
                offset += part.length;
            }
        }
        return shape.withParameters(values);
    }

    private EpochReport evaluate(int epoch, LoraAdapter adapter, List<LabelledText> validation, Objective objective,
            double trainLoss, int steps, int skipped) {
        float[][] logits = new float[validation.size()][];
        double lossSum = 0;
        for (int from = 0; from < validation.size(); from += EVALUATION_CHUNK) {
            List<LabelledText> chunk = validation.subList(from, Math.min(validation.size(), from + EVALUATION_CHUNK));
            try (NDManager scope = DjlRuntime.newManager()) {
                LabelScores scores = classifier.score(scope, chunk.stream().map(LabelledText::taskId).toList(),
                        classifier.tokenize(chunk.stream().map(LabelledText::text).toList()),
                        LoraTerms.of(adapter, scope, classifier.dataType()));
                float[][] rows = scores.toRows();
                System.arraycopy(rows, 0, logits, from, rows.length);
                lossSum += HostArrays.doubles(objective.loss(scores, chunk))[0] * chunk.size();
            }
        }
        Map<String, Double> byTask = Accuracy.perTask(validation, logits);
        return new EpochReport(epoch, trainLoss, Accuracy.meanOverTasks(byTask), byTask,
                lossSum / validation.size(), steps, skipped);
    }

    private static boolean isBetter(EpochReport candidate, EpochReport incumbent, Objective objective) {
        return objective.selectsByAccuracy() ? candidate.validationAccuracy() > incumbent.validationAccuracy()
                : candidate.validationLoss() < incumbent.validationLoss();
    }
}
