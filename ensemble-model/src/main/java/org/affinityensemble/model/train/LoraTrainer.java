package org.affinityensemble.model.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.infer.Accuracy;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.TaskScores;

/**
 * Trains the LoRA parameters of one adapter (the base model stays frozen; the encoder's label embeddings train too
 * when the configuration gives them a learning rate) with DJL's
 * AdamW, on examples of any number of tasks mixed in every batch (each scored against its own task's labels).
 * Each epoch visits the training examples in an order shuffled by {@code Random(seed)}; a step whose loss or
 * gradients are not finite is recomputed, and skipped (counted, not applied) if it stays so (see
 * {@link TrainingSession}). After each epoch (and before the first) the
 * adapter is evaluated on the validation examples and the best checkpoint is kept. The same code serves the
 * trainer service and the benchmarks. Deterministic on CPU for a fixed seed and thread count. A trainer may be
 * shared by threads; their steps are serialised on {@link DjlRuntime#autogradLock()}.
 */
public final class LoraTrainer {

    private static final int EVALUATION_CHUNK = 64;

    private final TaskClassifier classifier;
    private final TrainingConfig config;

    public LoraTrainer(TaskClassifier classifier, TrainingConfig config) {
        this.classifier = classifier.withMaxLength(config.maxLength());
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Trains from {@code start} (usually {@link LoraAdapter#initialise}) and returns the best checkpoint. */
    public TrainingOutcome train(LoraAdapter start, List<LabelledText> train, List<LabelledText> validation,
            Objective objective) {
        return train(start, train, validation, objective, TrainingCheckpoints.NONE);
    }

    /**
     * As above, saving a {@link TrainingCheckpoint} to {@code checkpoints} after every epoch and, when they hold one of
     * this very run (same start, settings, objective and data sizes), resuming after its epoch: the session's
     * parameters and optimiser state are restored and the shuffling generator replays the finished epochs, so the
     * result is the one an uninterrupted run gives.
     */
    public TrainingOutcome train(LoraAdapter start, List<LabelledText> train, List<LabelledText> validation,
            Objective objective, TrainingCheckpoints checkpoints) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training needs training and validation examples");
        }
        String fingerprint = fingerprint(start, train, validation, objective);
        TrainingCheckpoint resumed = checkpoints.latest().flatMap(LoraTrainer::readable)
                .filter(checkpoint -> checkpoint.fingerprint().equals(fingerprint)).orElse(null);
        List<EpochReport> reports = new ArrayList<>();
        LoraAdapter best = start;
        LoraAdapter last = start;
        int bestEpoch = 0;
        try (TrainingSession session = new TrainingSession(classifier, start, config.learningRate(),
                config.weightDecay(), config.freezeA(), config.labelLearningRate())) {
            Random random = new Random(config.seed());
            List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
            int firstEpoch = 1;
            if (resumed == null) {
                reports.add(evaluate(0, start, validation, objective, Double.NaN, 0, 0, 0));
            } else {
                session.restore(resumed.session());
                reports.addAll(resumed.reports());
                bestEpoch = resumed.bestEpoch();
                best = resumed.best(start);
                last = session.snapshot();
                for (int epoch = 1; epoch <= resumed.epoch(); epoch++) {
                    Collections.shuffle(order, random);
                }
                firstEpoch = resumed.epoch() + 1;
            }
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                Collections.shuffle(order, random);
                double lossSum = 0;
                int steps = 0;
                int skipped = 0;
                int recomputed = 0;
                for (int from = 0; from < order.size(); from += config.batchSize()) {
                    List<LabelledText> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()))
                            .stream().map(train::get).toList();
                    StepResult result = session.step(batch, objective);
                    recomputed += result.recomputations();
                    if (result.applied()) {
                        lossSum += result.loss();
                        steps++;
                    } else {
                        skipped++;
                    }
                }
                LoraAdapter current = session.snapshot();
                last = current;
                EpochReport report = evaluate(epoch, current, validation, objective,
                        steps == 0 ? Double.NaN : lossSum / steps, steps, skipped, recomputed);
                reports.add(report);
                if (isBetter(report, reports.get(bestEpoch), objective)) {
                    best = current;
                    bestEpoch = epoch;
                }
                if (checkpoints != TrainingCheckpoints.NONE) {
                    checkpoints.save(new TrainingCheckpoint(epoch, session.state(), best.parameters(),
                            labelsOf(best), bestEpoch, reports, fingerprint).toBytes());
                }
            }
        }
        return new TrainingOutcome(best, bestEpoch, last, reports, resumed == null ? 0 : resumed.epoch());
    }

    /** A checkpoint that cannot be read (cut short, another format) is not resumed from. */
    private static Optional<TrainingCheckpoint> readable(byte[] bytes) {
        try {
            return Optional.of(TrainingCheckpoint.fromBytes(bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, float[][]> labelsOf(LoraAdapter adapter) {
        Map<String, float[][]> labels = new LinkedHashMap<>();
        adapter.labelledTasks().forEach(task -> labels.put(task, adapter.labels(task)));
        return labels;
    }

    /** What a checkpoint must have been saved under to be resumed from. */
    private String fingerprint(LoraAdapter start, List<LabelledText> train, List<LabelledText> validation,
            Objective objective) {
        return String.join("|", config.toString(), objective.getClass().getSimpleName(),
                Integer.toString(train.size()), Integer.toString(validation.size()),
                Long.toString(start.layout().parameterCount()), Integer.toString(Arrays.hashCode(start.parameters())));
    }

    private EpochReport evaluate(int epoch, LoraAdapter adapter, List<LabelledText> validation, Objective objective,
            double trainLoss, int steps, int skipped, int recomputed) {
        float[][] logits = new float[validation.size()][];
        double lossSum = 0;
        for (int from = 0; from < validation.size(); from += EVALUATION_CHUNK) {
            List<LabelledText> chunk = validation.subList(from, Math.min(validation.size(), from + EVALUATION_CHUNK));
            try (NDManager scope = DjlRuntime.newManager()) {
                List<String> taskIds = chunk.stream().map(LabelledText::taskId).toList();
                TaskScores scores = classifier.score(scope, taskIds,
                        classifier.tokenize(taskIds, chunk.stream().map(LabelledText::text).toList()),
                        LoraTerms.of(adapter, scope, classifier.loraType()), adapter);
                float[][] rows = scores.taskLogits();
                System.arraycopy(rows, 0, logits, from, rows.length);
                lossSum += HostArrays.doubles(objective.loss(scores, chunk))[0] * chunk.size();
            }
        }
        Map<String, Double> byTask = Accuracy.perTask(validation, logits);
        return new EpochReport(epoch, trainLoss, Accuracy.meanOverTasks(byTask), byTask,
                lossSum / validation.size(), steps, skipped, recomputed);
    }

    private static boolean isBetter(EpochReport candidate, EpochReport incumbent, Objective objective) {
        return objective.selectsByAccuracy() ? candidate.validationAccuracy() > incumbent.validationAccuracy()
                : candidate.validationLoss() < incumbent.validationLoss();
    }
}
