package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a partner stands in its row, whether a grouping keeps it together, whether the matrix orders as training. */
class AffinityFiguresTest {

    private static final List<String> TASKS = List.of("a_a", "a_b", "b_a", "b_b", "c");
    private static final double[][] MATRIX = {
        {0, 1.2, 0.5, -0.3, 0.1},
        {1.2, 0, 1.5, 0.2, -1.0},
        {0.5, 1.5, 0, 0.9, 0.0},
        {-0.3, 0.2, 0.9, 0, 0.4},
        {0.1, -1.0, 0.0, 0.4, 0},
    };

    @Test
    void aPartnersRankCountsTheStrictlyStrongerEntriesOfItsRow() {
        assertThat(AffinityFigures.partnerRank(TASKS, MATRIX, "a_a", "a_b")).isEqualTo(1);
        // a_b's row: b_a (1.5) is above a_a (1.2)
        assertThat(AffinityFigures.partnerRank(TASKS, MATRIX, "a_b", "a_a")).isEqualTo(2);
        assertThat(AffinityFigures.partnerRank(TASKS, MATRIX, "b_a", "b_b")).isEqualTo(2);
        assertThat(AffinityFigures.partnerRank(TASKS, MATRIX, "b_b", "b_a")).isEqualTo(1);
        assertThat(AffinityFigures.partnerRank(TASKS, MATRIX, "c", "a_b")).isEqualTo(4);
        assertThatThrownBy(() -> AffinityFigures.partnerRank(TASKS, MATRIX, "c", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AffinityFigures.partnerRank(TASKS, MATRIX, "c", "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void top1MeanRankAndAboveTheMedianSummariseTheRanks() {
        Map<String, String> twins = new LinkedHashMap<>(Map.of("a_a", "a_b", "a_b", "a_a", "b_a", "b_b", "b_b",
                "b_a"));
        Map<String, Integer> ranks = AffinityFigures.partnerRanks(TASKS, MATRIX, twins);
        assertThat(ranks).containsEntry("a_a", 1).containsEntry("a_b", 2).containsEntry("b_a", 2)
                .containsEntry("b_b", 1);
        assertThat(AffinityFigures.top1(ranks)).isEqualTo(0.5);
        assertThat(AffinityFigures.meanRank(ranks)).isEqualTo(1.5);
        // five tasks, four others: above the median means rank 1 (rank < 2.5 keeps 2 as well)
        assertThat(AffinityFigures.aboveMedian(ranks, 5)).isEqualTo(1.0);
        assertThat(AffinityFigures.aboveMedian(Map.of("x", 3, "y", 2), 5)).isEqualTo(0.5);
        // ten tasks, nine others: rank 4 is above the median, rank 5 is the median
        assertThat(AffinityFigures.aboveMedian(Map.of("x", 4, "y", 5), 10)).isEqualTo(0.5);
    }

    @Test
    void aPairIsGroupedWhenOneGroupHoldsBoth() {
        Map<String, String> pairs = Map.of("a_a", "a_b", "b_a", "b_b");
        assertThat(AffinityFigures.grouped(List.of(List.of("a_a", "a_b", "c"), List.of("b_a"), List.of("b_b")),
                pairs)).isEqualTo(0.5);
        assertThat(AffinityFigures.grouped(List.of(List.of("a_a", "b_a"), List.of("a_b", "b_b", "c")), pairs))
                .isEqualTo(0.0);
        assertThat(AffinityFigures.grouped(List.of(TASKS), pairs)).isEqualTo(1.0);
    }

    @Test
    void theOrderAgreesWhenTheHigherAffinityGaveTheLowerLoss() {
        Map<String, Double> affinity = new LinkedHashMap<>();
        affinity.put("twin", 1.0);
        affinity.put("family", 0.5);
        affinity.put("unrelated", -0.5);
        assertThat(AffinityFigures.orderAgreement(affinity, Map.of("twin", 0.2, "family", 0.3, "unrelated", 0.4)))
                .isEqualTo(1.0);
        // the unrelated partner helped most: two of three pairs disagree
        assertThat(AffinityFigures.orderAgreement(affinity, Map.of("twin", 0.2, "family", 0.3, "unrelated", 0.1)))
                .isEqualTo(1.0 / 3);
        // a tie in the losses is no agreement
        assertThat(AffinityFigures.orderAgreement(Map.of("x", 1.0, "y", 0.0), Map.of("x", 0.2, "y", 0.2)))
                .isEqualTo(0.0);
    }

    @Test
    void onlyPairsTheRunsResolveAreCounted() {
        Map<String, Double> affinity = new LinkedHashMap<>();
        affinity.put("twin", 1.0);
        affinity.put("family", 0.5);
        affinity.put("unrelated", -0.5);
        // twin and family 0.01 apart: below a run noise of 0.02, so only the two pairs with the unrelated count
        Map<String, Double> loss = Map.of("twin", 0.21, "family", 0.20, "unrelated", 0.30);
        assertThat(AffinityFigures.resolvedOrderAgreement(affinity, loss, 0.02))
                .isEqualTo(new AffinityFigures.Agreement(2, 2));
        assertThat(AffinityFigures.resolvedOrderAgreement(affinity, loss, 0.0))
                .isEqualTo(new AffinityFigures.Agreement(3, 2));
        assertThat(AffinityFigures.resolvedOrderAgreement(affinity, loss, 0.5))
                .isEqualTo(new AffinityFigures.Agreement(0, 0));
    }

    @Test
    void theRunNoiseIsTheRangeOfTheRuns() {
        assertThat(AffinityFigures.range(0.30, List.of(0.25, 0.28))).isCloseTo(0.05, within(1e-12));
        assertThat(AffinityFigures.range(0.30, List.of())).isZero();
    }
}
