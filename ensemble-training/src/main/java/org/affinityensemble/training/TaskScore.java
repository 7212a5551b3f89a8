package org.affinityensemble.training;

/**
 * How an ensemble does on one task: accuracy and mean cross-entropy on the validation split (where the weights
 * were learned, so optimistic), accuracy on the test split (NaN without one), the zero-shot model's validation
 * accuracy for comparison, and the example counts.
 */
public record TaskScore(double validationAccuracy, double validationLoss, double testAccuracy,
        double zeroShotValidationAccuracy, int validationExamples, int testExamples) {

    /** The standard error sqrt(a(1−a)/n) of the test accuracy (NaN without test examples). */
    public double testStandardError() {
        return testExamples == 0 ? Double.NaN : Math.sqrt(testAccuracy * (1 - testAccuracy) / testExamples);
    }
}
