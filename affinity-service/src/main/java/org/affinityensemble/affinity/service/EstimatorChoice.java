package org.affinityensemble.affinity.service;

import java.util.Locale;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.domain.LinearisedTraining;
import org.affinityensemble.affinity.domain.SubsetEstimator;
import org.affinityensemble.affinity.domain.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.domain.TrajectorySubsetEstimator;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.StartAdapter;

/**
 * The configured subset estimator and its key: the estimator and every setting its estimates depend on
 * ({@code ridge(lambda=0.005)}). Stored with each estimate and each matrix version, so that estimates are only
 * reused by the same estimator and a changed one re-estimates every subset. With {@code auto} the estimator
 * depends on where the projection's gradients were taken (ADR 0047).
 */
public record EstimatorChoice(SubsetEstimator estimator, String key) {

    /** The configured estimator for gradients of {@code projection}. */
    public static EstimatorChoice of(AffinitySettings settings, ProjectionSpec projection) {
        return of(resolve(settings.estimator(), projection), settings.lambda(), settings.trajectory());
    }

    /**
     * {@code auto} is the trajectory where gradients were taken at a start adapter with A frozen after it, and the
     * ridge elsewhere; an explicit choice stays.
     */
    static AffinitySettings.Estimator resolve(AffinitySettings.Estimator kind, ProjectionSpec projection) {
        return resolve(kind, projection.start());
    }

    /** The same for gradients taken at {@code start} (null: the LoRA initialisation). */
    public static AffinitySettings.Estimator resolve(AffinitySettings.Estimator kind, StartAdapter start) {
        if (kind != AffinitySettings.Estimator.AUTO) {
            return kind;
        }
        return start != null && start.frozenA() ? AffinitySettings.Estimator.TRAJECTORY
                : AffinitySettings.Estimator.RIDGE;
    }

    static EstimatorChoice of(AffinitySettings.Estimator kind, double lambda, AffinitySettings.Trajectory trajectory) {
        return switch (kind) {
            case AUTO -> throw new IllegalArgumentException("resolve auto against the projection first");
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
