package org.affinityensemble.bench;

import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import org.affinityensemble.affinity.EstimatorChoice;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.SubsetEstimator;
import org.affinityensemble.affinity.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.TaskSubset;
import org.affinityensemble.events.TrainingSchedule;

/**
 * Chooses a surrogate's one free setting once, on held-out subsets that were fine-tuned for real but are not among
 * the evaluated ones: the value with the least mean relative error of the estimated per-task validation losses,
 * searched on a grid of its log10 in steps of ½ and then refined in steps of ⅛ around the best grid point. For the
 * ridge it is λ, which plays the part of the amount of fine-tuning (learning rate × steps) that the linearised
 * model cannot know by itself; for the trajectory it is the factor on the trainer's learning rate that the
 * projected coordinates need.
 */
public final class Calibration {

    static final double COARSE_STEP = 0.5;
    static final double FINE_STEP = 0.125;
    /** log10 λ from −5 to 1. */
    static final double LAMBDA_FROM = -5;
    static final double LAMBDA_TO = 1;
    /** log10 of the learning-rate factor from −1 to 3. */
    static final double FACTOR_FROM = -1;
    static final double FACTOR_TO = 3;

    private Calibration() {
    }

    /** The value chosen, its mean relative error on the held-out subsets and the number of values tried. */
    public record Choice(double value, double relativeError, int tried) {
    }

    /** λ of the ridge surrogate ({@link SurrogateSubsetEstimator}). */
    public static Choice lambda(List<RealFineTuning.Outcome> heldOut, GradientSource source, int threads) {
        return choose(heldOut, source, threads, LAMBDA_FROM, LAMBDA_TO, SurrogateSubsetEstimator::new);
    }

    /** The learning-rate factor of the trajectory surrogate ({@link EstimatorChoice#trajectory}) on {@code schedule}. */
    public static Choice learningRateFactor(List<RealFineTuning.Outcome> heldOut, GradientSource source,
            TrainingSchedule schedule, int threads) {
        return choose(heldOut, source, threads, FACTOR_FROM, FACTOR_TO,
                factor -> EstimatorChoice.trajectory(schedule, factor).estimator());
    }

    private static Choice choose(List<RealFineTuning.Outcome> heldOut, GradientSource source, int threads,
            double from, double to, DoubleFunction<SubsetEstimator> estimatorAt) {
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException("calibration needs held-out subsets");
        }
        List<TaskSubset> subsets = heldOut.stream().map(RealFineTuning.Outcome::subset).toList();
        return search(from, to, exponent -> {
            SurrogateRun.Result result = SurrogateRun.estimate(subsets, source,
                    estimatorAt.apply(Math.pow(10, exponent)), threads);
            return EstimationMetrics.meanRelativeError(LossPair.of(heldOut, result::loss));
        });
    }

    /**
     * The grid search itself: the value 10^e with the least {@code errorAt(e)}, e from {@code from} to {@code to} in
     * steps of ½, then within ±½ of the best in steps of ⅛.
     */
    static Choice search(double from, double to, DoubleUnaryOperator errorAt) {
        double bestExponent = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        int tried = 0;
        for (double exponent = from; exponent <= to + 1e-9; exponent += COARSE_STEP) {
            double error = errorAt.applyAsDouble(exponent);
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
            double error = errorAt.applyAsDouble(centre + offset);
            tried++;
            if (error < bestError) {
                bestError = error;
                bestExponent = centre + offset;
            }
        }
        return new Choice(Math.pow(10, bestExponent), bestError, tried);
    }
}
