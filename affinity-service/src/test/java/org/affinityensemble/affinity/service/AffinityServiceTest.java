package org.affinityensemble.affinity.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.affinityensemble.affinity.EstimatorKind;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SubsetEstimate;
import org.affinityensemble.affinity.TrajectoryCalibration;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.entity.SubsetEstimateRow;
import org.junit.jupiter.api.Test;

class AffinityServiceTest {

    @Test
    void theConfigurationNamesTheEstimatorInLowerCaseAndCalibratesTheTrajectoryByEpochs() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AffinitySettings.class)
                .withSources(new PropertiesConfigSource(Map.of("ensemble.affinity.estimator", "trajectory",
                        "ensemble.affinity.trajectory.learning-rate-factors", "1=4,3=2",
                        "ensemble.affinity.subsets", "150"), "test", 500))
                .build();
        AffinitySettings settings = config.getConfigMapping(AffinitySettings.class);

        assertThat(settings.estimator()).isEqualTo(EstimatorKind.TRAJECTORY);
        assertThat(settings.trajectory().calibration().factor(3)).isEqualTo(2.0);
        assertThat(settings.subsets()).isEqualTo(150);
        AffinitySettings defaults = new SmallRyeConfigBuilder().withMapping(AffinitySettings.class).build()
                .getConfigMapping(AffinitySettings.class);
        assertThat(defaults.estimator()).isEqualTo(EstimatorKind.AUTO);
        assertThat(defaults.subsets()).isEqualTo(50);
        assertThat(defaults.minPairCoverage()).isEqualTo(SamplingPolicy.DEFAULT_MIN_PAIR_COVERAGE);
        assertThat(defaults.trajectory().calibration()).isEqualTo(TrajectoryCalibration.DEFAULT);
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
