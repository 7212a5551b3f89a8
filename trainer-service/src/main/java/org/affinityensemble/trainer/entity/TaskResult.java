package org.affinityensemble.trainer.entity;

/**
 * How an ensemble version does on one task: validation accuracy (where the weights were learned), the zero-shot
 * model's validation accuracy, test accuracy (null without a test split) and the example counts.
 */
public record TaskResult(double validationAccuracy, double zeroShotValidationAccuracy, Double testAccuracy,
        int validationExamples, int testExamples) {
}
