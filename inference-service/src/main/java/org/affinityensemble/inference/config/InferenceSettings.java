package org.affinityensemble.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.affinityensemble.serving.ServingMode;

/**
 * How the service serves ({@code ensemble.inference.*}, or ENSEMBLE_INFERENCE_* in the environment): the
 * default mode, the limits on one request, the micro-batcher, and how long the loader waits for newer versions
 * before it loads one (so that a replay of the ensembles topic loads only the newest).
 */
@ConfigMapping(prefix = "ensemble.inference")
public interface InferenceSettings {

    /** The mode of a request that names none. */
    @WithDefault("output")
    ServingMode defaultMode();

    /** Texts in one request at most. */
    @WithDefault("64")
    int maxTexts();

    /** Characters in one text at most (longer texts are refused, not cut). */
    @WithDefault("8192")
    int maxTextChars();

    /** Delay between an accepted {@code ensemble.published} event and the start of its load. */
    @WithDefault("200ms")
    Duration loadDelay();

    /** The first wait before a failed load (or scan of the object store) is tried again; it doubles up to 1 min. */
    @WithDefault("2s")
    Duration loadRetry();

    Batch batch();

    /** {@code ensemble.inference.batch.*}: the micro-batcher in front of the model. */
    interface Batch {

        /** Texts collected into one batch at most (also the rows of one forward pass). */
        @WithDefault("32")
        int maxTexts();

        /** How long the first request of a batch waits for others. */
        @WithDefault("20ms")
        Duration maxWait();

        /** Requests waiting for the model at most; beyond, requests are refused with 503. */
        @WithDefault("2048")
        int queueCapacity();

        /** Characters of text waiting for the model at most (all requests together); beyond, 503. */
        @WithDefault("4194304")
        long queueChars();
    }
}
