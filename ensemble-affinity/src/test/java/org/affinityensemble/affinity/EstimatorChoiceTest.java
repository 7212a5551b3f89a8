package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TrainingSchedule;
import org.junit.jupiter.api.Test;

class EstimatorChoiceTest {

    private static final StartAdapter FROZEN = new StartAdapter("meta-1", true);
    private static final StartAdapter TRAINED = new StartAdapter("meta-1", false);
    private static final TrainingSchedule TWO_EPOCHS = new TrainingSchedule(2, 1e-3, 0.01, 16, 1);
    private static final TrainingSchedule ONE_EPOCH = new TrainingSchedule(1, 1e-3, 0.01, 16, 1);

    private static EstimatorChoice choose(EstimatorKind kind, StartAdapter start, double lambda,
            TrainingSchedule schedule) {
        return EstimatorChoice.of(kind, start, lambda, TrajectoryCalibration.DEFAULT, schedule);
    }

    @Test
    void eachEstimatorAndEverySettingItDependsOnHaveTheirOwnKey() {
        EstimatorChoice ridge = choose(EstimatorKind.RIDGE, FROZEN, 5e-3, TWO_EPOCHS);
        EstimatorChoice trajectory = choose(EstimatorKind.TRAJECTORY, FROZEN, 5e-3, TWO_EPOCHS);

        assertThat(ridge.estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(ridge.key()).isEqualTo("ridge(lambda=0.005)");
        assertThat(trajectory.estimator()).isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(trajectory.key())
                .isEqualTo("trajectory(epochs=2,lr=0.001,factor=2.37,weight_decay=0.01,batch=16,seed=1)");
        // The ridge does not depend on the schedule, the trajectory not on λ; each on all of its own settings.
        assertThat(choose(EstimatorKind.RIDGE, FROZEN, 5e-3, ONE_EPOCH).key()).isEqualTo(ridge.key());
        assertThat(choose(EstimatorKind.RIDGE, FROZEN, 1e-2, TWO_EPOCHS).key()).isNotEqualTo(ridge.key());
        assertThat(choose(EstimatorKind.TRAJECTORY, FROZEN, 1e-2, TWO_EPOCHS).key()).isEqualTo(trajectory.key());
        for (TrainingSchedule changed : List.of(new TrainingSchedule(2, 2e-3, 0.01, 16, 1),
                new TrainingSchedule(2, 1e-3, 0.0, 16, 1), new TrainingSchedule(2, 1e-3, 0.01, 8, 1),
                new TrainingSchedule(2, 1e-3, 0.01, 16, 2))) {
            assertThat(choose(EstimatorKind.TRAJECTORY, FROZEN, 5e-3, changed).key()).isNotEqualTo(trajectory.key());
        }
    }

    @Test
    void theTrajectoryFollowsTheTrainersEpochsWithTheFactorCalibratedForThem() {
        EstimatorChoice two = choose(EstimatorKind.AUTO, FROZEN, 5e-3, TWO_EPOCHS);
        EstimatorChoice one = choose(EstimatorKind.AUTO, FROZEN, 5e-3, ONE_EPOCH);

        assertThat(two.key()).startsWith("trajectory(epochs=2,lr=0.001,factor=2.37,");
        assertThat(one.key()).startsWith("trajectory(epochs=1,lr=0.001,factor=3.16,");
        // Three epochs were never calibrated: the nearest calibrated schedule's factor, and the calibration says so.
        TrainingSchedule three = new TrainingSchedule(3, 1e-3, 0.01, 16, 1);
        assertThat(choose(EstimatorKind.AUTO, FROZEN, 5e-3, three).key()).startsWith("trajectory(epochs=3,"
                + "lr=0.001,factor=2.37,");
        assertThat(TrajectoryCalibration.DEFAULT.calibrated(3)).isFalse();
        assertThat(TrajectoryCalibration.DEFAULT.calibrated(1)).isTrue();
        assertThat(TrajectoryCalibration.constant(4).calibrated(3)).isTrue();
    }

    @Test
    void autoFollowsTheTrajectoryOnlyWhereGradientsWereTakenAtAStartWithAFrozen() {
        assertThat(choose(EstimatorKind.AUTO, FROZEN, 5e-3, TWO_EPOCHS).estimator())
                .isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(choose(EstimatorKind.AUTO, TRAINED, 5e-3, TWO_EPOCHS).estimator())
                .isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(choose(EstimatorKind.AUTO, null, 5e-3, TWO_EPOCHS).estimator())
                .isInstanceOf(SurrogateSubsetEstimator.class);
        for (EstimatorKind explicit : List.of(EstimatorKind.RIDGE, EstimatorKind.TRAJECTORY)) {
            for (StartAdapter start : java.util.Arrays.asList(null, FROZEN, TRAINED)) {
                assertThat(explicit.resolve(start)).isEqualTo(explicit);
                assertThat(choose(explicit, start, 5e-3, TWO_EPOCHS).kind()).isEqualTo(explicit);
            }
        }
    }

    @Test
    void aCalibrationParsesPairsOrOneFactorAndRefusesNonsense() {
        assertThat(TrajectoryCalibration.parse("1=3.16, 2=2.37")).isEqualTo(TrajectoryCalibration.DEFAULT);
        assertThat(TrajectoryCalibration.parse("1=3.16,2=2.37").toString()).isEqualTo("1=3.16,2=2.37");
        assertThat(TrajectoryCalibration.parse("4.5").factor(7)).isEqualTo(4.5);
        assertThat(new TrajectoryCalibration(Map.of(1, 3.0, 3, 1.0)).factor(2)).isEqualTo(1.0);
        assertThatThrownBy(() -> TrajectoryCalibration.parse("1=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrajectoryCalibration.parse("1:3")).isInstanceOf(IllegalArgumentException.class);
    }
}
