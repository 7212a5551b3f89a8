package org.affinityensemble.training.run;

import org.affinityensemble.events.TrainingResult;

/** Publishes a run's outcome to {@code ensemble.training-results} (keyed by group id); returns once it is sent. */
@FunctionalInterface
public interface TrainingResultSink {

    void publish(TrainingResult result);
}
