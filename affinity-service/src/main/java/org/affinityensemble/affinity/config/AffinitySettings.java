package org.affinityensemble.affinity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.affinityensemble.affinity.EstimatorKind;
import org.affinityensemble.affinity.TrajectoryCalibration;

/**
 * How the affinity matrix is estimated ({@code ensemble.affinity.*}). What the estimator must know about training
 * (the trainer's epochs, learning rate, weight decay, batch size and seed; where gradients were taken and whether A
 * is frozen) is not configured here: it arrives with the gradients ({@code TrainingSchedule}, {@code StartAdapter}).
 */
@ConfigMapping(prefix = "ensemble.affinity")
public interface AffinitySettings {

    /** Seed of the subset sampling: the same seed and tasks give the same subsets and matrix. */
    @WithDefault("7")
    long seed();

    /**
     * How many task subsets the surrogate estimates (the method's default 50, {@code SamplingPolicy}); more subsets
     * average each pair's entry over more of them (docs/affinity.md: at 150 the twin benchmark's groups are its
     * twins exactly). Estimates already made are reused when the count grows.
     */
    @WithDefault("50")
    int subsets();

    /**
     * Subsets every pair of tasks must share where that many distinct subsets exist; more than {@link #subsets()}
     * are sampled until it does (ADR 0125: an entry of the matrix is a mean over them; with 10 every twin ranks its
     * twin first and the ten tasks' family partners rank above their rows' median, docs/affinity.md). Applies to
     * subsets planned from now on.
     */
    @WithDefault("10")
    int minPairCoverage();

    /**
     * How a subset is estimated ({@link EstimatorKind}): {@code ridge}, {@code trajectory}, or {@code auto} (the
     * trajectory for gradients taken at a meta-initialisation with A frozen after it, the ridge otherwise).
     * Estimates of one are never reused for the other.
     */
    @WithDefault("auto")
    EstimatorKind estimator();

    /** λ of the L2-regularised surrogate. */
    @WithDefault("5e-3")
    double lambda();

    Trajectory trajectory();

    /** Threads estimating subsets in parallel (the matrix does not depend on it). */
    @WithDefault("2")
    int threads();

    /** Gradients up to this size are loaded into memory for an estimation; larger sets are streamed. */
    @WithDefault("512")
    int memoryBudgetMb();

    /** Rows per database page when gradients are streamed. */
    @WithDefault("512")
    int pageSize();

    /** How long a completion waits for all its gradient batches to be stored. */
    @WithDefault("PT5M")
    java.time.Duration gradientWait();

    /**
     * How long a gradient message waits for its dataset's announcement on {@code ensemble.datasets.ready} before it is
     * rejected as a message of an unknown dataset.
     */
    @WithDefault("PT1M")
    java.time.Duration datasetWait();

    /** {@code ensemble.affinity.trajectory.*}: the trajectory estimator's calibration. */
    interface Trajectory {

        /**
         * The projected coordinates' learning rate over the trainer's, by the trainer's epochs
         * ({@code epochs=factor,...}, or one number for every schedule), calibrated by {@code bin/ensemble bench
         * estimate} ({@link TrajectoryCalibration#DEFAULT}).
         */
        @WithDefault("1=3.16,2=2.37")
        String learningRateFactors();

        default TrajectoryCalibration calibration() {
            return TrajectoryCalibration.parse(learningRateFactors());
        }
    }
}
