package org.affinityensemble.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import org.affinityensemble.storage.S3Settings;

/**
 * The S3-compatible store ({@code ensemble.s3.*}, or ENSEMBLE_S3_* in the environment). Only services built
 * with {@code ensemble.s3.enabled=true} (trainer, gradient, inference) connect to it.
 */
@ConfigMapping(prefix = "ensemble.s3")
public interface S3Config {

    /**
     * Whether this service uses the store: a build-time switch read by {@code @IfBuildProperty} on the producer
     * and the health check; declared here so that the mapping knows the key.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * Whether readiness includes the store's answer (build time, read by {@code @UnlessBuildProperty} on the health
     * check): off for the inference-service, whose readiness is an ensemble in memory (ADR 0101).
     */
    @WithDefault("true")
    boolean readiness();

    /**
     * Whether this service only reads (the gradient- and inference-service): it connects without creating the bucket
     * and never writes, so it can run with a read-only key (ENSEMBLE_S3_ACCESS_KEY of an identity that may only read).
     */
    @WithDefault("false")
    boolean readOnly();

    Optional<String> endpoint();

    Optional<String> accessKey();

    Optional<String> secretKey();

    @WithDefault(S3Settings.DEFAULT_BUCKET)
    String bucket();

    Optional<String> region();

    default S3Settings settings() {
        return new S3Settings(endpoint().orElse(null), accessKey().orElse(null), secretKey().orElse(null), bucket(),
                region().orElse(null));
    }
}
