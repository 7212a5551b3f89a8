package org.affinityensemble.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import org.affinityensemble.storage.S3Settings;

/** The S3-compatible store ({@code ensemble.s3.*}, or ENSEMBLE_S3_* in the environment). */
@ConfigMapping(prefix = "ensemble.s3")
public interface S3Config {

    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault(S3Settings.DEFAULT_BUCKET)
    String bucket();

    Optional<String> region();

    default S3Settings settings() {
        return new S3Settings(endpoint(), accessKey(), secretKey(), bucket(), region().orElse(null));
    }
}
