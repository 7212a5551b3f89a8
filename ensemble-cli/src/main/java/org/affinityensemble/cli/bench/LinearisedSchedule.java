package org.affinityensemble.cli.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.affinity.domain.LinearisedTraining;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.train.TrainingConfig;

/**
 * {@link LinearisedTraining} over the benchmark's examples, addressed by their texts: the training texts in the
 * order the trainer gets them, the trainer's {@link TrainingConfig}, each task's mean validation loss at the end.
 */
final class LinearisedSchedule {

    private final Map<LabelledText, Integer> rowOf;
    private final LinearisedTraining training;

    /**
     * @param texts the example of each row
     * @param f0    h at the start, per row
     * @param rows  the features, per row
     * @param scale a factor per coordinate, or null for none
     */
    LinearisedSchedule(List<LabelledText> texts, double[] f0, float[][] rows, float[] scale) {
        if (texts.size() != rows.length) {
            throw new IllegalArgumentException("one feature row per text");
        }
        this.training = new LinearisedTraining(f0, rows, scale);
        this.rowOf = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            rowOf.put(texts.get(i), i);
        }
    }

    /** The trainer's schedule in {@link LinearisedTraining}'s terms. */
    static LinearisedTraining.Schedule schedule(TrainingConfig config) {
        return new LinearisedTraining.Schedule(config.epochs(), config.learningRate(), config.weightDecay(),
                config.batchSize(), config.seed());
    }

    /**
     * The per-task mean validation loss after running the schedule over {@code train}.
     *
     * @param start the parameters at the start in the features' coordinates, or null for 0
     */
    Map<String, Double> validationLosses(List<LabelledText> train, List<LabelledText> validation,
            TrainingConfig config, LinearisedTraining.Rule rule, double[] start) {
        double[] change = training.run(train.stream().mapToInt(this::row).toArray(), schedule(config), rule, start);
        double[] logOdds = validation.stream().mapToInt(this::row).mapToDouble(row -> training.logOdds(row, change))
                .toArray();
        return ValidationLosses.meanLossPerTask(validation, logOdds);
    }

    /** {@link LinearisedTraining#adamRate} over {@code train}. */
    double adamRate(List<LabelledText> train, int batchSize) {
        return training.adamRate(train.stream().mapToInt(this::row).toArray(), batchSize);
    }

    private int row(LabelledText text) {
        Integer row = rowOf.get(text);
        if (row == null) {
            throw new IllegalArgumentException("no features for an example of " + text.taskId());
        }
        return row;
    }
}
