package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SdpSolverTest {

    private static final double CERTIFIED = 1e-4;

    private final SdpSolver solver = new SdpSolver();

    @Test
    void oneGroupForcesTheUniformMatrix() {
        // tr X = 1, X·1 = 1 and X ⪰ 0 leave only X = 11ᵀ/n.
        int n = 6;
        SdpSolution solution = solver.solveWithTrace(Matrices.randomAffinity(n, 3), 1);
        double[][] uniform = new double[n][n];
        for (double[] row : uniform) {
            java.util.Arrays.fill(row, 1.0 / n);
        }
        assertThat(Matrices.maxAbsDifference(solution.x(), uniform)).isLessThan(1e-3);
    }

    @Test
    void asManyGroupsAsTasksForcesTheIdentity() {
        // X ≥ 0 with unit row sums bounds the diagonal by 1; tr X = n then forces X = I.
        int n = 5;
        SdpSolution solution = solver.solveWithTrace(Matrices.randomAffinity(n, 4), n);
        double[][] identity = new double[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }
        assertThat(Matrices.maxAbsDifference(solution.x(), identity)).isLessThan(1e-3);
    }

    @Test
    void twoTasksWithPenaltyMatchTheClosedForm() {
        // X = [[a, 1−a], [1−a, a]] with a ∈ [1/2, 1]: objective 2(1−a)·t − 2aμ, linear in a.
        double[][] positive = {{0, 0.8}, {0.8, 0}};
        SdpSolution together = solver.solveWithPenalty(positive, 0.1);
        assertThat(together.x()[0][1]).isCloseTo(0.5, within(1e-4));
        assertThat(together.objective()).isCloseTo(0.8 - 0.1, within(1e-4));
        double[][] negative = {{0, -0.3}, {-0.3, 0}};
        SdpSolution apart = solver.solveWithPenalty(negative, 0.1);
        assertThat(apart.x()[0][0]).isCloseTo(1.0, within(1e-4));
        assertThat(apart.objective()).isCloseTo(-0.2, within(1e-4));
    }

    @Test
    void terminatesWithCertifiedResidualsAndGap() {
        for (long seed = 0; seed < 4; seed++) {
            double[][] t = Matrices.randomAffinity(15, seed);
            for (SdpSolution solution : new SdpSolution[] {solver.solveWithTrace(t, 4),
                    solver.solveWithPenalty(t, 0.0)}) {
                assertThat(solution.converged()).isTrue();
                assertThat(solution.primalResidual()).isLessThan(CERTIFIED);
                assertThat(solution.dualResidual()).isLessThan(CERTIFIED);
                assertThat(solution.dualityGap()).isLessThan(CERTIFIED);
                assertRowsSumToOne(solution.x());
            }
        }
    }

    @Test
    void dualBoundIsAnUpperBoundOnEveryPartition() {
        // Every partition matrix is feasible, so the certified bound must dominate the enumerated optimum.
        for (long seed = 10; seed < 16; seed++) {
            double[][] t = Matrices.randomAffinity(7, seed);
            SdpSolution withTrace = solver.solveWithTrace(t, 3);
            assertThat(withTrace.dualBound()).isGreaterThanOrEqualTo(PartitionEnumerator.best(t, 3).value() - 1e-9);
            SdpSolution withPenalty = solver.solveWithPenalty(t, 0.2);
            assertThat(withPenalty.dualBound())
                    .isGreaterThanOrEqualTo(PartitionEnumerator.bestPenalised(t, 0.2).value() - 1e-9);
        }
    }

    @Test
    void recoversThePlantedPartitionMatrixUnderNoise() {
        PlantedBlocks planted = PlantedBlocks.generate(40, 6, 0.3, 8);
        double[][] expected = Matrices.partitionMatrix(planted.groups(), 40);
        SdpSolution solution = solver.solveWithTrace(planted.matrix(), 6);
        assertThat(Matrices.maxAbsDifference(solution.x(), expected)).isLessThan(1e-3);
        assertThat(solution.trace()).isCloseTo(6.0, within(1e-6));
        double plantedValue = ClusteringObjective.value(planted.matrix(), planted.groups());
        assertThat(solution.dualBound()).isCloseTo(plantedValue, within(1e-3 * plantedValue));
    }

    @Test
    void penaltyPicksTheNumberOfPlantedBlocksAtLowNoise() {
        PlantedBlocks planted = PlantedBlocks.generate(30, 5, 0.1, 3);
        SdpSolution solution = solver.solveWithPenalty(planted.matrix(), 0.0);
        assertThat(solution.trace()).isCloseTo(5.0, within(1e-3));
        assertThat(Matrices.maxAbsDifference(solution.x(), Matrices.partitionMatrix(planted.groups(), 30)))
                .isLessThan(1e-3);
    }

    @Test
    void convergesAtOneHundredTasksWhereFlipFloppingStepSizesOnceCycled() {
        // With ρ re-balanced every 50 iterations this instance cycled without converging for 20,000 iterations.
        PlantedBlocks planted = PlantedBlocks.generate(100, 20, 0.5, 1);
        SdpSolution solution = solver.solveWithTrace(planted.matrix(), 20);
        assertThat(solution.converged()).isTrue();
        assertThat(solution.iterations()).isLessThan(5_000);
        assertThat(solution.dualityGap()).isLessThan(CERTIFIED);
    }

    @Test
    void symmetrisesAndRejectsInvalidInput() {
        double[][] asymmetric = {{0, 1, -1}, {0.2, 0, 0.5}, {-0.4, 0.1, 0}};
        double[][] symmetric = AffinityMatrices.symmetrised(asymmetric);
        assertThat(solver.solveWithTrace(asymmetric, 2).objective())
                .isCloseTo(solver.solveWithTrace(symmetric, 2).objective(), within(1e-5));
        assertThatThrownBy(() -> solver.solveWithTrace(symmetric, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> solver.solveWithTrace(symmetric, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> solver.solveWithPenalty(new double[][] {{0, Double.NaN}, {1, 0}}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> solver.solveWithPenalty(new double[][] {{0, 1}}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsNonConvergenceWhenStoppedEarly() {
        SdpSolution solution = new SdpSolver(new SdpSettings(1e-9, 5, 1.0))
                .solveWithTrace(Matrices.randomAffinity(12, 1), 3);
        assertThat(solution.converged()).isFalse();
        assertThat(solution.iterations()).isEqualTo(5);
    }

    private static void assertRowsSumToOne(double[][] x) {
        for (double[] row : x) {
            double sum = 0;
            for (double value : row) {
                sum += value;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
        }
    }
}
