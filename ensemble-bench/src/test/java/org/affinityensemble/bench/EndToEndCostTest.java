package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end speed-up: fine-tuning extrapolated from the measured subsets to the service's 50, gradients
 * counted once, the growth with the number of tasks and its limit.
 */
class EndToEndCostTest {

    /** 8 tasks, 20 subsets of 3 fine-tuned in 600 s (10 s per task of a subset), 80 s of gradients (10 s per task). */
    private static final EndToEndCost COST = new EndToEndCost(8, 3, 20, 600, 80, 0.6);

    @Test
    void theServiceEvaluatesFiftySubsetsOfThirtyPercentOfTheTasks() {
        assertThat(EndToEndCost.serviceSubsets(10)).isEqualTo(50);
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
        // 8 tasks: 50 subsets of 3 → 1500 s of fine-tuning over 80 s + 50·3·0.01 s
        assertThat(COST.speedup(8)).isCloseTo(1500 / 81.5, within(1e-9));
        // 20 tasks: 50 subsets of 6 → 3000 s over 200 s + 3 s
        assertThat(COST.speedup(20)).isCloseTo(3000 / 203.0, within(1e-9));
        // the limit 15·a / (g + 15·e) = 150 / 10.15, approached from below as n grows
        assertThat(COST.asymptoticSpeedup()).isCloseTo(150 / 10.15, within(1e-9));
        assertThat(COST.speedup(100)).isCloseTo(COST.asymptoticSpeedup(), within(0.5));
    }

    @Test
    void theLinesGiveTheSpeedUpItsSubsetsAndTheFormula() {
        List<String> lines = COST.lines("ridge");
        assertThat(lines).startsWith("end_to_end_speedup=18.4", "end_to_end_subsets=50",
                "end_to_end_finetune_seconds=1500.0", "end_to_end_affinity_seconds=81.5");
        assertThat(lines).contains("end_to_end_speedup_n20=14.8", "end_to_end_speedup_limit=14.8");
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
                1500 / (80 + 15.0)));
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> new EndToEndCost(8, 3, 0, 600, 80, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EndToEndCost(8, 3, 20, 600, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
