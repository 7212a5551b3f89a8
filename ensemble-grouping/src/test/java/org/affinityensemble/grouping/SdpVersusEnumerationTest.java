package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The grouping planner against the exact optimum found by enumerating every partition, for n = 6..9 tasks, under
 * each way of choosing m: trace penalty μ = 0, fixed m = 3, and the default noise-calibrated rule. The shortfall
 * (optimum − planner) / max(1, |optimum|) is printed; the thresholds asserted sit above what was measured
 * (docs/clustering.md) so that a regression in the solver or the rounding fails the test.
 */
class SdpVersusEnumerationTest {

    private static final int INSTANCES = 24;
    private static final int FIXED_M = 3;

    private final GroupingPlanner tracePenalty = new GroupingPlanner(
            new PlannerSettings(new GroupCountRule.TracePenalty(0.0), 42, SdpSettings.defaults()));
    private final GroupingPlanner noiseCalibrated = new GroupingPlanner();

    @Test
    void plannerMatchesTheEnumeratedOptimumOnPlantedMatrices() {
        Report report = compare(seed -> PlantedBlocks.generate(6 + (int) (seed % 4), 3, 0.6, seed).matrix());
        System.out.println("enumeration planted: " + report);
        assertThat(report.penalty.max).isLessThanOrEqualTo(1e-6);
        assertThat(report.fixed.max).isLessThanOrEqualTo(1e-6);
        assertThat(report.calibrated.max).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void plannerFallsShortOfTheEnumeratedOptimumByLittleOnRandomMatrices() {
        Report report = compare(seed -> Matrices.randomAffinity(6 + (int) (seed % 4), 100 + seed));
        System.out.println("enumeration random: " + report);
        for (Shortfall shortfall : List.of(report.penalty, report.fixed, report.calibrated)) {
            assertThat(shortfall.optimal).isGreaterThanOrEqualTo(INSTANCES - 2);
            assertThat(shortfall.mean).isLessThanOrEqualTo(0.01);
            assertThat(shortfall.max).isLessThanOrEqualTo(0.05);
        }
        assertThat(report.thresholdOnly.mean).isGreaterThan(report.penalty.mean);
    }

    private Report compare(LongFunction<double[][]> matrices) {
        Report report = new Report();
        for (long seed = 0; seed < INSTANCES; seed++) {
            double[][] t = matrices.apply(seed);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                ids.add("t" + i);
            }
            GroupingPlan penalty = tracePenalty.plan(ids, t);
            double optimumPenalty = PartitionEnumerator.bestPenalised(t, 0.0).value();
            assertThat(penalty.relaxationBound()).isGreaterThanOrEqualTo(optimumPenalty - 1e-6);
            report.penalty.add(optimumPenalty, penalty.score());

            GroupingPlan fixed = tracePenalty.plan(ids, t, OptionalInt.of(FIXED_M));
            double optimumFixed = PartitionEnumerator.best(t, FIXED_M).value();
            assertThat(fixed.relaxationBound()).isGreaterThanOrEqualTo(optimumFixed - 1e-6);
            report.fixed.add(optimumFixed, fixed.score());

            GroupPenalty calibratedPenalty = new GroupPenalty.NoiseCalibrated(2.0, NoiseScale.pairVariances(t));
            report.calibrated.add(PartitionEnumerator.bestPenalised(t, calibratedPenalty).value(),
                    noiseCalibrated.plan(ids, t).score());

            report.thresholdOnly.add(optimumPenalty,
                    ClusteringObjective.value(t, ThresholdRounding.round(penalty.relaxation().x(), 0.5)));
        }
        return report;
    }

    /** Shortfalls of one rule over the instances. */
    private static final class Shortfall {
        private int count;
        private int optimal;
        private double mean;
        private double max;

        void add(double optimum, double found) {
            double shortfall = (optimum - found) / Math.max(1.0, Math.abs(optimum));
            count++;
            optimal += shortfall <= 1e-9 ? 1 : 0;
            mean += (shortfall - mean) / count;
            max = Math.max(max, shortfall);
        }

        @Override
        public String toString() {
            return String.format("optimal=%d/%d mean_shortfall=%.5f max_shortfall=%.5f", optimal, count, mean, max);
        }
    }

    /** Shortfalls of every rule. */
    private static final class Report {
        private final Shortfall penalty = new Shortfall();
        private final Shortfall fixed = new Shortfall();
        private final Shortfall calibrated = new Shortfall();
        private final Shortfall thresholdOnly = new Shortfall();

        @Override
        public String toString() {
            return "trace-penalty(mu=0) " + penalty + " | trace(m=" + FIXED_M + ") " + fixed
                    + " | noise-calibrated(z=2) " + calibrated
                    + " | penalty SDP + threshold 0.5 without local search " + thresholdOnly;
        }
    }
}
