package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubsetSamplerTest {

    private static List<String> tasks(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("task%02d", i)).toList();
    }

    @Test
    void defaultPlanForTenTasksIsEveryTripleSinceAPairIsInOnlyEight() {
        List<TaskSubset> plan = new SubsetSampler(SamplingPolicy.defaults(7)).plan(tasks(10));

        // a pair of ten tasks is in C(8,1) = 8 distinct triples, fewer than the coverage of 10: all 120 are needed
        assertThat(plan).hasSize(120).doesNotHaveDuplicates();
        assertThat(plan).allSatisfy(subset -> assertThat(subset.size()).isEqualTo(3));
        assertThat(PairCoverage.of(tasks(10), plan).minimum()).isEqualTo(8);
    }

    @Test
    void defaultPlanForManyTasksCoversEveryPairTenTimesWithAboutAHundredSubsets() {
        List<TaskSubset> plan = new SubsetSampler(SamplingPolicy.defaults(7)).plan(tasks(30));

        // k = 9: a subset holds 36 of the 435 pairs, so ten each need at least 121 subsets
        assertThat(PairCoverage.of(tasks(30), plan).minimum()).isGreaterThanOrEqualTo(10);
        assertThat(plan).doesNotHaveDuplicates().hasSizeBetween(121, 170);
    }

    @Test
    void theMethodsFiftySubsetsCoverEveryPairTwiceWhenAskedForTwo() {
        List<TaskSubset> plan = new SubsetSampler(SamplingPolicy.defaults(7).withMinPairCoverage(2)).plan(tasks(10));

        assertThat(plan).hasSize(50).doesNotHaveDuplicates();
        assertThat(PairCoverage.of(tasks(10), plan).minimum()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyPairReachesItsTargetForManyTaskCountsAndPolicies() {
        List<SamplingPolicy> policies = List.of(SamplingPolicy.defaults(1), SamplingPolicy.defaults(2)
                .withSubsetCount(5), SamplingPolicy.defaults(3).withMinPairCoverage(4),
                SamplingPolicy.defaults(4).withFixedSize(2), SamplingPolicy.defaults(5).withFixedSize(6));
        for (SamplingPolicy policy : policies) {
            for (int n = 2; n <= 40; n++) {
                List<String> tasks = tasks(n);
                List<TaskSubset> plan = new SubsetSampler(policy).plan(tasks);
                int k = policy.subsetSize(n);
                long distinctSubsets = Binomial.capped(n, k);

                assertThat(plan).doesNotHaveDuplicates();
                assertThat(plan).allSatisfy(subset -> assertThat(subset.size()).isEqualTo(k));
                assertThat(plan.size()).isGreaterThanOrEqualTo((int) Math.min(policy.subsetCount(), distinctSubsets));
                assertThat(PairCoverage.of(tasks, plan).minimum())
                        .as("policy %s, n = %d", policy, n).isGreaterThanOrEqualTo(policy.pairTarget(n));
            }
        }
    }

    @Test
    void smallTaskSetsUsePairsAndEnumerateThemExactly() {
        SubsetSampler sampler = new SubsetSampler(SamplingPolicy.defaults(9));

        assertThat(sampler.plan(List.of())).isEmpty();
        assertThat(sampler.plan(List.of("a"))).isEmpty();
        assertThat(sampler.plan(List.of("b", "a"))).containsExactly(TaskSubset.of("a", "b"));
        assertThat(new HashSet<>(sampler.plan(List.of("a", "b", "c"))))
                .containsExactlyInAnyOrder(TaskSubset.of("a", "b"), TaskSubset.of("a", "c"), TaskSubset.of("b", "c"));
        List<TaskSubset> fourTasks = sampler.plan(List.of("a", "b", "c", "d"));
        assertThat(fourTasks).hasSize(6).doesNotHaveDuplicates();
        assertThat(PairCoverage.of(List.of("a", "b", "c", "d"), fourTasks).minimum()).isEqualTo(1);
        // With 7 tasks, k = 3: all C(7,3) = 35 triples exist, fewer than 50, so every one is planned.
        assertThat(sampler.plan(tasks(7))).hasSize(35).doesNotHaveDuplicates();
    }

    @Test
    void planDependsOnTheSeedButNotOnTheOrderOfTasks() {
        List<String> shuffled = new ArrayList<>(tasks(12));
        Collections.shuffle(shuffled, new Random(3));

        List<TaskSubset> plan = new SubsetSampler(SamplingPolicy.defaults(42)).plan(tasks(12));

        assertThat(new SubsetSampler(SamplingPolicy.defaults(42)).plan(shuffled)).isEqualTo(plan);
        assertThat(new SubsetSampler(SamplingPolicy.defaults(43)).plan(tasks(12))).isNotEqualTo(plan);
    }

    @Test
    void extendingWithANewTaskAddsOnlySubsetsHoldingItUntilItsPairsAreCovered() {
        SamplingPolicy policy = SamplingPolicy.defaults(5);
        SubsetSampler sampler = new SubsetSampler(policy);
        List<String> all = tasks(12);
        List<TaskSubset> existing = sampler.plan(all.subList(0, 11));
        String newcomer = all.get(11);

        List<TaskSubset> added = sampler.extend(existing, all);

        assertThat(added).isNotEmpty().allSatisfy(subset -> assertThat(subset.contains(newcomer)).isTrue());
        assertThat(added).doesNotHaveDuplicates().doesNotContainAnyElementsOf(existing);
        List<TaskSubset> union = new ArrayList<>(existing);
        union.addAll(added);
        PairCoverage coverage = PairCoverage.of(all, union);
        for (String other : all.subList(0, 11)) {
            assertThat(coverage.count(newcomer, other)).isGreaterThanOrEqualTo(policy.pairTarget(12));
        }
        int share = (int) Math.ceil(50.0 * policy.subsetSize(12) / 12);
        assertThat(coverage.membership(newcomer)).isGreaterThanOrEqualTo(share);
        assertThat(coverage.minimum()).isGreaterThanOrEqualTo(2);
        assertThat(sampler.extend(existing, all)).isEqualTo(added);
    }

    @Test
    void extendingWithSeveralNewTasksCoversAllTheirPairs() {
        SamplingPolicy policy = SamplingPolicy.defaults(6);
        SubsetSampler sampler = new SubsetSampler(policy);
        List<String> all = tasks(9);
        List<TaskSubset> existing = sampler.plan(all.subList(0, 3));

        List<TaskSubset> added = sampler.extend(existing, all);

        List<String> newcomers = all.subList(3, 9);
        assertThat(added).allSatisfy(subset -> assertThat(subset.tasks()).containsAnyElementsOf(newcomers));
        List<TaskSubset> union = new ArrayList<>(existing);
        union.addAll(added);
        assertThat(union).doesNotHaveDuplicates();
        assertThat(PairCoverage.of(all, union).minimum()).isGreaterThanOrEqualTo(policy.pairTarget(9));
    }

    @Test
    void extendingWithoutNewTasksAddsNothing() {
        SubsetSampler sampler = new SubsetSampler(SamplingPolicy.defaults(8));
        List<TaskSubset> existing = sampler.plan(tasks(6));

        assertThat(sampler.extend(existing, tasks(6))).isEmpty();
    }

    @Test
    void extendingAnExhaustiveSmallPlanStillFindsDistinctSubsets() {
        SubsetSampler sampler = new SubsetSampler(SamplingPolicy.defaults(10));
        List<TaskSubset> existing = sampler.plan(tasks(3));

        List<TaskSubset> added = sampler.extend(existing, tasks(4));

        // n = 4, k = 2: the three pairs with the new task, each once (C(2,0) = 1 subset per pair exists).
        assertThat(new HashSet<>(added)).containsExactlyInAnyOrder(TaskSubset.of("task00", "task03"),
                TaskSubset.of("task01", "task03"), TaskSubset.of("task02", "task03"));
    }
}
