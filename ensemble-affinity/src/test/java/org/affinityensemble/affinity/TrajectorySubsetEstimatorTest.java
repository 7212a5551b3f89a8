package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrajectorySubsetEstimatorTest {

    private static final int D = 12;
    private static final LinearisedTraining.Schedule SCHEDULE = new LinearisedTraining.Schedule(1, 0.05, 0.01, 8, 1);

    /** Tasks a and b share a latent direction; c has another. */
    private static List<TaskExample> tasks(Random random) {
        double[] shared = SyntheticGradients.unitVector(D, random);
        double[] other = SyntheticGradients.unitVector(D, random);
        List<TaskExample> examples = new ArrayList<>();
        examples.addAll(SyntheticGradients.clusterTask("a", shared, 40, 30, random));
        examples.addAll(SyntheticGradients.clusterTask("b", shared, 40, 30, random));
        examples.addAll(SyntheticGradients.clusterTask("c", other, 40, 30, random));
        return examples;
    }

    @Test
    void runsTheScheduleOnTheSubsetsTrainingGradientsAndReadsOutAtTheEnd() {
        List<TaskExample> examples = tasks(new Random(3));
        GradientSource source = new InMemoryGradientSource(D, examples, 7);
        TaskSubset subset = TaskSubset.of(List.of("a", "b"));

        SubsetEstimate estimate = new TrajectorySubsetEstimator(SCHEDULE).estimate(subset, source);

        // The reference: the same schedule over a's then b's training examples, in the source's order.
        List<TaskExample> train = new ArrayList<>();
        for (String task : subset.tasks()) {
            source.forEachChunk(task, false, train::addAll);
        }
        assertThat(train).hasSize(80);
        LinearisedTraining training = new LinearisedTraining(train.stream().mapToDouble(TaskExample::f0).toArray(),
                train.stream().map(TaskExample::g).toArray(float[][]::new), null);
        int[] rows = java.util.stream.IntStream.range(0, 80).toArray();
        double[] w = training.run(rows, SCHEDULE, LinearisedTraining.Rule.ADAMW, null);
        Map<String, TaskEstimate> expected = new Readout().evaluate(subset.tasks(), source, w);
        for (String task : subset.tasks()) {
            assertThat(estimate.estimates().get(task).loss()).isCloseTo(expected.get(task).loss(), within(1e-12));
            assertThat(estimate.estimates().get(task).accuracy()).isEqualTo(expected.get(task).accuracy());
        }
        assertThat(estimate.iterations()).isEqualTo(10);
        assertThat(estimate.gradientNorm()).isCloseTo(training.gradientNorm(rows, w), within(1e-12));
        // c's examples in the source change nothing, and neither does how the source chunks them.
        GradientSource withoutC = new InMemoryGradientSource(D,
                examples.stream().filter(e -> !e.taskId().equals("c")).toList(), 1000);
        assertThat(new TrajectorySubsetEstimator(SCHEDULE).estimate(subset, withoutC)).isEqualTo(estimate);
    }

    @Test
    void trainingLowersTheValidationLossAndATaskGainsMoreFromAPartnerOfItsCluster() {
        List<TaskExample> examples = tasks(new Random(4));
        GradientSource source = new InMemoryGradientSource(D, examples);
        TrajectorySubsetEstimator estimator = new TrajectorySubsetEstimator(SCHEDULE);

        double zeroShot = new Readout().evaluate(List.of("a"), source, new double[D]).get("a").loss();
        double alone = estimator.estimate(TaskSubset.of(List.of("a")), source).estimates().get("a").loss();
        double withPartner = estimator.estimate(TaskSubset.of(List.of("a", "b")), source).estimates().get("a").loss();
        double withStranger = estimator.estimate(TaskSubset.of(List.of("a", "c")), source).estimates().get("a")
                .loss();

        assertThat(alone).isLessThan(zeroShot);
        assertThat(withPartner).isLessThan(withStranger);
        // more epochs, further down
        double longer = new TrajectorySubsetEstimator(new LinearisedTraining.Schedule(3, 0.05, 0.01, 8, 1))
                .estimate(TaskSubset.of(List.of("a")), source).estimates().get("a").loss();
        assertThat(longer).isLessThan(alone);
    }

    @Test
    void aSubsetWithoutTrainingExamplesKeepsItsZeroShotLosses() {
        List<TaskExample> validationOnly = tasks(new Random(5)).stream().filter(TaskExample::validation).toList();
        GradientSource source = new InMemoryGradientSource(D, validationOnly);

        SubsetEstimate estimate = new TrajectorySubsetEstimator(SCHEDULE).estimate(TaskSubset.of(List.of("a", "c")),
                source);

        Map<String, TaskEstimate> zeroShot = new Readout().evaluate(List.of("a", "c"), source, new double[D]);
        assertThat(estimate.estimates()).isEqualTo(zeroShot);
        assertThat(estimate.iterations()).isZero();
    }
}
