package org.affinityensemble.trainer.ensemble;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** On start-up, resumes what a previous process left: running runs, open builds, unsent ensemble versions. */
@ApplicationScoped
public class TrainerStartup {

    @Inject
    EnsembleBuilder builder;

    void onStart(@Observes StartupEvent event) {
        builder.recover();
    }
}
