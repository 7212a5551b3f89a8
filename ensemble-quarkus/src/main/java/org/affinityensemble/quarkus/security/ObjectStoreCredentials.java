package org.affinityensemble.quarkus.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.affinityensemble.quarkus.S3Config;

/**
 * A service that uses the object store does not start without its credentials: there is no default key in any
 * {@code application.properties} to fall back on.
 */
@ApplicationScoped
@IfBuildProperty(name = "ensemble.s3.enabled", stringValue = "true")
public class ObjectStoreCredentials {

    @Inject
    S3Config config;

    void check(@Observes StartupEvent started) {
        if (blank(config.accessKey()) || blank(config.secretKey())) {
            throw new IllegalStateException("no object store credentials: set ENSEMBLE_S3_ACCESS_KEY and "
                    + "ENSEMBLE_S3_SECRET_KEY (ensemble.s3.access-key / ensemble.s3.secret-key)");
        }
    }

    private static boolean blank(Optional<String> value) {
        return value.isEmpty() || value.get().isBlank();
    }
}
