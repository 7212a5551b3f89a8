package org.affinityensemble.model.train;

import java.util.Map;

/**
 * One epoch of a training run (epoch 0 = the starting adapter, before any step): mean training loss of its
 * applied steps (NaN for epoch 0), mean validation accuracy over tasks, per-task validation accuracy, mean
 * validation loss of the objective, and the steps applied and skipped as non-finite.
 */
public record EpochReport(int epoch, double trainLoss, double validationAccuracy,
        Map<String, Double> validationAccuracyByTask, double validationLoss, int steps, int skippedSteps) {

    public EpochReport {
        validationAccuracyByTask = Map.copyOf(validationAccuracyByTask);
    }
}
