package org.affinityensemble.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the registry accepts and materialises datasets ({@code ensemble.datasets.*}). */
@ConfigMapping(prefix = "ensemble.datasets")
public interface DatasetsConfig {

    /** Samples with longer text go to the dead-letter topic. */
    @WithDefault("20000")
    int maxTextChars();

    /** The seed of the stratified split given to samples sent without one. */
    @WithDefault("20250101")
    long splitSeed();

    @WithDefault("0.7")
    double trainFraction();

    @WithDefault("0.1")
    double validationFraction();

    /** At most this many samples in one gradient request shard. */
    @WithDefault("64")
    int shardSize();

    /** At most this many bytes of text in one gradient request shard (Kafka's default limit is 1 MB). */
    @WithDefault("400000")
    int shardMaxBytes();
}
