package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdjustedRandIndexTest {

    @Test
    void matchesPublishedValues() {
        // Values from scikit-learn's adjusted_rand_score documentation.
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isEqualTo(1.0);
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}))
                .isCloseTo(0.5714285714285715, within(1e-12));
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(-0.5, within(1e-12));
        assertThat(AdjustedRandIndex.of(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void agreesWithThePairCountingFormula() {
        Random random = new Random(4);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(30);
            int[] a = random.ints(n, 0, 1 + random.nextInt(5)).toArray();
            int[] b = random.ints(n, 0, 1 + random.nextInt(5)).toArray();
            assertThat(AdjustedRandIndex.of(a, b)).isCloseTo(pairCounting(a, b), within(1e-10));
        }
    }

    @Test
    void acceptsGroups() {
        assertThat(AdjustedRandIndex.of(List.of(List.of(0, 1), List.of(2)), List.of(List.of(2), List.of(1, 0)), 3))
                .isEqualTo(1.0);
    }

    /** ARI = 2(ad − bc) / ((a+b)(b+d) + (a+c)(c+d)) over pairs: a together in both, d apart in both. */
    private static double pairCounting(int[] x, int[] y) {
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                boolean sameX = x[i] == x[j];
                boolean sameY = y[i] == y[j];
                if (sameX && sameY) {
                    a++;
                } else if (sameX) {
                    b++;
                } else if (sameY) {
                    c++;
                } else {
                    d++;
                }
            }
        }
        if (b == 0 && c == 0) {
            return 1.0;
        }
        return 2.0 * (a * d - b * c) / ((double) (a + b) * (b + d) + (double) (a + c) * (c + d));
    }
}
