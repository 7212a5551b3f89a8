package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundingTest {

    private final Rounding rounding = new Rounding(7);

    @Test
    void partitionMatricesRoundToThemselves() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + random.nextInt(15);
            List<List<Integer>> groups = randomPartition(n, random);
            double[][] x = Matrices.partitionMatrix(groups, n);
            assertThat(ThresholdRounding.round(x, 0.5)).isEqualTo(Partitions.canonical(groups));
            assertThat(Partitions.fromLabels(new KMeans(1).cluster(x, groups.size())))
                    .isEqualTo(Partitions.canonical(groups));
        }
    }

    @Test
    void perturbedPartitionMatrixRoundsToThePartition() {
        PlantedBlocks planted = PlantedBlocks.generate(20, 4, 0.0, 5);
        double[][] x = Matrices.partitionMatrix(planted.groups(), 20);
        Random random = new Random(9);
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] += 0.03 * random.nextDouble();
            }
        }
        assertThat(ThresholdRounding.round(x, 0.5)).isEqualTo(Partitions.canonical(planted.groups()));
        assertThat(rounding.withGroupCount(x, planted.matrix(), 4)).isEqualTo(Partitions.canonical(planted.groups()));
        assertThat(rounding.withPenalty(x, planted.matrix(), 0.0)).isEqualTo(Partitions.canonical(planted.groups()));
    }

    @Test
    void fixedCountRoundingHasExactlyMGroupsAndIsALocalOptimum() {
        double[][] t = Matrices.randomAffinity(14, 21);
        SdpSolution solution = new SdpSolver().solveWithTrace(t, 4);
        for (int m : new int[] {2, 4, 7}) {
            List<List<Integer>> groups = rounding.withGroupCount(solution.x(), t, m);
            assertThat(groups).hasSize(m);
            assertThat(bestSingleMoveGain(t, groups, false, GroupPenalty.perGroup(0))).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void penaltyRoundingIsALocalOptimumOfThePenalisedObjective() {
        double[][] t = Matrices.randomAffinity(14, 22);
        for (double mu : new double[] {-0.5, 0.0, 0.5}) {
            List<List<Integer>> groups = rounding.withPenalty(new SdpSolver().solveWithPenalty(t, mu).x(), t, mu);
            assertThat(bestSingleMoveGain(t, groups, true, GroupPenalty.perGroup(mu))).isLessThanOrEqualTo(1e-9);
        }
        GroupPenalty calibrated = new GroupPenalty.NoiseCalibrated(1.5, NoiseScale.pairVariances(t));
        List<List<Integer>> groups = rounding.withPenalty(new SdpSolver().solveWithPenalty(t, 0).x(), t, calibrated);
        assertThat(bestSingleMoveGain(t, groups, true, calibrated)).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void groupCountAdjusterReachesAnyCount() {
        double[][] t = Matrices.randomAffinity(9, 2);
        List<List<Integer>> start = List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8));
        for (int m = 1; m <= 9; m++) {
            List<List<Integer>> adjusted = GroupCountAdjuster.toCount(t, start, m);
            assertThat(adjusted).hasSize(m);
            Partitions.labels(adjusted, 9);
        }
    }

    /** Brute force: the best objective change from moving one task anywhere, straight from ClusteringObjective. */
    private static double bestSingleMoveGain(double[][] t, List<List<Integer>> groups, boolean free,
            GroupPenalty penalty) {
        double base = ClusteringObjective.penalised(t, groups, penalty);
        double best = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < groups.size(); g++) {
            for (int task : groups.get(g)) {
                for (int target = 0; target <= groups.size(); target++) {
                    boolean emptiesSource = groups.get(g).size() == 1;
                    if (target == g || (!free && (emptiesSource || target == groups.size()))) {
                        continue;
                    }
                    List<List<Integer>> moved = new ArrayList<>();
                    for (List<Integer> group : groups) {
                        List<Integer> copy = new ArrayList<>(group);
                        copy.remove(Integer.valueOf(task));
                        moved.add(copy);
                    }
                    if (target == groups.size()) {
                        moved.add(new ArrayList<>(List.of(task)));
                    } else {
                        moved.get(target).add(task);
                    }
                    moved.removeIf(List::isEmpty);
                    best = Math.max(best, ClusteringObjective.penalised(t, moved, penalty) - base);
                }
            }
        }
        return best;
    }

    private static List<List<Integer>> randomPartition(int n, Random random) {
        int count = 1 + random.nextInt(n);
        List<List<Integer>> groups = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            groups.add(new ArrayList<>(List.of(g)));
        }
        for (int i = count; i < n; i++) {
            groups.get(random.nextInt(count)).add(i);
        }
        return groups;
    }
}
