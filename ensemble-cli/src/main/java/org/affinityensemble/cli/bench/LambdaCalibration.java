package org.affinityensemble.cli.bench;

import java.util.List;
import org.affinityensemble.affinity.domain.GradientSource;
import org.affinityensemble.affinity.domain.TaskSubset;

/**
 * Chooses the surrogate's ridge weight λ once, on held-out subsets that were fine-tuned for real but are not
 * among the evaluated ones: the λ with the least mean relative error of the estimated per-task validation
 * losses, searched on a grid of log10 λ from −5 to 1 in steps of ½ and then refined in steps of ⅛ around the
 * best grid point. λ plays the part of the amount of fine-tuning (learning rate × steps), which the linearised
 * model cannot know by itself.
 */
public final class LambdaCalibration {

    static final double COARSE_FROM = -5;
    static final double COARSE_TO = 1;
    static final double COARSE_STEP = 0.5;
    static final double FINE_STEP = 0.125;

    private LambdaCalibration() {
    }

    /** The λ chosen, its mean relative error on the held-out subsets and the number of λ values tried. */
    public record Choice(double lambda, double relativeError, int tried) {
    }

    public static Choice choose(List<RealFineTuning.Outcome> heldOut, GradientSource source, int threads) {
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException("calibration needs held-out subsets");
        }
        List<TaskSubset> subsets = heldOut.stream().map(RealFineTuning.Outcome::subset).toList();
        double bestExponent = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        int tried = 0;
        for (double exponent = COARSE_FROM; exponent <= COARSE_TO + 1e-9; exponent += COARSE_STEP) {
            double error = error(heldOut, subsets, source, Math.pow(10, exponent), threads);
            tried++;
            if (error < bestError) {
                bestError = error;
                bestExponent = exponent;
            }
        }
        double centre = bestExponent;
        for (double offset = -COARSE_STEP + FINE_STEP; offset < COARSE_STEP - 1e-9; offset += FINE_STEP) {
            if (offset == 0) {
                continue;
            }
            double error = error(heldOut, subsets, source, Math.pow(10, centre + offset), threads);
            tried++;
            if (error < bestError) {
                bestError = error;
                bestExponent = centre + offset;
            }
        }
        return new Choice(Math.pow(10, bestExponent), bestError, tried);
    }

    private static double error(List<RealFineTuning.Outcome> heldOut, List<TaskSubset> subsets,
            GradientSource source, double lambda, int threads) {
        SurrogateRun.Result result = SurrogateRun.estimate(subsets, source, lambda, threads);
        return EstimationMetrics.meanRelativeError(LossPair.of(heldOut, result::loss));
    }
}
