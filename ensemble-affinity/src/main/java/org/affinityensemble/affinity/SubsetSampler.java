package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Chooses the task subsets to fit, by seeded greedy balanced sampling: each new subset starts from the task
 * with the most under-covered pairs (then the fewest memberships) and is filled with the tasks that complete
 * the most under-covered pairs with those already chosen (then the least-covered pairs, then the fewest
 * memberships; remaining ties broken by a seeded shuffle). Subsets are distinct; when the greedy choice would
 * repeat an existing subset, the next-best completion is taken.
 *
 * <p>{@link #plan} starts from nothing: it returns min(subsetCount, C(n,k)) subsets, more if needed until every
 * pair reaches {@link SamplingPolicy#pairTarget}. {@link #extend} is the incremental form: given the subsets
 * already estimated, it returns only subsets holding at least one task that appears in none of them, until
 * every such new task is in at least min(⌈subsetCount·k/n⌉, C(n-1,k-1)) subsets (the share it would have had
 * from the start) and each of its pairs reaches the target. Existing subsets are never changed or returned.
 * The result depends only on the policy, the set of tasks and the existing subsets (not on their order).
 */
public final class SubsetSampler {

    private final SamplingPolicy policy;

    public SubsetSampler(SamplingPolicy policy) {
        this.policy = policy;
    }

    public SamplingPolicy policy() {
        return policy;
    }

    /** The subsets to fit for {@code tasks} from scratch; empty with fewer than two tasks. */
    public List<TaskSubset> plan(Collection<String> tasks) {
        return extend(List.of(), tasks);
    }

    /** The subsets to add to {@code existing} so that the tasks new to them are covered; see the class doc. */
    public List<TaskSubset> extend(Collection<TaskSubset> existing, Collection<String> tasks) {
        List<String> sorted = List.copyOf(new TreeSet<>(tasks));
        if (sorted.size() < 2) {
            return List.of();
        }
        List<TaskSubset> canonicalExisting = new ArrayList<>(new TreeSet<>(existing));
        return new Run(sorted, canonicalExisting).sample();
    }

    /** The state of one sampling call. */
    private final class Run {
        private final List<String> tasks;
        private final int n;
        private final int k;
        private final int target;
        private final boolean fromScratch;
        private final boolean[] focus;
        private final int share;
        private final long subsetGoal;
        private final PairCoverage coverage;
        private final Set<TaskSubset> taken;
        private final List<TaskSubset> added = new ArrayList<>();
        private final boolean[] exhausted;
        private final Random random;

        Run(List<String> tasks, List<TaskSubset> existing) {
            this.tasks = tasks;
            this.n = tasks.size();
            this.k = policy.subsetSize(n);
            this.target = policy.pairTarget(n);
            this.coverage = PairCoverage.of(tasks, existing);
            this.taken = new HashSet<>(existing);
            this.fromScratch = existing.isEmpty();
            Set<String> seen = new HashSet<>();
            existing.forEach(subset -> seen.addAll(subset.tasks()));
            this.focus = new boolean[n];
            for (int i = 0; i < n; i++) {
                focus[i] = fromScratch || !seen.contains(tasks.get(i));
            }
            long fairShare = (long) Math.ceil((double) policy.subsetCount() * k / n);
            this.share = (int) Math.min(fairShare, Binomial.capped(n - 1, k - 1));
            this.subsetGoal = Math.min(policy.subsetCount(), Binomial.capped(n, k));
            this.exhausted = new boolean[n];
            this.random = new Random(policy.seed());
        }

        List<TaskSubset> sample() {
            while (!done()) {
                int seed = pickSeed(shuffledRanks());
                if (seed < 0) {
                    break;
                }
                TaskSubset subset = completeFrom(seed, shuffledRanks());
                if (subset == null) {
                    exhausted[seed] = true;
                    continue;
                }
                added.add(subset);
                taken.add(subset);
                coverage.add(subset);
            }
            return List.copyOf(added);
        }

        private boolean done() {
            for (int t = 0; t < n; t++) {
                if (focus[t] && (deficientPairs(t) > 0 || (!fromScratch && coverage.membership(t) < share))) {
                    return false;
                }
            }
            return !fromScratch || added.size() >= subsetGoal;
        }

        private int deficientPairs(int task) {
            int deficient = 0;
            for (int other = 0; other < n; other++) {
                if (other != task && coverage.count(task, other) < target) {
                    deficient++;
                }
            }
            return deficient;
        }

        /** The focus task with the most deficient pairs, then the fewest memberships, then the lowest rank. */
        private int pickSeed(int[] ranks) {
            int best = -1;
            int bestDeficient = 0;
            for (int t = 0; t < n; t++) {
                if (!focus[t] || exhausted[t]) {
                    continue;
                }
                int deficient = deficientPairs(t);
                if (best < 0 || deficient > bestDeficient
                        || deficient == bestDeficient && before(t, best, ranks)) {
                    best = t;
                    bestDeficient = deficient;
                }
            }
            return best;
        }

        private boolean before(int a, int b, int[] ranks) {
            int byMembership = Integer.compare(coverage.membership(a), coverage.membership(b));
            return byMembership != 0 ? byMembership < 0 : ranks[a] < ranks[b];
        }

        /** The greedy-first subset of size k holding {@code seed} that is not taken yet, or null if none is left. */
        private TaskSubset completeFrom(int seed, int[] ranks) {
            if (Binomial.capped(n - 1, k - 1) <= takenHolding(seed)) {
                return null;
            }
            Completion completion = new Completion(ranks);
            completion.add(seed);
            return completion.search();
        }

        private long takenHolding(int task) {
            String id = tasks.get(task);
            return taken.stream().filter(subset -> subset.size() == k && subset.contains(id)).count();
        }

        private int[] shuffledRanks() {
            List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
            Collections.shuffle(order, random);
            int[] ranks = new int[n];
            for (int position = 0; position < n; position++) {
                ranks[order.get(position)] = position;
            }
            return ranks;
        }

        /**
         * Depth-first completion of a partial subset in greedy order. After a candidate's whole subtree failed
         * (every subset holding the prefix and it is taken), it is excluded for the later siblings, so each set
         * is visited at most once.
         */
        private final class Completion {
            private final int[] ranks;
            private final List<Integer> chosen = new ArrayList<>();
            private final boolean[] inSubset = new boolean[n];
            private final boolean[] excluded = new boolean[n];
            private final int[] deficientWithChosen = new int[n];
            private final int[] coverageWithChosen = new int[n];

            Completion(int[] ranks) {
                this.ranks = ranks;
            }

            TaskSubset search() {
                if (chosen.size() == k) {
                    TaskSubset subset = TaskSubset.of(chosen.stream().map(tasks::get).toList());
                    return taken.contains(subset) ? null : subset;
                }
                List<Integer> triedHere = new ArrayList<>();
                TaskSubset found = null;
                while (found == null && available() >= k - chosen.size()) {
                    int candidate = bestCandidate();
                    add(candidate);
                    found = search();
                    remove(candidate);
                    if (found == null) {
                        excluded[candidate] = true;
                        triedHere.add(candidate);
                    }
                }
                triedHere.forEach(candidate -> excluded[candidate] = false);
                return found;
            }

            private int available() {
                int available = 0;
                for (int t = 0; t < n; t++) {
                    if (!inSubset[t] && !excluded[t]) {
                        available++;
                    }
                }
                return available;
            }

            private int bestCandidate() {
                int best = -1;
                for (int t = 0; t < n; t++) {
                    if (!inSubset[t] && !excluded[t] && (best < 0 || better(t, best))) {
                        best = t;
                    }
                }
                return best;
            }

            private boolean better(int a, int b) {
                if (deficientWithChosen[a] != deficientWithChosen[b]) {
                    return deficientWithChosen[a] > deficientWithChosen[b];
                }
                if (coverageWithChosen[a] != coverageWithChosen[b]) {
                    return coverageWithChosen[a] < coverageWithChosen[b];
                }
                return before(a, b, ranks);
            }

            void add(int task) {
                update(task, 1);
                chosen.add(task);
                inSubset[task] = true;
            }

            private void remove(int task) {
                chosen.remove(chosen.size() - 1);
                inSubset[task] = false;
                update(task, -1);
            }

            private void update(int task, int sign) {
                for (int t = 0; t < n; t++) {
                    if (t != task) {
                        int count = coverage.count(t, task);
                        coverageWithChosen[t] += sign * count;
                        if (count < target) {
                            deficientWithChosen[t] += sign;
                        }
                    }
                }
            }
        }
    }
}
