package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AffinityEstimatorTest {

    private static final int D = 40;
    private static final List<String> CLUSTER_A = List.of("a1", "a2", "a3", "a4");
    private static final List<String> CLUSTER_B = List.of("b1", "b2", "b3", "b4");

    /** Eight tasks from two latent clusters (shared gradient directions), examples in generation order. */
    private static List<TaskExample> twoClusters(long seed) {
        Random random = new Random(seed);
        double[] directionA = SyntheticGradients.unitVector(D, random);
        double[] directionB = SyntheticGradients.unitVector(D, random);
        List<TaskExample> examples = new ArrayList<>();
        for (String task : CLUSTER_A) {
            examples.addAll(SyntheticGradients.clusterTask(task, directionA, 60, 60, random));
        }
        for (String task : CLUSTER_B) {
            examples.addAll(SyntheticGradients.clusterTask(task, directionB, 60, 60, random));
        }
        return examples;
    }

    private static List<String> allTasks() {
        List<String> tasks = new ArrayList<>(CLUSTER_A);
        tasks.addAll(CLUSTER_B);
        return tasks;
    }

    private static AffinityEstimator estimator(SubsetEstimator subsetEstimator, int threads) {
        return new AffinityEstimator(new SubsetSampler(SamplingPolicy.defaults(11)), subsetEstimator,
                AffinityMetric.NEGATIVE_LOSS, threads);
    }

    private static SubsetEstimator surrogate() {
        return new SurrogateSubsetEstimator(1e-2);
    }

    @Test
    void withinClusterAffinitiesExceedBetweenClusterOnes() {
        GradientSource source = new InMemoryGradientSource(D, twoClusters(1));
        List<String> tasks = allTasks();

        AffinityResult result = estimator(surrogate(), 1).estimate(tasks, source);

        double lowestWithin = Double.POSITIVE_INFINITY;
        double highestBetween = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < tasks.size(); i++) {
            for (int j = 0; j < tasks.size(); j++) {
                if (i == j) {
                    continue;
                }
                boolean sameCluster = tasks.get(i).charAt(0) == tasks.get(j).charAt(0);
                if (sameCluster) {
                    lowestWithin = Math.min(lowestWithin, result.matrix()[i][j]);
                } else {
                    highestBetween = Math.max(highestBetween, result.matrix()[i][j]);
                }
            }
        }
        assertThat(lowestWithin).isGreaterThan(highestBetween);
        // eight tasks: a pair is in C(6,1) = 6 distinct triples, fewer than the coverage of 10, so all C(8,3) = 56
        assertThat(result.estimates()).hasSize(56).isEqualTo(result.added());
        assertThat(result.estimates()).allSatisfy(estimate -> assertThat(estimate.gradientNorm()).isLessThan(1e-8));
    }

    @Test
    void addingATaskEstimatesOnlySubsetsHoldingItAndReusesEarlierEstimates() {
        GradientSource source = new InMemoryGradientSource(D, twoClusters(2));
        List<String> tasks = allTasks();
        List<String> firstSeven = tasks.subList(0, 7);
        AffinityResult before = estimator(surrogate(), 1).estimate(firstSeven, source);
        List<TaskSubset> estimated = new CopyOnWriteArrayList<>();
        SubsetEstimator recording = (subset, gradients) -> {
            estimated.add(subset);
            return surrogate().estimate(subset, gradients);
        };

        AffinityResult after = estimator(recording, 1).update(tasks, before.estimates(), source);

        assertThat(estimated).isNotEmpty().allSatisfy(subset -> assertThat(subset.contains("b4")).isTrue());
        assertThat(after.added()).extracting(SubsetEstimate::subset).containsExactlyElementsOf(estimated);
        assertThat(after.estimates()).startsWith(before.estimates().toArray(SubsetEstimate[]::new));
        assertThat(after.estimates()).hasSize(before.estimates().size() + estimated.size());
        assertThat(after.matrix()).hasDimensions(8, 8);
    }

    @Test
    void matrixIsDeterministicWhateverTheArrivalOrderOfGradientsAndTheThreadCount() {
        List<TaskExample> examples = twoClusters(3);
        List<TaskExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(99));
        List<String> tasks = allTasks();
        List<String> reversedTasks = new ArrayList<>(tasks);
        Collections.reverse(reversedTasks);

        AffinityResult first = estimator(surrogate(), 1).update(tasks,
                estimator(surrogate(), 1).estimate(tasks.subList(0, 7), new InMemoryGradientSource(D, examples))
                        .estimates(), new InMemoryGradientSource(D, examples));
        AffinityResult second = estimator(surrogate(), 2).update(tasks,
                estimator(surrogate(), 2).estimate(tasks.subList(0, 7), new InMemoryGradientSource(D, shuffled, 17))
                        .estimates(), new InMemoryGradientSource(D, shuffled, 17));

        assertThat(second.matrix()).isEqualTo(first.matrix());
        assertThat(second.estimates()).isEqualTo(first.estimates());
    }

    @Test
    void tooFewTasksGiveAnEmptyOrZeroMatrix() {
        GradientSource source = new InMemoryGradientSource(D, twoClusters(4));

        assertThat(estimator(surrogate(), 1).estimate(List.of("a1"), source).matrix()).isEqualTo(new double[][] {{0}});
        AffinityResult pair = estimator(surrogate(), 1).estimate(List.of("a1", "b1"), source);
        assertThat(pair.estimates()).hasSize(1);
        assertThat(pair.matrix()).isEqualTo(new double[][] {{0, 0}, {0, 0}});
    }
}
