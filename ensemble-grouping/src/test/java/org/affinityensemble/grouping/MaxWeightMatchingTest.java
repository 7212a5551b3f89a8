package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaxWeightMatchingTest {

    @Test
    void matchesBruteForceOnRandomRectangularMatrices() {
        Random random = new Random(6);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = 1 + random.nextInt(6);
            double[][] w = new double[rows][columns];
            for (double[] row : w) {
                for (int j = 0; j < columns; j++) {
                    row[j] = random.nextInt(4) == 0 ? 0 : random.nextInt(10) + random.nextDouble();
                }
            }
            int[] match = MaxWeightMatching.maximise(w);
            Set<Integer> used = new HashSet<>();
            double total = 0;
            for (int i = 0; i < rows; i++) {
                if (match[i] >= 0) {
                    assertThat(used.add(match[i])).isTrue();
                    total += w[i][match[i]];
                }
            }
            assertThat(total).isCloseTo(bruteForce(w, 0, new boolean[columns]), within(1e-9));
        }
    }

    private static double bruteForce(double[][] w, int row, boolean[] used) {
        if (row == w.length) {
            return 0;
        }
        double best = bruteForce(w, row + 1, used);
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.max(best, w[row][j] + bruteForce(w, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
