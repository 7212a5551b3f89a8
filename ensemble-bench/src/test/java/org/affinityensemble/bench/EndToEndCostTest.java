package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end speed-up: fine-tuning extrapolated from the measured subsets to the service's, gradients
 * counted once, the growth with the number of tasks and its limit.
 */
class EndToEndCostTest {

    /** 8 tasks, 20 subsets of 3 fine-tuned in 600 s (10 s per task of a subset), 80 s of gradients (10 s per task). */
    private static final EndToEndCost COST = new EndToEndCost(8, 3, 20, 600, 80, 0.6);

    @Test
    void theServiceEvaluatesSubsetsOfThirtyPercentOfTheTasksUntilEveryPairIsCovered() {
        // ten tasks: a pair is in C(8,1) = 8 distinct triples, fewer than the coverage of 10, so all C(10,3) = 120
        assertThat(EndToEndCost.serviceSubsets(10)).isEqualTo(120);
        // twenty: subsets of 6 hold 15 of the 190 pairs, so at least 190·10/15 ≈ 127 of them
        assertThat(EndToEndCost.serviceSubsets(20)).isBetween(127, 160);
        assertThat(EndToEndCost.serviceSubsetSize(10)).isEqualTo(3);
        assertThat(EndToEndCost.serviceSubsetSize(8)).isEqualTo(3);
        // four tasks: C(4,2) = 6 subsets of two is all there is
        assertThat(EndToEndCost.serviceSubsets(4)).isEqualTo(6);
    }

    @Test
    void theFineTuningSideIsExtrapolatedPerTaskOfASubsetAndTheGradientsArePaidOnce() {
        assertThat(COST.finetunePerTask()).isEqualTo(10.0);
        assertThat(COST.gradientPerTask()).isEqualTo(10.0);
        assertThat(COST.estimatePerTask()).isCloseTo(0.01, within(1e-12));
        // 8 tasks: all C(8,3) = 56 triples (a pair is in 6) → 1680 s of fine-tuning over 80 s + 56·3·0.01 s
        assertThat(EndToEndCost.serviceSubsets(8)).isEqualTo(56);
        assertThat(COST.speedup(8)).isCloseTo(1680 / 81.68, within(1e-9));
        // 20 tasks: S subsets of 6 → S·6·10 s over 200 s + S·6·0.01 s
        int s20 = EndToEndCost.serviceSubsets(20);
        assertThat(COST.speedup(20)).isCloseTo(s20 * 60.0 / (200 + s20 * 0.06), within(1e-9));
        // the limit s·a / (g + s·e), s = 10 / 0.3 tasks fine-tuned per task (the coverage dominates 50·0.3 = 15)
        double s = 10 / 0.3;
        assertThat(COST.asymptoticSpeedup()).isCloseTo(s * 10 / (10 + s * 0.01), within(1e-9));
        // the sampler's greedy plan covers some pairs more than ten times, so the speed-up at n = 100 is above it
        assertThat(COST.speedup(100)).isBetween(COST.asymptoticSpeedup(), 1.5 * COST.asymptoticSpeedup());
    }

    @Test
    void theLinesGiveTheSpeedUpItsSubsetsAndTheFormula() {
        List<String> lines = COST.lines("ridge");
        assertThat(lines).startsWith("end_to_end_speedup=20.6", "end_to_end_subsets=56",
                "end_to_end_finetune_seconds=1680.0", "end_to_end_affinity_seconds=81.7");
        assertThat(lines).contains(String.format(java.util.Locale.ROOT, "end_to_end_speedup_n20=%.1f",
                COST.speedup(20)), "end_to_end_speedup_limit=32.3");
        assertThat(lines).anyMatch(line -> line.startsWith("# end_to_end_speedup = ")
                && line.contains("extrapolated from the 20 subsets") && line.contains("ridge"));
        assertThat(lines).anyMatch(line -> line.contains("speedup(n) = S(n)*k(n)*a / (n*g + S(n)*k(n)*e)"));
    }

    @Test
    void theEstimateBenchmarkCountsTheServicesEstimator() {
        Map<Integer, EstimationFigures> byDim = new TreeMap<>(Map.of(400, new EstimationFigures(0.1, 0.9, 0.4)));
        EstimateOptions options = EstimateOptions.parse(new String[] {"--dims=400", "--dim=400"});
        EstimateBenchmarkResult result = new EstimateBenchmarkResult(options, 24, 20, 0.05, null, 80, 500, 100, 2,
                byDim, byDim.get(400), 0, 1, 1, null, Double.NaN, null, 30, null,
                Map.of(400, new EstimateBenchmarkResult.Trajectory(byDim.get(400), 2.0, 6)));
        // θ* with A frozen: the trajectory's 6 s, not the ridge's 2 s; 8 tasks in subsets of 3
        assertThat(result.serviceUsesTrajectory()).isTrue();
        assertThat(result.endToEnd()).isEqualTo(new EndToEndCost(8, 3, 20, 600, 80, 6));
        assertThat(result.lines()).contains("end_to_end_speedup=" + String.format(java.util.Locale.ROOT, "%.1f",
                1680 / (80 + 16.8)));
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> new EndToEndCost(8, 3, 0, 600, 80, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EndToEndCost(8, 3, 20, 600, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
