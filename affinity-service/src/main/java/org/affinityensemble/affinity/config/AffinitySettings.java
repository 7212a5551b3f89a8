package org.affinityensemble.affinity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the affinity matrix is estimated ({@code ensemble.affinity.*}). */
@ConfigMapping(prefix = "ensemble.affinity")
public interface AffinitySettings {

    /** Seed of the subset sampling: the same seed and tasks give the same subsets and matrix. */
    @WithDefault("7")
    long seed();

    /** λ of the L2-regularised surrogate. */
    @WithDefault("5e-3")
    double lambda();

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
}
