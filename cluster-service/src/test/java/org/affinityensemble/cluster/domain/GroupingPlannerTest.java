package org.affinityensemble.cluster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.affinityensemble.cluster.bench.PlantedBlocks;
import org.affinityensemble.cluster.bench.ZScoredClusters;
import org.junit.jupiter.api.Test;

class GroupingPlannerTest {

    private static final List<String> TASKS = List.of("sent_amazon", "spam_email", "wordnet_noun", "sent_imdb",
            "fortune_category", "brown_genre", "wordnet_verb", "reuters_grain", "foldoc_domain", "fortune_language");
    private static final List<List<String>> EXPECTED = ZScoredClusters.BENCHMARK_SHAPE.stream()
            .map(group -> group.stream().map(TASKS::get).toList()).toList();

    private final GroupingPlanner planner = new GroupingPlanner();

    private static double[][] benchmarkLikeAffinity(double noise, long seed) {
        return ZScoredClusters.generate(ZScoredClusters.BENCHMARK_SHAPE, noise, seed);
    }

    @Test
    void findsTheRelatedClustersAndLeavesUnrelatedTasksAloneAtLowNoise() {
        GroupingPlanner strict = new GroupingPlanner(
                new PlannerSettings(new GroupCountRule.NoiseCalibrated(3.0), 42, SdpSettings.defaults()));
        for (long seed = 0; seed < 5; seed++) {
            GroupingPlan plan = strict.plan(TASKS, benchmarkLikeAffinity(0.05, seed));
            assertThat(plan.groups()).containsExactlyInAnyOrderElementsOf(EXPECTED);
            assertThat(plan.relaxation().converged()).isTrue();
            assertThat(plan.relaxationBound()).isGreaterThanOrEqualTo(plan.objective() - 1e-6);
            assertThat(plan.method()).isEqualTo("sdp-penalty(mu=0)+rounding+noise-calibrated(z=3.0)");
        }
    }

    @Test
    void noiseCalibratedRuleBeatsThePlainTracePenaltyOnZScoredAffinities() {
        GroupingPlanner plainPenalty = new GroupingPlanner(
                new PlannerSettings(new GroupCountRule.TracePenalty(0.0), 42, SdpSettings.defaults()));
        int exactCalibrated = 0;
        int exactPenalty = 0;
        double ariCalibrated = 0;
        int trials = 20;
        for (long seed = 0; seed < trials; seed++) {
            double[][] t = benchmarkLikeAffinity(0.15, seed);
            List<List<String>> calibrated = planner.plan(TASKS, t).groups();
            List<List<String>> penalty = plainPenalty.plan(TASKS, t).groups();
            exactCalibrated += sameGroups(calibrated, EXPECTED) ? 1 : 0;
            exactPenalty += sameGroups(penalty, EXPECTED) ? 1 : 0;
            ariCalibrated += AdjustedRandIndex.of(indices(calibrated), ZScoredClusters.BENCHMARK_SHAPE, TASKS.size());
        }
        System.out.printf("benchmark shape, noise 0.15, %d seeds: exact noise-calibrated=%d trace-penalty(0)=%d,"
                + " mean ARI noise-calibrated=%.3f%n", trials, exactCalibrated, exactPenalty, ariCalibrated / trials);
        assertThat(exactCalibrated).isGreaterThanOrEqualTo(12).isGreaterThan(exactPenalty + 5);
        assertThat(ariCalibrated / trials).isGreaterThan(0.9);
    }

    @Test
    void fixedMHonoursTheConfiguredCount() {
        GroupingPlan plan = planner.plan(TASKS, benchmarkLikeAffinity(0.05, 1), OptionalInt.of(4));
        assertThat(plan.groupCount()).isEqualTo(4);
        assertThat(plan.method()).isEqualTo("sdp-trace(m=4)+rounding");
        for (List<String> related : EXPECTED.subList(0, 3)) {
            assertThat(plan.groups()).anySatisfy(group -> assertThat(group).containsAll(related));
        }
        assertThat(plan.objective()).isEqualTo(plan.score());
    }

