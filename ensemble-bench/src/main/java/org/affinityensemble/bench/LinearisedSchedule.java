package org.affinityensemble.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.affinityensemble.affinity.LinearisedTraining;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.train.TrainingConfig;

/**
 * {@link LinearisedTraining} over the benchmark's examples, addressed by their texts: the training texts in the
 * order the trainer gets them, the trainer's {@link TrainingConfig}, each task's mean validation loss at the end.
 */
final class LinearisedSchedule {

    private final ExampleRows examples;
    private final LinearisedTraining training;

    /**
     * @param examples the example of each row
     * @param f0       h at the start, per row
     * @param rows     the features, per row
     * @param scale    a factor per coordinate, or null for none
     */
    LinearisedSchedule(ExampleRows examples, double[] f0, float[][] rows, float[] scale) {
        if (examples.size() != rows.length) {
            throw new IllegalArgumentException("one feature row per example");
        }
        this.training = new LinearisedTraining(f0, rows, scale);
        this.examples = examples;
    }

    /** The trainer's schedule in {@link LinearisedTraining}'s terms. */
    static LinearisedTraining.Schedule schedule(TrainingConfig config) {
        return LinearisedTraining.Schedule.of(config.schedule());
    }

    /**
     * The per-task mean validation loss after running the schedule over {@code train}.
     *
     * @param start the parameters at the start in the features' coordinates, or null for 0
     */
    Map<String, Double> validationLosses(List<LabelledText> train, List<LabelledText> validation,
            TrainingConfig config, LinearisedTraining.Rule rule, double[] start) {
        double[] change = training.run(examples.rows(train), schedule(config), rule, start);
        double[] logOdds = Arrays.stream(examples.rows(validation))
                .mapToDouble(row -> training.logOdds(row, change)).toArray();
        return ValidationLosses.meanLossPerTask(validation, logOdds);
    }

    /** {@link LinearisedTraining#adamRate} over {@code train}. */
    double adamRate(List<LabelledText> train, int batchSize) {
        return training.adamRate(examples.rows(train), batchSize);
    }
}
