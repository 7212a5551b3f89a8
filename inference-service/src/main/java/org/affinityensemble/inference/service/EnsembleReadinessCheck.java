package org.affinityensemble.inference.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while an ensemble version serves (ADR 0101): an instance that holds its ensemble in memory keeps serving when
 * the object store is briefly away, and one that has nothing to serve takes no traffic.
 */
@Readiness
@ApplicationScoped
public class EnsembleReadinessCheck implements HealthCheck {

    @Inject
    EnsembleManager ensembles;

    @Override
    public HealthCheckResponse call() {
        return ensembles.serving()
                .map(serving -> HealthCheckResponse.named("ensemble").up().withData("version", serving.version())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("ensemble").down()
                        .withData("reason", "no ensemble version is loaded yet").build());
    }
}
