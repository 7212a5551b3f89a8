package org.affinityensemble.affinity.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.domain.SubsetEstimate;
import org.affinityensemble.affinity.domain.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.domain.TrajectorySubsetEstimator;
import org.affinityensemble.affinity.entity.SubsetEstimateRow;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.StartAdapter;
import org.junit.jupiter.api.Test;

class EstimatorChoiceTest {

    /** The trainer's defaults with a factor of 5.62, as in application configuration. */
    private static AffinitySettings.Trajectory trajectory(int epochs, double factor) {
        return new AffinitySettings.Trajectory() {
            @Override
            public int epochs() {
                return epochs;
            }

            @Override
            public double learningRate() {
                return 1e-3;
            }

            @Override
            public double learningRateFactor() {
                return factor;
            }

            @Override
            public double weightDecay() {
                return 0.01;
            }

            @Override
            public int batchSize() {
                return 16;
            }

            @Override
            public long seed() {
                return 1;
            }
        };
    }

    @Test
    void eachEstimatorAndEverySettingItDependsOnHaveTheirOwnKey() {
        EstimatorChoice ridge = EstimatorChoice.of(AffinitySettings.Estimator.RIDGE, 5e-3, trajectory(2, 5.62));
        EstimatorChoice trajectory = EstimatorChoice.of(AffinitySettings.Estimator.TRAJECTORY, 5e-3,
                trajectory(2, 5.62));

        assertThat(ridge.estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(ridge.key()).isEqualTo("ridge(lambda=0.005)");
        assertThat(trajectory.estimator()).isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(trajectory.key())
                .isEqualTo("trajectory(epochs=2,lr=0.001,factor=5.62,weight_decay=0.01,batch=16,seed=1)");
        // The ridge does not depend on the schedule, the trajectory not on λ; each on all of its own settings.
        assertThat(EstimatorChoice.of(AffinitySettings.Estimator.RIDGE, 5e-3, trajectory(1, 9)).key())
                .isEqualTo(ridge.key());
        assertThat(EstimatorChoice.of(AffinitySettings.Estimator.RIDGE, 1e-2, trajectory(2, 5.62)).key())
                .isNotEqualTo(ridge.key());
        assertThat(EstimatorChoice.of(AffinitySettings.Estimator.TRAJECTORY, 1e-2, trajectory(2, 5.62)).key())
                .isEqualTo(trajectory.key());
        assertThat(EstimatorChoice.of(AffinitySettings.Estimator.TRAJECTORY, 5e-3, trajectory(1, 5.62)).key())
                .isNotEqualTo(trajectory.key());
        assertThat(EstimatorChoice.of(AffinitySettings.Estimator.TRAJECTORY, 5e-3, trajectory(2, 4)).key())
                .isNotEqualTo(trajectory.key());
    }

    @Test
    void theConfigurationNamesTheEstimatorInLowerCaseAndTheTrajectoryDefaultsToTheTrainersSchedule() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AffinitySettings.class)
                .withSources(new PropertiesConfigSource(Map.of("ensemble.affinity.estimator", "trajectory",
                        "ensemble.affinity.trajectory.learning-rate-factor", "3.16"), "test", 500))
                .build();

        EstimatorChoice choice = EstimatorChoice.of(config.getConfigMapping(AffinitySettings.class), AT_INIT);

        assertThat(choice.estimator()).isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(choice.key())
                .isEqualTo("trajectory(epochs=2,lr=0.001,factor=3.16,weight_decay=0.01,batch=16,seed=1)");
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withMapping(AffinitySettings.class).build();
        assertThat(defaults.getConfigMapping(AffinitySettings.class).estimator())
                .isEqualTo(AffinitySettings.Estimator.AUTO);
        assertThat(EstimatorChoice.of(defaults.getConfigMapping(AffinitySettings.class), AT_INIT).key())
                .isEqualTo("ridge(lambda=0.005)");
    }

    private static final ProjectionSpec AT_INIT = new ProjectionSpec("m", LoraSpec.defaults(), 64, 42, 400, 1000);

    @Test
    void autoFollowsTheTrajectoryOnlyWhereGradientsWereTakenAtAStartWithAFrozen() {
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withMapping(AffinitySettings.class).build();
        AffinitySettings settings = defaults.getConfigMapping(AffinitySettings.class);
        ProjectionSpec frozen = AT_INIT.startingAt(new StartAdapter("meta-1", true));
        ProjectionSpec trained = AT_INIT.startingAt(new StartAdapter("meta-1", false));

        assertThat(EstimatorChoice.of(settings, frozen).estimator()).isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(EstimatorChoice.of(settings, frozen).key()).startsWith("trajectory(epochs=2,");
        assertThat(EstimatorChoice.of(settings, trained).estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(EstimatorChoice.of(settings, AT_INIT).estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        for (AffinitySettings.Estimator explicit : List.of(AffinitySettings.Estimator.RIDGE,
                AffinitySettings.Estimator.TRAJECTORY)) {
            for (ProjectionSpec projection : List.of(AT_INIT, frozen, trained)) {
                assertThat(EstimatorChoice.resolve(explicit, projection)).isEqualTo(explicit);
            }
        }
    }

    @Test
    void onlyEstimatesOfTheSameEstimatorOnTheCurrentRevisionsAreReused() {
        List<SubsetEstimateRow> rows = List.of(
                row("a,b", "a", "a@1,b@1", "ridge(lambda=0.005)"), row("a,b", "b", "a@1,b@1", "ridge(lambda=0.005)"),
                row("a,c", "a", "a@1,c@1", "trajectory(x)"), row("a,c", "c", "a@1,c@1", "trajectory(x)"),
                row("b,c", "b", "b@1,c@2", "ridge(lambda=0.005)"), row("b,c", "c", "b@1,c@2", "ridge(lambda=0.005)"),
                row("a,d", "a", "a@1,d@1", null), row("a,d", "d", "a@1,d@1", null));
        Map<String, Integer> current = Map.of("a", 1, "b", 1, "c", 2, "d", 1);

        List<String> ridge = AffinityService.reusable(rows, current, "ridge(lambda=0.005)").stream()
                .map(estimate -> estimate.subset().key()).toList();
        List<SubsetEstimate> trajectory = AffinityService.reusable(rows, current, "trajectory(x)");

        // a,c was estimated on c@1 (now 2), a,d by an estimator nobody recorded
        assertThat(ridge).containsExactly("a,b", "b,c");
        assertThat(trajectory).isEmpty();
        assertThat(AffinityService.reusable(rows, Map.of("a", 1, "b", 1, "c", 1, "d", 1), "trajectory(x)"))
                .extracting(estimate -> estimate.subset().key()).containsExactly("a,c");
    }

    private static SubsetEstimateRow row(String subset, String task, String revisions, String estimator) {
        SubsetEstimateRow row = new SubsetEstimateRow();
        row.projectionId = "p";
        row.subsetKey = subset;
        row.taskId = task;
        row.revisions = revisions;
        row.estimator = estimator;
        row.loss = 0.5;
        row.accuracy = 0.75;
        row.examples = 10;
        row.iterations = 3;
        return row;
    }
}