    @Test
    void recoversPlantedBlocksExactlyWithBothRules() {
        for (long seed = 0; seed < 3; seed++) {
            PlantedBlocks planted = PlantedBlocks.generate(36, 6, 0.15, seed);
            List<String> ids = ids(36);
            List<List<String>> truth = planted.groups().stream()
                    .map(group -> group.stream().map(ids::get).toList()).toList();
            assertThat(planner.plan(ids, planted.matrix()).groups()).containsExactlyInAnyOrderElementsOf(truth);
            PlantedBlocks noisier = PlantedBlocks.generate(36, 6, 0.5, seed);
            List<List<String>> noisierTruth = noisier.groups().stream()
                    .map(group -> group.stream().map(ids::get).toList()).toList();
            assertThat(planner.plan(ids, noisier.matrix(), OptionalInt.of(6)).groups())
                    .containsExactlyInAnyOrderElementsOf(noisierTruth);
        }
    }

    @Test
    void ignoresTheDiagonalAndIsDeterministic() {
        double[][] t = benchmarkLikeAffinity(0.1, 3);
        double[][] withDiagonal = new double[t.length][];
        for (int i = 0; i < t.length; i++) {
            withDiagonal[i] = t[i].clone();
            withDiagonal[i][i] = 5.0 * (i % 3) - 4;
        }
        GroupingPlan plain = planner.plan(TASKS, t);
        GroupingPlan diagonal = planner.plan(TASKS, withDiagonal);
        assertThat(diagonal.groups()).isEqualTo(plain.groups());
        assertThat(diagonal.objective()).isCloseTo(plain.objective(), within(1e-12));
        assertThat(planner.plan(TASKS, t).groups()).isEqualTo(plain.groups());
    }

    @Test
    void handlesOneAndTwoTasks() {
        GroupingPlan one = planner.plan(List.of("only"), new double[][] {{0.3}});
        assertThat(one.groups()).containsExactly(List.of("only"));
        GroupingPlan pair = planner.plan(List.of("a", "b"), new double[][] {{0, 1}, {1, 0}});
        assertThat(pair.groups()).containsExactly(List.of("a", "b"));
        GroupingPlan apart = planner.plan(List.of("a", "b"), new double[][] {{0, -1}, {-1, 0}});
        assertThat(apart.groups()).containsExactly(List.of("a"), List.of("b"));
        // No preference at all (the affinity service's matrix for two tasks is all zeros): fewer adapters win.
        GroupingPlan none = planner.plan(List.of("a", "b", "c"), new double[3][3]);
        assertThat(none.groups()).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void aHigherGroupPriceMergesMore() {
        double[][] t = Matrices.randomAffinity(12, 8);
        int cheap = new GroupingPlanner(new PlannerSettings(-1.0, 42, SdpSettings.defaults())).plan(ids(12), t)
                .groupCount();
        int expensive = new GroupingPlanner(new PlannerSettings(2.0, 42, SdpSettings.defaults())).plan(ids(12), t)
                .groupCount();
        assertThat(expensive).isLessThan(cheap);
        int strict = new GroupingPlanner(new PlannerSettings(new GroupCountRule.NoiseCalibrated(4.0), 42,
                SdpSettings.defaults())).plan(ids(12), t).groupCount();
        int lenient = new GroupingPlanner(new PlannerSettings(new GroupCountRule.NoiseCalibrated(0.5), 42,
                SdpSettings.defaults())).plan(ids(12), t).groupCount();
        assertThat(strict).isGreaterThan(lenient);
    }

    @Test
    void rejectsMismatchedOrDuplicateIds() {
        double[][] t = {{0, 1}, {1, 0}};
        assertThatThrownBy(() -> planner.plan(List.of("a"), t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planner.plan(List.of("a", "a"), t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planner.plan(List.of("a", "b"), t, OptionalInt.of(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean sameGroups(List<List<String>> a, List<List<String>> b) {
        return new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
    }

    private static List<List<Integer>> indices(List<List<String>> groups) {
        return groups.stream().map(group -> group.stream().map(TASKS::indexOf).toList()).toList();
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("task-" + i);
        }
        return ids;
    }
}
