package org.affinityensemble.trainer.entity;

/**
 * How an ensemble version does on one task: validation accuracy (where the weights were learned), the zero-shot
 * model's validation accuracy, test accuracy (null without a test split) and the example counts; and, on the same
 * splits, the linear probe on the frozen encoder's embeddings that the ensemble must beat (validation and test
 * accuracy; null in builds from before it was measured, test null without a test split).
 */
public record TaskResult(double validationAccuracy, double zeroShotValidationAccuracy, Double testAccuracy,
        int validationExamples, int testExamples, Double probeValidationAccuracy, Double probeTestAccuracy) {
}
