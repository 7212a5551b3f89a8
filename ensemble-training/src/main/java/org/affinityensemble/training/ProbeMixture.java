package org.affinityensemble.training;

import org.affinityensemble.model.infer.Softmax;

/**
 * An ensemble's prediction mixed with the linear probe's (issue #19): per task, the scores
 * (1 − α)·log softmax(z_ens) + α·log p_probe, with α chosen on the validation examples from {@link #GRID} by the
 * mixture's validation cross-entropy (ties: the smaller α).
 */
public final class ProbeMixture {

    public static final double[] GRID = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    private ProbeMixture() {
    }

    /** The chosen α and the mixture's validation and test accuracy. */
    public record Choice(double alpha, double validationAccuracy, double validationLoss, double testAccuracy) {
    }

    public static Choice choose(double[][] ensembleValidation, double[][] probeValidation, int[] validationLabels,
            double[][] ensembleTest, double[][] probeTest, int[] testLabels) {
        double bestAlpha = Double.NaN;
        double bestLoss = Double.NaN;
        for (double alpha : GRID) {
            double loss = Softmax.meanCrossEntropy(mix(ensembleValidation, probeValidation, alpha), validationLabels);
            if (Double.isNaN(bestAlpha) || loss < bestLoss - 1e-12) {
                bestAlpha = alpha;
                bestLoss = loss;
            }
        }
        // the accuracies of the chosen α only: the test split plays no part in the choice
        return new Choice(bestAlpha,
                Softmax.accuracy(mix(ensembleValidation, probeValidation, bestAlpha), validationLabels), bestLoss,
                testLabels.length == 0 ? Double.NaN
                        : Softmax.accuracy(mix(ensembleTest, probeTest, bestAlpha), testLabels));
    }

    /** (1 − α)·log softmax(logits) + α·probeLogProbabilities, row by row. */
    static double[][] mix(double[][] logits, double[][] probeLogProbabilities, double alpha) {
        if (logits.length != probeLogProbabilities.length) {
            throw new IllegalArgumentException(logits.length + " ensemble rows for " + probeLogProbabilities.length
                    + " probe rows");
        }
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double[] p = Softmax.probabilities(logits[i]);
            out[i] = new double[p.length];
            for (int l = 0; l < p.length; l++) {
                out[i][l] = (1 - alpha) * Math.log(Math.max(p[l], 1e-12)) + alpha * probeLogProbabilities[i][l];
            }
        }
        return out;
    }
}
