package org.affinityensemble.training;

import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.model.probe.LinearProbe;

/**
 * The linear probe as the last member of a served ensemble (issue #19, ADR 0124): per task, the scores
 * (1 − α)·log softmax(z_ens) + α·log p_probe ({@link LinearProbe#mixed}), with α chosen on the validation examples
 * from {@link #GRID} by the mixture's validation cross-entropy (ties: the smaller α). α = 0 serves the adapters
 * alone; α = 1 the probe alone, where it is the better predictor of the task. As a boosting adapter, the probe joins
 * only when it lowers the task's validation cross-entropy by at least {@link EnsembleProcedure#MIN_LOSS_GAIN}: it
 * costs a forward pass per request, and a smaller gain is noise.
 */
public final class ProbeMixture {

    public static final double[] GRID = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    private ProbeMixture() {
    }

    /** The chosen α and the mixture's validation and test accuracy. */
    public record Choice(double alpha, double validationAccuracy, double validationLoss, double testAccuracy) {
    }

    /** A task's probe and its weight α > 0 in the task's served prediction. */
    public record Member(double alpha, LinearProbe probe) {

        public Member {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("a probe member's weight must be in (0, 1], not " + alpha);
            }
        }
    }

    public static Choice choose(double[][] ensembleValidation, double[][] probeValidation, int[] validationLabels,
            double[][] ensembleTest, double[][] probeTest, int[] testLabels) {
        double bestAlpha = Double.NaN;
        double bestLoss = Double.NaN;
        double alone = Double.NaN; // the loss at α = 0, the grid's first point
        for (double alpha : GRID) {
            double loss = Softmax.meanCrossEntropy(LinearProbe.mixed(ensembleValidation, probeValidation, alpha),
                    validationLabels);
            if (alpha == 0) {
                alone = loss;
            }
            if (Double.isNaN(bestAlpha) || loss < bestLoss - 1e-12) {
                bestAlpha = alpha;
                bestLoss = loss;
            }
        }
        if (alone - bestLoss < EnsembleProcedure.MIN_LOSS_GAIN) {
            bestAlpha = 0;
            bestLoss = alone;
        }
        // the accuracies of the chosen α only: the test split plays no part in the choice
        return new Choice(bestAlpha,
                Softmax.accuracy(LinearProbe.mixed(ensembleValidation, probeValidation, bestAlpha), validationLabels),
                bestLoss, testLabels.length == 0 ? Double.NaN
                        : Softmax.accuracy(LinearProbe.mixed(ensembleTest, probeTest, bestAlpha), testLabels));
    }
}
