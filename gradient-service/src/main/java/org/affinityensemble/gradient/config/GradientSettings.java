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

    /**
     * Padded tokens (examples × longest prompt) per batched backward pass at most: a batch of long prompts gets
     * fewer examples, down to one. 0: no limit. The default, 16 × 128, never cuts the encoder's batches of 64 tokens.
     */
    @WithDefault("2048")
    int maxBatchTokens();

    /** p is clipped to [ε, 1-ε] before h = log(p/(1-p)). */
    @WithDefault("1e-6")
    double clip();
}
