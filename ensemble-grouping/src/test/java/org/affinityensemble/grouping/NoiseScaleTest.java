package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseScaleTest {

    @Test
    void isQnWithItsSmallSampleFactor() {
        // Upper entries 1, 2, 4, 7, 8, 20 (m = 6): sorted pairwise distances 1 1 2 3 3 4 5 ...; h = 4, k = C(4,2) = 6,
        // so Qn = d_6 · 2.2219 · 4 with d_6 = 0.611.
        double[][] t = {
            {0, 1, 2, 4},
            {1, 0, 7, 8},
            {2, 7, 0, 20},
            {4, 8, 20, 0}};
        assertThat(NoiseScale.pooled(t)).isCloseTo(0.611 * 2.2219 * 4.0, within(1e-12));
        assertThat(NoiseScale.pooled(new double[][] {{0}})).isZero();
        assertThat(NoiseScale.pooled(new double[][] {{0, 3}, {3, 0}})).isZero();
        assertThat(NoiseScale.qn(new double[] {5, 5, 5, 5, 5, 5})).isZero();
    }

    @Test
    void estimatesTheStandardDeviationOfGaussianNoiseAtEveryRowLength() {
        // The small-sample factors make Qn unbiased for the row lengths the planner sees (n − 1 entries).
        Random random = new Random(11);
        for (int m : new int[] {5, 6, 7, 9, 10, 19, 30, 99}) {
            int trials = m < 20 ? 20_000 : 4_000;
            double sum = 0;
            for (int trial = 0; trial < trials; trial++) {
                double[] row = new double[m];
                for (int e = 0; e < m; e++) {
                    row[e] = 0.5 * random.nextGaussian();
                }
                sum += NoiseScale.qn(row);
            }
            assertThat(sum / trials).as("mean Qn of %d values", m).isCloseTo(0.5, within(0.5 * 0.015));
        }
    }

    @Test
    void measuresTheSpreadWithinTheLevelsHoweverARowIsSplitBetweenThem() {
        // A task's row: its relatives at one level, the unrelated tasks at another. Without noise the spread within
        // the levels is 0, and Qn says so for every split of a row of 5 entries or more; the median absolute
        // deviation measured the distance between the levels when the split was about even (its median falls
        // between them). With 4 entries split 2 + 2 Qn breaks down too, hence the pooled estimate below 5 entries.
        for (int m = 5; m <= 30; m++) {
            for (int related = 1; related < m; related++) {
                double[] row = new double[m];
                for (int e = 0; e < m; e++) {
                    row[e] = e < related ? 1.0 : -1.0;
                }
                assertThat(NoiseScale.qn(row)).as("%d of %d related", related, m).isZero();
            }
        }
        assertThat(NoiseScale.qn(new double[] {1, 1, -1, -1})).isPositive();
        // With noise 0.1 the estimate stays within a few times the noise (the more even the split, the fewer pairs lie
        // within a level and the higher Qn reads: about 3× for 3 of 6, 1.3× for 1 of 9), where the MAD read the
        // distance between the levels (≈ 1.5, fifteen times the noise).
        Random random = new Random(5);
        double worst = 0;
        for (int m = 5; m <= 30; m++) {
            for (int related = 1; related < m; related++) {
                double[] row = new double[m];
                for (int e = 0; e < m; e++) {
                    row[e] = (e < related ? 1.0 : -1.0) + 0.1 * random.nextGaussian();
                }
                worst = Math.max(worst, NoiseScale.qn(row));
            }
        }
        assertThat(worst).isLessThan(0.5);
    }

    @Test
    void aGroupOfFourAmongSevenTasksIsNotMistakenForNoise() {
        // The cluster-service pipeline's matrix: a1..a4 and b1..b3, +1 within a block, −1 across, small noise. With
        // the MAD, the rows of a1..a4 (three entries +1, three −1) got σ̂ ≈ 1.5 and the block was split into
        // singletons.
        double[][] t = GroupingPlannerTest.signBlocks(new int[] {4, 3}, 0.1);
        for (double sigma : NoiseScale.perTask(t)) {
            assertThat(sigma).isLessThan(0.2);
        }
    }

    @Test
    void recoversGaussianNoiseDespiteAFewStrongAffinities() {
        int n = 60;
        Random random = new Random(3);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                t[i][j] = 0.7 * random.nextGaussian() + (j == i + 1 ? 5.0 : 0.0);
                t[j][i] = t[i][j];
            }
        }
        assertThat(NoiseScale.pooled(t)).isCloseTo(0.7, within(0.05));
    }

    @Test
    void perTaskScalesSeparateNoisyRowsFromTightOnes() {
        // Tasks 0..4 have tight rows (noise 0.1); tasks 5..9 are noisy (noise 1) among themselves.
        int n = 10;
        Random random = new Random(8);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                t[i][j] = (i >= 5 && j >= 5 ? 1.0 : 0.1) * random.nextGaussian();
                t[j][i] = t[i][j];
            }
        }
        double[] sigma = NoiseScale.perTask(t);
        for (int i = 0; i < 5; i++) {
            assertThat(sigma[i]).isLessThan(0.3);
        }
        double[][] v = NoiseScale.pairVariances(t);
        assertThat(v[0][7]).isCloseTo(0.5 * (sigma[0] * sigma[0] + sigma[7] * sigma[7]), within(1e-12));
        assertThat(v[3][3]).isZero();
        assertThat(NoiseScale.perTask(new double[][] {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}}))
                .containsOnly(NoiseScale.pooled(new double[][] {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}}));
        // Five tasks (rows of 4 entries) use the pooled estimate: a 2 + 2 row would break Qn down.
        double[][] five = Matrices.randomAffinity(5, 4);
        assertThat(NoiseScale.perTask(five)).containsOnly(NoiseScale.pooled(five));
    }

    @Test
    void matricesOfAtMostEightTasksShareOnePooledScale() {
        Random random = new Random(4);
        double[][] t = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                t[i][j] = random.nextGaussian();
                t[j][i] = t[i][j];
            }
        }
        double pooled = NoiseScale.pooled(t);
        assertThat(NoiseScale.perTask(t)).containsOnly(pooled);
        double[] perRow = NoiseScale.perTask(t, NoiseScale.MIN_POOLED_UP_TO_TASKS);
        assertThat(perRow).doesNotContain(pooled);
        assertThat(new GroupCountRule.NoiseCalibrated(2.0).pooledUpTo()).isEqualTo(NoiseScale.POOLED_UP_TO_TASKS);
        assertThatThrownBy(() -> NoiseScale.perTask(t, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCountRule.NoiseCalibrated(2.0, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
