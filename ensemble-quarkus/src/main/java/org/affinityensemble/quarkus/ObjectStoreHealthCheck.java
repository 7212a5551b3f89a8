package org.affinityensemble.quarkus;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.storage.ObjectStore;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the object store answers (the services that enable it read or write it on every job). A service
 * whose readiness means something else (the inference-service: an ensemble in memory) turns it off with
 * {@code ensemble.s3.readiness=false}.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "ensemble.s3.enabled", stringValue = "true")
@UnlessBuildProperty(name = "ensemble.s3.readiness", stringValue = "false", enableIfMissing = true)
public class ObjectStoreHealthCheck implements HealthCheck {

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.exists("health/probe");
            return HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
