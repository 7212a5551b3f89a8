package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    /**
     * Brute-force reference: among all ways to split the total, the largest-remainder result is one of those
     * that keep every part at the floor or ceiling of its exact share, and it gives the ceilings to the parts
     * with the largest fractional remainders.
     */
    @Test
    void everyPartIsTheFloorOrCeilingOfItsShareAndCeilingsGoToTheLargestRemainders() {
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            int total = random.nextInt(40);
            double[] weights = new double[1 + random.nextInt(5)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 10;
            }
            double sum = Arrays.stream(weights).sum();
            int[] parts = LargestRemainder.apportion(total, weights, false);
            if (sum == 0) {
                assertThat(parts).containsOnly(0);
                continue;
            }
            assertThat(Arrays.stream(parts).sum()).isEqualTo(total);
            for (int i = 0; i < parts.length; i++) {
                double exact = total * weights[i] / sum;
                assertThat((double) parts[i]).isBetween(Math.floor(exact) - 1e-9, Math.ceil(exact) + 1e-9);
                for (int j = 0; j < parts.length; j++) {
                    double exactJ = total * weights[j] / sum;
                    boolean iRoundedUp = parts[i] > Math.floor(exact + 1e-12);
                    boolean jRoundedDown = parts[j] < exactJ - 1e-9;
                    if (iRoundedUp && jRoundedDown) {
                        assertThat(exact - Math.floor(exact)).isGreaterThanOrEqualTo(exactJ - Math.floor(exactJ) - 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void atLeastOneTakesFromTheLargestPartWhenTheTotalAllows() {
        assertThat(LargestRemainder.apportion(3, new double[] {0.7, 0.1, 0.2}, true)).containsExactly(1, 1, 1);
        assertThat(LargestRemainder.apportion(6, new double[] {0.7, 0.1, 0.2}, true)).containsExactly(4, 1, 1);
        assertThat(LargestRemainder.apportion(2, new double[] {0.7, 0.1, 0.2}, true)).containsExactly(1, 0, 1);
        assertThat(LargestRemainder.apportion(1, new double[] {0.7, 0.1, 0.2}, true)).containsExactly(1, 0, 0);
        assertThat(LargestRemainder.apportion(3, new double[] {0.9, 0, 0.1}, true)).containsExactly(2, 0, 1);
    }

    @Test
    void rejectsNegativeOrNonFiniteWeights() {
        assertThatThrownBy(() -> LargestRemainder.apportion(3, new double[] {1, -1}, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LargestRemainder.apportion(3, new double[] {Double.NaN}, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
