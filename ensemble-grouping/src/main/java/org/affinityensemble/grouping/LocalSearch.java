package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * Improves a partition by steepest ascent until no move improves it: move one task to another group; when the
 * number of groups is free, also move a task into a new group of its own, merge two groups, or dissolve a group
 * into singletons. The score is f(P) − Σ_g penalty(g) (see {@link ClusteringObjective}, {@link GroupPenalty}); with
 * a fixed count the penalty is ignored. A rounded SDP solution is thus always a local optimum of its score.
 */
final class LocalSearch {

    private static final double MIN_GAIN = 1e-12;

    private final double[][] t;
    private final GroupPenalty penalty;
    private final double[][] v;

    private LocalSearch(double[][] t, GroupPenalty penalty) {
        this.t = t;
        this.penalty = penalty;
        this.v = penalty == null ? null : penalty.pairVariances();
    }

    /** Moves that keep the number of groups. */
    static LocalSearch fixedCount(double[][] t) {
        return new LocalSearch(t, null);
    }

    /** Moves that may create, empty, merge and dissolve groups, priced by {@code penalty}. */
    static LocalSearch freeCount(double[][] t, GroupPenalty penalty) {
        return new LocalSearch(t, penalty);
    }

    /** The improved partition, canonical. */
    List<List<Integer>> improve(List<List<Integer>> start) {
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> group : start) {
            groups.add(new ArrayList<>(group));
        }
        boolean free = penalty != null;
        while (bestMove(groups) || (free && (bestMerge(groups) || bestDissolve(groups)))) {
            groups.removeIf(List::isEmpty);
        }
        return Partitions.canonical(groups);
    }

    /** Score of one group from its sums over ordered pairs of T and of V, and its size (0 when empty). */
    private double score(double sum, double q, int size) {
        if (size == 0) {
            return 0.0;
        }
        return sum / size - (penalty == null ? 0.0 : penalty.of(size, q));
    }

    private double score(List<Integer> group) {
        return ClusteringObjective.groupValue(t, group) - (penalty == null ? 0.0 : penalty.of(group));
    }

    /** Applies the best improving single-task move, if any; returns whether one was applied. */
    private boolean bestMove(List<List<Integer>> groups) {
        int n = t.length;
        int m = groups.size();
        int[] labels = Partitions.labels(groups, n);
        int[] sizes = new int[m];
        double[] sums = new double[m];
        double[] qs = new double[m];
        for (int i = 0; i < n; i++) {
            sizes[labels[i]]++;
            for (int j = 0; j < n; j++) {
                if (labels[i] == labels[j]) {
                    sums[labels[i]] += t[i][j];
                    qs[labels[i]] += v == null ? 0.0 : v[i][j];
                }
            }
        }
        boolean free = penalty != null;
        double bestGain = MIN_GAIN;
        int bestTask = -1;
        int bestTarget = -1;
        for (int i = 0; i < n; i++) {
            int from = labels[i];
            if (sizes[from] == 1 && !free) {
                continue;
            }
            double[] toGroup = new double[m];
            double[] varianceToGroup = new double[m];
            for (int j = 0; j < n; j++) {
                toGroup[labels[j]] += t[i][j];
                varianceToGroup[labels[j]] += v == null ? 0.0 : v[i][j];
            }
            double removal = score(sums[from] - 2 * toGroup[from] + t[i][i],
                    qs[from] - 2 * varianceToGroup[from], sizes[from] - 1) - score(sums[from], qs[from], sizes[from]);
            for (int to = 0; to <= m; to++) {
                boolean newGroup = to == m;
                if (to == from || (newGroup && (!free || sizes[from] == 1))) {
                    continue;
                }
                double addition = newGroup ? score(t[i][i], 0.0, 1)
                        : score(sums[to] + 2 * toGroup[to] + t[i][i], qs[to] + 2 * varianceToGroup[to], sizes[to] + 1)
                                - score(sums[to], qs[to], sizes[to]);
                if (removal + addition > bestGain) {
                    bestGain = removal + addition;
                    bestTask = i;
                    bestTarget = to;
                }
            }
        }
        if (bestTask < 0) {
            return false;
        }
        groups.get(labels[bestTask]).remove(Integer.valueOf(bestTask));
        if (bestTarget == m) {
            groups.add(new ArrayList<>(List.of(bestTask)));
        } else {
            groups.get(bestTarget).add(bestTask);
        }
        return true;
    }

    /** Applies the best improving merge of two groups, if any; returns whether one was applied. */
    private boolean bestMerge(List<List<Integer>> groups) {
        double bestGain = MIN_GAIN;
        int bestA = -1;
        int bestB = -1;
        for (int a = 0; a < groups.size(); a++) {
            for (int b = a + 1; b < groups.size(); b++) {
                List<Integer> merged = new ArrayList<>(groups.get(a));
                merged.addAll(groups.get(b));
                double gain = score(merged) - score(groups.get(a)) - score(groups.get(b));
                if (gain > bestGain) {
                    bestGain = gain;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        if (bestA < 0) {
            return false;
        }
        groups.get(bestA).addAll(groups.remove(bestB));
        return true;
    }

    /** Applies the best improving break-up of one group into singletons, if any; returns whether one was applied. */
    private boolean bestDissolve(List<List<Integer>> groups) {
        double bestGain = MIN_GAIN;
        int best = -1;
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(g);
            if (group.size() < 2) {
                continue;
            }
            double singletons = 0;
            for (int task : group) {
                singletons += score(List.of(task));
            }
            double gain = singletons - score(group);
            if (gain > bestGain) {
                bestGain = gain;
                best = g;
            }
        }
        if (best < 0) {
            return false;
        }
        for (int task : groups.remove(best)) {
            groups.add(new ArrayList<>(List.of(task)));
        }
        return true;
    }
}
