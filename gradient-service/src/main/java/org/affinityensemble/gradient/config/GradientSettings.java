package org.affinityensemble.gradient.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The projection and batching of the gradient workers ({@code ensemble.gradients.*}). */
@ConfigMapping(prefix = "ensemble.gradients")
public interface GradientSettings {

    /** d: the dimension gradients are projected to. */
    @WithDefault("400")
    int dim();

    /** The seed of the ±1/√d projection; every worker must use the same. */
    @WithDefault("42")
    long seed();

    /** Examples per batched backward pass. */
    @WithDefault("16")
    int batchSize();

    /** p is clipped to [ε, 1-ε] before h = log(p/(1-p)). */
    @WithDefault("1e-6")
    double clip();
}
