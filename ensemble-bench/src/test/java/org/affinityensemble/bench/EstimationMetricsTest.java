package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EstimationMetricsTest {

    @Test
    void relativeErrorIsTheMeanOfAbsoluteDifferencesOverTheRealLoss() {
        List<LossPair> pairs = List.of(new LossPair("a", 1.1, 1.0), new LossPair("b", 0.45, 0.5),
                new LossPair("c", 2.0, 2.0));
        // (0.1/1.0 + 0.05/0.5 + 0) / 3 = 0.2 / 3
        assertThat(EstimationMetrics.meanRelativeError(pairs)).isCloseTo(0.2 / 3, within(1e-12));
    }

    @Test
    void aRepeatIsComparedWithTheReferenceRunAsAnEstimateIsWithTheRealLoss() {
        List<Map<String, Double>> reference = List.of(losses("a", 1.0, "b", 0.5), losses("c", 2.0, "a", 0.8));
        // the repeat lists its tasks in another order: pairs follow the reference's
        List<Map<String, Double>> repeat = List.of(losses("b", 0.55, "a", 0.9), losses("c", 2.0, "a", 1.0));

        List<LossPair> pairs = EstimationMetrics.repeatPairs(reference, repeat);

        assertThat(pairs).containsExactly(new LossPair("a", 0.9, 1.0), new LossPair("b", 0.55, 0.5),
                new LossPair("c", 2.0, 2.0), new LossPair("a", 1.0, 0.8));
        // (0.1/1.0 + 0.05/0.5 + 0 + 0.2/0.8) / 4 = 0.45 / 4: relative to the reference, not to the repeat
        assertThat(EstimationMetrics.meanRelativeError(pairs)).isCloseTo(0.45 / 4, within(1e-12));
        assertThat(EstimationMetrics.meanRelativeError(EstimationMetrics.repeatPairs(repeat, reference)))
                .isNotCloseTo(0.45 / 4, within(1e-3));
        // identical runs: no noise
        assertThat(EstimationMetrics.meanRelativeError(EstimationMetrics.repeatPairs(reference, reference)))
                .isZero();
    }

    @Test
    void aRepeatMustCoverTheSameSubsetsAndTasks() {
        List<Map<String, Double>> reference = List.of(losses("a", 1.0, "b", 0.5), losses("c", 2.0, "a", 0.8));
        assertThatThrownBy(() -> EstimationMetrics.repeatPairs(reference, reference.subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EstimationMetrics.repeatPairs(reference,
                List.of(losses("a", 1.0, "b", 0.5), losses("c", 2.0, "d", 0.8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subset 1");
    }

    private static Map<String, Double> losses(String task1, double loss1, String task2, double loss2) {
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put(task1, loss1);
        losses.put(task2, loss2);
        return losses;
    }

    @Test
    void spearmanOfAHandWorkedCaseWithTies() {
        double[] x = {1.0, 2.0, 2.0, 4.0, 5.0};
        double[] y = {2.0, 1.0, 3.0, 5.0, 4.0};
        // ranks of x: 1, 2.5, 2.5, 4, 5 (the tie shares ranks 2 and 3); ranks of y: 2, 1, 3, 5, 4.
        assertThat(EstimationMetrics.averageRanks(x)).containsExactly(1, 2.5, 2.5, 4, 5);
        // centred ranks: x: -2, -0.5, -0.5, 1, 2; y: -1, -2, 0, 2, 1.
        // Σxy = 2 + 1 + 0 + 2 + 2 = 7; Σx² = 4 + 0.25 + 0.25 + 1 + 4 = 9.5; Σy² = 1 + 4 + 0 + 4 + 1 = 10.
        assertThat(EstimationMetrics.spearman(x, y)).isCloseTo(7 / Math.sqrt(9.5 * 10), within(1e-12));
    }

    @Test
    void withoutTiesSpearmanAgreesWithTheRankDifferenceFormula() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + random.nextInt(30);
            double[] x = random.doubles(n).toArray();
            double[] y = random.doubles(n).toArray();
            double[] rx = EstimationMetrics.averageRanks(x);
            double[] ry = EstimationMetrics.averageRanks(y);
            double squared = 0;
            for (int i = 0; i < n; i++) {
                squared += (rx[i] - ry[i]) * (rx[i] - ry[i]);
            }
            double formula = 1 - 6 * squared / (n * ((double) n * n - 1));
            assertThat(EstimationMetrics.spearman(x, y)).isCloseTo(formula, within(1e-12));
        }
    }

    @Test
    void spearmanIsOneForAnyIncreasingMapAndUndefinedForConstants() {
        double[] x = {0.3, 0.1, 0.9, 0.5};
        double[] y = {Math.exp(0.3), Math.exp(0.1), Math.exp(0.9), Math.exp(0.5)};
        assertThat(EstimationMetrics.spearman(x, y)).isCloseTo(1, within(1e-12));
        assertThat(EstimationMetrics.spearman(x, new double[] {2, 2, 2, 2})).isNaN();
    }

    @Test
    void withinTaskCorrelationAveragesTasksWithThreeOrMorePairs() {
        List<LossPair> pairs = List.of(
                new LossPair("a", 1, 1), new LossPair("a", 2, 2), new LossPair("a", 3, 3),
                new LossPair("b", 1, 3), new LossPair("b", 2, 2), new LossPair("b", 3, 1), new LossPair("b", 4, 0.5),
                new LossPair("c", 1, 1), new LossPair("c", 2, 2));
        // a: +1, b: -1, c has two pairs and is left out
        assertThat(EstimationMetrics.meanWithinTaskRankCorrelation(pairs)).isCloseTo(0, within(1e-12));
        assertThat(EstimationMetrics.meanWithinTaskRankCorrelation(pairs.subList(0, 3))).isCloseTo(1,
                within(1e-12));
    }
}
