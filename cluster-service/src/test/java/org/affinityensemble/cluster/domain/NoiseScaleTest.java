package org.affinityensemble.cluster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseScaleTest {

    @Test
    void isTheScaledMedianAbsoluteDeviation() {
        // Upper entries 1, 2, 4, 7, 8, 20: median 5.5, deviations 4.5 3.5 1.5 1.5 2.5 14.5, MAD 3.0.
        double[][] t = {
            {0, 1, 2, 4},
            {1, 0, 7, 8},
            {2, 7, 0, 20},
            {4, 8, 20, 0}};
        assertThat(NoiseScale.pooled(t)).isCloseTo(1.4826 * 3.0, within(1e-12));
        assertThat(NoiseScale.pooled(new double[][] {{0}})).isZero();
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
    }
}
