package org.affinityensemble.grouping;

import static org.affinityensemble.grouping.Partitions.consecutive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
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
    void groupsHoldingHalfTheTasksAreNotSplit() {
        // The cluster-service pipeline's second matrix (GroupingPipelineTest): a1..a4, b1..b3, +1 within a block,
        // −1 across, deterministic noise. With the median absolute deviation as noise scale the rows of a1..a4
        // (three entries +1, three −1) looked like noise and the block became four singletons.
        List<String> seven = List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3");
        assertThat(planner.plan(seven, signBlocks(new int[] {4, 3}, 0.1)).groups())
                .containsExactlyInAnyOrder(List.of("a1", "a2", "a3", "a4"), List.of("b1", "b2", "b3"));
        for (int[] sizes : new int[][] {{3, 3}, {5, 5}, {4, 4, 2}, {6, 4}, {7, 3}, {5, 5, 5}, {10, 10}}) {
            assertThat(planner.plan(ids(sum(sizes)), signBlocks(sizes, 0.1)).groups()).as(Arrays.toString(sizes))
                    .containsExactlyInAnyOrderElementsOf(named(consecutive(sizes)));
        }
    }

    @Test
    void largeBlocksSurviveNoise() {
        // ±1 blocks with Gaussian noise 0.3, 20 seeds each.
        int trials = 20;
        int exactHalves = 0;
        int exactSixFour = 0;
        int exactFourThree = 0;
        int fourFourTwoBlocksKept = 0;
        for (long seed = 0; seed < trials; seed++) {
            exactHalves += exact(new int[] {5, 5}, SignBlocks.generate(consecutive(5, 5), 0.3, seed)) ? 1 : 0;
            exactSixFour += exact(new int[] {6, 4}, SignBlocks.generate(consecutive(6, 4), 0.3, seed)) ? 1 : 0;
            exactFourThree += exact(new int[] {4, 3}, SignBlocks.generate(consecutive(4, 3), 0.3, seed)) ? 1 : 0;
            List<List<String>> groups = planner.plan(ids(10), SignBlocks.generate(consecutive(4, 4, 2), 0.3, seed))
                    .groups();
            // The pair is weak at this noise (one entry of 1 ± 0.3 against its noise): it splits in about a third of
            // the seeds (a sixth with the MAD, which read lower); a block of four breaks only when noise pulls a
            // member's entries down (3 of 100 seeds with the MAD, 2 with Qn).
            List<List<String>> fours = named(consecutive(new int[] {4, 4}));
            fourFourTwoBlocksKept += groups.containsAll(fours) ? 1 : 0;
        }
        System.out.printf("sign blocks, noise 0.3, %d seeds: exact 5+5=%d 6+4=%d 4+3=%d,"
                + " 4+4+2 blocks of four kept=%d%n", trials, exactHalves, exactSixFour, exactFourThree,
                fourFourTwoBlocksKept);
        assertThat(exactHalves).isEqualTo(trials);
        assertThat(exactSixFour).isEqualTo(trials);
        assertThat(exactFourThree).isGreaterThanOrEqualTo(10);
        assertThat(fourFourTwoBlocksKept).isGreaterThanOrEqualTo(trials - 2);
    }

    @Test
    void largeZScoredClustersAreKept() {
        // Shapes with a cluster of half the tasks, z-scored like the affinity service's matrix; minimum exact
        // recoveries of 20 at raw noise 0.05 and 0.3 (the MAD managed 0 and 2 of 20 for 4 + 3).
        int trials = 20;
        int[][] shapes = {{4, 3}, {5, 5}, {4, 4, 2}, {6, 4}, {10, 10}};
        int[] minimumAtHighNoise = {8, 17, 17, 17, 17};
        for (int s = 0; s < shapes.length; s++) {
            int[] sizes = shapes[s];
            for (double noise : new double[] {0.05, 0.3}) {
                int exact = 0;
                for (long seed = 0; seed < trials; seed++) {
                    exact += exact(sizes, ZScoredClusters.generate(consecutive(sizes), noise, seed)) ? 1 : 0;
                }
                System.out.printf("z-scored %s noise %.2f: exact %d/%d%n", Arrays.toString(sizes), noise,
                        exact, trials);
                assertThat(exact).as("%s at noise %s", Arrays.toString(sizes), noise)
                        .isGreaterThanOrEqualTo(noise < 0.1 ? trials : minimumAtHighNoise[s]);
            }
        }
    }

    @Test
    void weakPairsAmongFewTasksAreGrouped() {
        // The demo's shape: six tasks, two related pairs and two loners, z-scored as the affinity service does. On
        // rows of five entries the per-row noise scale read so high that the pairs were mostly left apart (13 of 20
        // seeds exact); matrices of at most eight tasks use the pooled scale (docs/adr/0123).
        int trials = 20;
        for (int[] sizes : new int[][] {{2, 2, 1, 1}, {2, 2, 2}, {3, 3, 1, 1}}) {
            int exact = 0;
            for (long seed = 0; seed < trials; seed++) {
                exact += exact(sizes, ZScoredClusters.generate(consecutive(sizes), 0.15, seed)) ? 1 : 0;
            }
            System.out.printf("z-scored %s noise 0.15: exact %d/%d%n", Arrays.toString(sizes), exact, trials);
            assertThat(exact).as(Arrays.toString(sizes)).isGreaterThanOrEqualTo(18);
        }
    }

    @Test
    void tasksWithoutRelativesStayAlone() {
        // Loners' z-scored rows are pure noise of unit variance; a big cluster next to them must not make their
        // noise look small, and they must rarely pair up by chance.
        int trials = 20;
        int[][] shapes = {{6, 1, 1, 1, 1}, {5, 1, 1, 1}, {4, 3, 1, 1, 1}, {1, 1, 1, 1, 1, 1}};
        for (int[] sizes : shapes) {
            int lonersAlone = 0;
            List<List<Integer>> truth = consecutive(sizes);
            for (long seed = 0; seed < trials; seed++) {
                List<List<String>> groups = planner.plan(ids(sum(sizes)),
                        ZScoredClusters.generate(truth, 0.05, seed)).groups();
                boolean alone = true;
                for (List<String> loner : named(truth)) {
                    alone &= loner.size() > 1 || groups.contains(loner);
                }
                lonersAlone += alone ? 1 : 0;
            }
            System.out.printf("z-scored %s noise 0.05: every loner alone %d/%d%n", Arrays.toString(sizes),
                    lonersAlone, trials);
            assertThat(lonersAlone).as("%s", Arrays.toString(sizes)).isGreaterThanOrEqualTo(15);
        }
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

    /**
     * The cluster-service pipeline test's matrix: +1 within a block of consecutive tasks, −1 across, plus the
     * deterministic noise amplitude·sin(7i+3j)·sin(7j+3i) (symmetric), zero diagonal.
     */
    static double[][] signBlocks(int[] sizes, double amplitude) {
        int n = sum(sizes);
        int[] labels = Partitions.labels(consecutive(sizes), n);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double noise = amplitude * Math.sin(7 * i + 3 * j) * Math.sin(7 * j + 3 * i);
                    t[i][j] = (labels[i] == labels[j] ? 1 : -1) + noise;
                }
            }
        }
        return t;
    }

    private boolean exact(int[] sizes, double[][] t) {
        return sameGroups(planner.plan(ids(sum(sizes)), t).groups(), named(consecutive(sizes)));
    }

    private static List<List<String>> named(List<List<Integer>> groups) {
        return groups.stream().map(group -> group.stream().map(i -> "task-" + i).toList()).toList();
    }

    private static int sum(int[] sizes) {
        return Arrays.stream(sizes).sum();
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
