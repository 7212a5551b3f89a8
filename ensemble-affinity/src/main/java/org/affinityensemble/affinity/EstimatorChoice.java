package org.affinityensemble.affinity;

import java.util.Locale;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TrainingSchedule;

/**
 * The subset estimator for one projection's gradients, and its key: the estimator and every setting its
 * estimates depend on ({@code ridge(lambda=0.005)}). Stored with each estimate and each matrix version, so that
 * estimates are only reused by the same estimator and a changed one (another λ, or the trainer's schedule changed)
 * re-estimates every subset. The one way the affinity service and the benchmarks choose and build an estimator.
 */
public record EstimatorChoice(EstimatorKind kind, SubsetEstimator estimator, String key) {

    /**
     * The estimator of {@code kind} for gradients taken at {@code start} ({@link EstimatorKind#resolve}), for
     * adapters trained with {@code schedule} (the trainer's, from the events).
     */
    public static EstimatorChoice of(EstimatorKind kind, StartAdapter start, double lambda,
            TrajectoryCalibration calibration, TrainingSchedule schedule) {
        return switch (kind.resolve(start)) {
            case AUTO -> throw new IllegalStateException("auto resolves to ridge or trajectory");
            case RIDGE -> ridge(lambda);
            case TRAJECTORY -> trajectory(schedule, calibration.factor(schedule.epochs()));
        };
    }

    public static EstimatorChoice ridge(double lambda) {
        return new EstimatorChoice(EstimatorKind.RIDGE, new SurrogateSubsetEstimator(lambda),
                String.format(Locale.ROOT, "ridge(lambda=%s)", lambda));
    }

    /** The trainer's {@code schedule} on the linearised model, its learning rate times {@code factor}. */
    public static EstimatorChoice trajectory(TrainingSchedule schedule, double factor) {
        LinearisedTraining.Schedule linearised = LinearisedTraining.Schedule.of(schedule)
                .withLearningRateTimes(factor);
        return new EstimatorChoice(EstimatorKind.TRAJECTORY, new TrajectorySubsetEstimator(linearised),
                String.format(Locale.ROOT, "trajectory(epochs=%d,lr=%s,factor=%s,weight_decay=%s,batch=%d,seed=%d)",
                        schedule.epochs(), schedule.learningRate(), factor, schedule.weightDecay(),
                        schedule.batchSize(), schedule.seed()));
    }
}
