package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffinityMatrixTest {

    private static final List<String> TASKS = List.of("a", "b", "c", "d");

    /** Subset estimates given as alternating task, loss; accuracy is 1 - loss / 10. */
    private static SubsetEstimate losses(Object... taskThenLoss) {
        Map<String, TaskEstimate> estimates = new HashMap<>();
        for (int i = 0; i < taskThenLoss.length; i += 2) {
            double loss = ((Number) taskThenLoss[i + 1]).doubleValue();
            estimates.put((String) taskThenLoss[i], new TaskEstimate(loss, 1 - loss / 10, 100));
        }
        return new SubsetEstimate(TaskSubset.of(estimates.keySet()), estimates, 5, 1e-12);
    }

    private static List<SubsetEstimate> handWorkedExample() {
        return List.of(
                losses("a", 1.0, "b", 2.0),
                losses("a", 1.4, "c", 3.0),
                losses("a", 1.2, "d", 1.0),
                losses("b", 2.2, "c", 2.6, "d", 1.1),
                losses("b", 1.8, "c", 3.0));
    }

    @Test
    void matchesTheHandWorkedDefinition() {
        // Raw R = -mean loss of the row task over subsets holding the pair:
        // a: b -1.0, c -1.4, d -1.2  -> z = ( r, -r, 0)    with r = √1.5
        // b: a -2.0, c -2.0, d -2.2  -> z = ( h,  h, -√2)  with h = 1/√2
        // c: a -3.0, b -2.8, d -2.6  -> z = (-r,  0,  r)
        // d: a -1.0, b -1.1, c -1.1  -> z = (√2, -h, -h)
        double r = Math.sqrt(1.5);
        double h = 1 / Math.sqrt(2);
        double[][] expected = {
                {0, (r + h) / 2, -r, Math.sqrt(2) / 2},
                {(r + h) / 2, 0, h / 2, (-Math.sqrt(2) - h) / 2},
                {-r, h / 2, 0, (r - h) / 2},
                {Math.sqrt(2) / 2, (-Math.sqrt(2) - h) / 2, (r - h) / 2, 0}};

        double[][] t = AffinityMatrix.compute(TASKS, handWorkedExample(), AffinityMetric.NEGATIVE_LOSS);

        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(t[i][j]).as("T[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-12));
            }
        }
        double[][] raw = AffinityMatrix.meanScores(TASKS, handWorkedExample(), AffinityMetric.NEGATIVE_LOSS);
        assertThat(raw[1][2]).isCloseTo(-2.0, within(1e-15));
        assertThat(raw[2][2]).isNaN();
    }

    @Test
    void accuracyMetricOrdersPartnersTheSameWayWhenAccuracyFollowsLoss() {
        // Accuracy is a decreasing affine function of loss here, so z-scores are identical.
        double[][] byLoss = AffinityMatrix.compute(TASKS, handWorkedExample(), AffinityMetric.NEGATIVE_LOSS);
        double[][] byAccuracy = AffinityMatrix.compute(TASKS, handWorkedExample(), AffinityMetric.ACCURACY);

        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(byAccuracy[i][j]).isCloseTo(byLoss[i][j], within(1e-9));
            }
        }
    }

    @Test
    void aPartnerThatLowersTheLossGetsThePositiveEntry() {
        List<SubsetEstimate> estimates = List.of(
                losses("a", 0.2, "b", 0.5), losses("a", 0.9, "c", 0.5), losses("b", 0.5, "c", 0.5));

        double[][] t = AffinityMatrix.compute(List.of("a", "b", "c"), estimates, AffinityMetric.NEGATIVE_LOSS);

        assertThat(t[0][1]).isPositive();
        assertThat(t[0][2]).isNegative();
    }

    @Test
    void uncoveredPairsAndSpreadlessRowsGetZeroAndTheMatrixIsSymmetric() {
        List<SubsetEstimate> estimates = List.of(losses("a", 1.0, "b", 2.0), losses("a", 1.5, "c", 2.0),
                losses("b", 2.0, "c", 2.0), losses("a", 0.1, "zzz", 0.1));

        double[][] t = AffinityMatrix.compute(TASKS, estimates, AffinityMetric.NEGATIVE_LOSS);

        // d is in no subset: its row and column are zero. Rows b and c have tied partners, so zero z-scores;
        // row a: b at -1.0, c at -1.5 gives z = +1, -1. The subset with the unlisted task "zzz" is ignored.
        assertThat(t[3]).containsOnly(0.0);
        for (int i = 0; i < 4; i++) {
            assertThat(t[i][i]).isZero();
            for (int j = 0; j < 4; j++) {
                assertThat(t[i][j]).isEqualTo(t[j][i]);
            }
        }
        assertThat(t[0][1]).isCloseTo(0.5, within(1e-12));
        assertThat(t[0][2]).isCloseTo(-0.5, within(1e-12));
        assertThat(t[1][2]).isZero();
    }

    @Test
    void resultDoesNotDependOnTheOrderOfEstimates() {
        List<SubsetEstimate> shuffled = new ArrayList<>(handWorkedExample());
        Collections.shuffle(shuffled, new Random(4));

        assertThat(AffinityMatrix.compute(TASKS, shuffled, AffinityMetric.NEGATIVE_LOSS))
                .isEqualTo(AffinityMatrix.compute(TASKS, handWorkedExample(), AffinityMetric.NEGATIVE_LOSS));
    }
}
