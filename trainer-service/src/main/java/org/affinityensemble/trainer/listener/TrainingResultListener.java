package org.affinityensemble.trainer.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.trainer.service.BuildLedger;
import org.affinityensemble.trainer.service.EnsembleBuilder;
import org.affinityensemble.trainer.service.GradientDispatcher;
import org.affinityensemble.trainer.service.RunLedger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ensemble.training-results}, the one completion path of both execution modes: records the run's
 * outcome (duplicates and stale attempts are ignored), asks the builder to advance the open builds, and the
 * gradient dispatcher for a pass (a meta-initialisation's result releases the gradient requests held for it).
 */
@ApplicationScoped
public class TrainingResultListener {

    private static final Logger LOG = Logger.getLogger(TrainingResultListener.class);

    @Inject
    RunLedger runs;

    @Inject
    BuildLedger builds;

    @Inject
    EnsembleBuilder builder;

    @Inject
    GradientDispatcher gradients;

    @Incoming("training-results")
    public Uni<Void> consume(String payload) {
        TrainingResult result;
        try {
            result = EventCodec.decode(payload, TrainingResult.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return Retries.backingOff(() -> runs.recordResult(result)).flatMap(changed -> {
            if (!changed) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("run %s attempt %d %s %s", result.runId(), result.attempt(), result.status(),
                    result.metrics());
            gradients.schedule(); // a meta-initialisation's result releases the held gradient requests
            return Retries.backingOff(builds::openBuilds).invoke(open -> open.forEach(builder::schedule))
                    .replaceWithVoid();
        });
    }
}
