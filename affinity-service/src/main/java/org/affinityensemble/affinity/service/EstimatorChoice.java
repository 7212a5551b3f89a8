package org.affinityensemble.affinity.service;

import java.util.Locale;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.domain.LinearisedTraining;
import org.affinityensemble.affinity.domain.SubsetEstimator;
import org.affinityensemble.affinity.domain.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.domain.TrajectorySubsetEstimator;

/**
 * The configured subset estimator and its key: the estimator and every setting its estimates depend on
 * ({@code ridge(lambda=0.005)}). Stored with each estimate and each matrix version, so that estimates are only
 * reused by the same estimator and a changed one re-estimates every subset.
 */
public record EstimatorChoice(SubsetEstimator estimator, String key) {

    public static EstimatorChoice of(AffinitySettings settings) {
        return of(settings.estimator(), settings.lambda(), settings.trajectory());
    }

    static EstimatorChoice of(AffinitySettings.Estimator kind, double lambda, AffinitySettings.Trajectory trajectory) {
        return switch (kind) {
            case RIDGE -> new EstimatorChoice(new SurrogateSubsetEstimator(lambda),
                    String.format(Locale.ROOT, "ridge(lambda=%s)", lambda));
            case TRAJECTORY -> {
                LinearisedTraining.Schedule schedule = new LinearisedTraining.Schedule(trajectory.epochs(),
                        trajectory.learningRate(), trajectory.weightDecay(), trajectory.batchSize(), trajectory.seed())
                        .withLearningRateTimes(trajectory.learningRateFactor());
                yield new EstimatorChoice(new TrajectorySubsetEstimator(schedule), String.format(Locale.ROOT,
                        "trajectory(epochs=%d,lr=%s,factor=%s,weight_decay=%s,batch=%d,seed=%d)", trajectory.epochs(),
                        trajectory.learningRate(), trajectory.learningRateFactor(), trajectory.weightDecay(),
                        trajectory.batchSize(), trajectory.seed()));
            }
        };
    }
}
