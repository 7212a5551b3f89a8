package org.affinityensemble.model.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** Three well-separated clusters in 4 dimensions, class k around 3·e_k, with unit noise. */
    private static float[][] clusters(int perClass, long seed, int[] labels) {
        Random random = new Random(seed);
        float[][] x = new float[3 * perClass][4];
        for (int i = 0; i < x.length; i++) {
            int k = i % 3;
            labels[i] = k;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (random.nextGaussian() * 0.5 + (j == k ? 3 : 0));
            }
        }
        return x;
    }

    @Test
    void separatesSeparableClassesAndPredictsUnseenOnes() {
        int[] trainY = new int[60];
        int[] validationY = new int[30];
        int[] testY = new int[90];
        float[][] trainX = clusters(20, 1, trainY);
        float[][] validationX = clusters(10, 2, validationY);
        float[][] testX = clusters(30, 3, testY);

        LinearProbe probe = LinearProbe.fit(trainX, trainY, validationX, validationY, 3, LinearProbe.DEFAULT_GRID);

        assertThat(LinearProbe.accuracy(probe.predict(trainX), trainY)).isEqualTo(1.0);
        assertThat(probe.validationAccuracy()).isEqualTo(1.0);
        assertThat(LinearProbe.accuracy(probe.predict(testX), testY)).isGreaterThanOrEqualTo(0.98);
        assertThat(LinearProbe.DEFAULT_GRID).contains(probe.c());
    }

    @Test
    void keepsTheSmallestCAmongTiesOnValidation() {
        int[] trainY = new int[60];
        int[] validationY = new int[30];
        float[][] trainX = clusters(20, 1, trainY);
        float[][] validationX = clusters(10, 2, validationY);
        // every C separates these clusters perfectly: the strongest regularisation is kept
        LinearProbe probe = LinearProbe.fit(trainX, trainY, validationX, validationY, 3, List.of(100.0, 1.0, 10.0));
        assertThat(probe.c()).isEqualTo(1.0);
    }

    @Test
    void aBinaryProbeLearnsASignRule() {
        float[][] x = {{-2f}, {-1f}, {-0.5f}, {0.5f}, {1f}, {2f}};
        int[] y = {0, 0, 0, 1, 1, 1};
        LinearProbe probe = LinearProbe.fit(x, y, x, y, 2, List.of(10.0));
        assertThat(probe.predict(new float[][] {{-3f}, {3f}})).containsExactly(0, 1);
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> LinearProbe.fit(new float[][] {{1f}, {2f}}, new int[] {0, 2}, new float[0][],
                new int[0], 2, List.of(1.0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logProbabilitiesAreNormalisedInClassOrderAndAgreeWithThePrediction() {
        // labels first seen in the order 2, 0, 1: the probabilities must still come back in class order
        float[][] x = {{0f, 0f, 3f}, {3f, 0f, 0f}, {0f, 3f, 0f}, {0f, 0f, 2f}, {2f, 0f, 0f}, {0f, 2f, 0f}};
        int[] y = {2, 0, 1, 2, 0, 1};
        LinearProbe probe = LinearProbe.fit(x, y, x, y, 4, List.of(10.0));
        double[][] logP = probe.logProbabilities(new float[][] {{0f, 0f, 3f}, {0f, 3f, 0f}}, 4);
        for (double[] row : logP) {
            assertThat(Math.exp(row[0]) + Math.exp(row[1]) + Math.exp(row[2])).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-5));
            assertThat(row[3]).isEqualTo(Math.log(1e-6)); // class 3 never seen
        }
        assertThat(logP[0][2]).isGreaterThan(Math.max(logP[0][0], logP[0][1]));
        assertThat(logP[1][1]).isGreaterThan(Math.max(logP[1][0], logP[1][2]));
    }
}
