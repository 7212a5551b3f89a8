package org.affinityensemble.model.train;

import java.util.Map;

/**
 * One epoch of a training run (epoch 0 = the starting adapter, before any step): mean training loss of its
 * applied steps (NaN for epoch 0), mean validation accuracy over tasks, per-task validation accuracy, mean
 * validation loss of the objective, the steps applied, the steps skipped as non-finite, and the recomputations of
 * steps whose first pass was non-finite.
 */
public record EpochReport(int epoch, double trainLoss, double validationAccuracy,
        Map<String, Double> validationAccuracyByTask, double validationLoss, int steps, int skippedSteps,
        int recomputedSteps) {

    public EpochReport {
        validationAccuracyByTask = Map.copyOf(validationAccuracyByTask);
    }
}
