package org.affinityensemble.trainer.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * On start-up, resumes what a previous process left: gradient requests not yet sent (and a meta-initialisation not
 * yet trained), running runs, open builds, unsent ensemble versions.
 */
@ApplicationScoped
public class TrainerStartup {

    @Inject
    EnsembleBuilder builder;

    @Inject
    GradientDispatcher gradients;

    void onStart(@Observes StartupEvent event) {
        gradients.scheduleAfterStart();
        builder.recover();
    }
}
