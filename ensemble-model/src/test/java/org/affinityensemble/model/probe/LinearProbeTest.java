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

    /** Train, validation and test splits of the clusters: 20, 10 and 30 examples per class, seeds 1, 2 and 3. */
    private record Splits(float[][] trainX, int[] trainY, float[][] validationX, int[] validationY, float[][] testX,
            int[] testY) {

        static Splits clustered() {
            int[] trainY = new int[60];
            int[] validationY = new int[30];
            int[] testY = new int[90];
            float[][] trainX = clusters(20, 1, trainY);
            float[][] validationX = clusters(10, 2, validationY);
            float[][] testX = clusters(30, 3, testY);
            return new Splits(trainX, trainY, validationX, validationY, testX, testY);
        }
    }

    @Test
    void separatesSeparableClassesAndPredictsUnseenOnes() {
        Splits data = Splits.clustered();

        LinearProbe probe = LinearProbe.fit(data.trainX(), data.trainY(), data.validationX(), data.validationY(), 3,
                LinearProbe.DEFAULT_GRID);

        assertThat(LinearProbe.accuracy(probe.predict(data.trainX()), data.trainY())).isEqualTo(1.0);
        assertThat(probe.validationAccuracy()).isEqualTo(1.0);
        assertThat(LinearProbe.accuracy(probe.predict(data.testX()), data.testY())).isGreaterThanOrEqualTo(0.98);
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

    @Test
    void aStoredProbeScoresExactlyAsTheFittedOne() {
        Splits data = Splits.clustered();
        LinearProbe probe = LinearProbe.fit(data.trainX(), data.trainY(), data.validationX(), data.validationY(), 4,
                List.of(0.01, 1.0));
        float[][] testX = data.testX();

        LinearProbe stored = LinearProbe.fromBytes(probe.toBytes());

        assertThat(stored.c()).isEqualTo(probe.c());
        assertThat(stored.validationAccuracy()).isEqualTo(probe.validationAccuracy());
        assertThat(stored.predict(testX)).containsExactly(probe.predict(testX));
        double[][] expected = probe.logProbabilities(testX, 4);
        double[][] actual = stored.logProbabilities(testX, 4);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void refusesBytesThatAreNotAStoredProbe() {
        assertThatThrownBy(() -> LinearProbe.fromBytes("solver_type L2R_LR\n".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stored linear probe");
        assertThatThrownBy(() -> LinearProbe.fromBytes(
                "# affinity-ensemble linear probe: C, validation accuracy: 1.0 0.5\nnonsense\n".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stored linear probe");
    }

    @Test
    void theMixtureIsTheWeightedSumOfLogProbabilities() {
        double[][] mixed = LinearProbe.mixed(new double[][] {{0, 0}},
                new double[][] {{Math.log(0.9), Math.log(0.1)}}, 0.5);
        assertThat(mixed[0][0]).isCloseTo(0.5 * Math.log(0.5) + 0.5 * Math.log(0.9),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mixed[0][1]).isCloseTo(0.5 * Math.log(0.5) + 0.5 * Math.log(0.1),
                org.assertj.core.data.Offset.offset(1e-12));
        // α = 1 is the probe alone, α = 0 the ensemble's log-softmax
        assertThat(LinearProbe.mixed(new double[][] {{3, 1}}, new double[][] {{-0.1, -2.3}}, 1)[0])
                .containsExactly(-0.1, -2.3);
        double[] alone = LinearProbe.mixed(new double[][] {{3, 1}}, new double[][] {{-0.1, -2.3}}, 0)[0];
        assertThat(Math.exp(alone[0]) + Math.exp(alone[1])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(alone[0] - alone[1]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> LinearProbe.mixed(new double[][] {{0, 0}}, new double[0][], 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinearProbe.mixed(new double[][] {{0, 0}}, new double[][] {{0, 0}}, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
