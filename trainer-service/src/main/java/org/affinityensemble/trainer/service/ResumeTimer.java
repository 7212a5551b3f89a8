package org.affinityensemble.trainer.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every {@code ensemble.trainer.resume-interval} (1 min), asks the gradient dispatcher for a pass and the builder to
 * advance its open builds and publish what is ready, so that work that waited on the database, the object store or
 * the broker resumes once they are back, not only on the next event or a restart. Both passes read their state from
 * the ledgers and are safe to repeat.
 */
@ApplicationScoped
public class ResumeTimer {

    @Inject
    GradientDispatcher gradients;

    @Inject
    EnsembleBuilder builder;

    @Scheduled(every = "${ensemble.trainer.resume-interval:1m}", delayed = "${ensemble.trainer.resume-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resume() {
        gradients.schedule();
        builder.resumeWaiting();
    }
}
