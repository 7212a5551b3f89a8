package org.affinityensemble.affinity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the affinity matrix is estimated ({@code ensemble.affinity.*}). */
@ConfigMapping(prefix = "ensemble.affinity")
public interface AffinitySettings {

    /** Seed of the subset sampling: the same seed and tasks give the same subsets and matrix. */
    @WithDefault("7")
    long seed();

    /**
     * How a subset is estimated: {@code ridge}, the method's L2-regularised logistic regression with weight
     * {@link #lambda()}; {@code trajectory}, the trainer's schedule run in the projected coordinates
     * ({@link #trajectory()}, ADR 0045); or {@code auto}, the trajectory for gradients taken at a
     * meta-initialisation with A frozen after it (where the update is linear in what is trained, ADR 0047) and the
     * ridge otherwise. Estimates of one are never reused for the other.
     */
    @WithDefault("auto")
    Estimator estimator();

    /** λ of the L2-regularised surrogate. */
    @WithDefault("5e-3")
    double lambda();

    /** The schedule of the {@code trajectory} estimator: set it to the trainer's ({@code ensemble.trainer.*}). */
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

    /** The subset estimators, and the choice between them by where the gradients were taken. */
    enum Estimator { AUTO, RIDGE, TRAJECTORY }

    /** {@code ensemble.affinity.trajectory.*}: the trainer's defaults, and the calibrated learning-rate factor. */
    interface Trajectory {

        /** The trainer's epochs of a run ({@code ensemble.trainer.epochs}). */
        @WithDefault("2")
        int epochs();

        /** The trainer's AdamW learning rate. */
        @WithDefault("1e-3")
        double learningRate();

        /**
         * The projected coordinates' learning rate over the trainer's, calibrated by {@code bin/ensemble bench
         * estimate} (docs/affinity.md) at d = 400 for the trainer's 2 epochs from a meta-initialisation with A
         * frozen after it, the regime {@code auto} uses it in (3.16 for one epoch).
         */
        @WithDefault(DEFAULT_LEARNING_RATE_FACTOR)
        double learningRateFactor();

        /** {@link #learningRateFactor()}'s default, also the benchmarks'. */
        String DEFAULT_LEARNING_RATE_FACTOR = "2.37";

        @WithDefault("0.01")
        double weightDecay();

        @WithDefault("16")
        int batchSize();

        /** The shuffle seed. */
        @WithDefault("1")
        long seed();
    }
}
