package org.affinityensemble.cluster.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Improves a partition by steepest ascent on the clustering objective (see {@link ClusteringObjective}) until no
 * move improves it: move one task to another group; when the number of groups is free, also move a task into a
 * new group of its own and merge two groups, with μ charged per group. A rounded SDP solution is thus always a
 * local optimum of the objective it relaxes.
 */
final class LocalSearch {

    private static final double MIN_GAIN = 1e-12;

    private final double[][] t;
    private final boolean countIsFree;
    private final double mu;

    /**
     * @param t           the affinity matrix
     * @param countIsFree whether moves may change the number of groups
     * @param mu          the price of one group (only used when the count is free)
     */
    LocalSearch(double[][] t, boolean countIsFree, double mu) {
        this.t = t;
        this.countIsFree = countIsFree;
        this.mu = mu;
    }

    /** The improved partition, canonical. */
    List<List<Integer>> improve(List<List<Integer>> start) {
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> group : start) {
            groups.add(new ArrayList<>(group));
        }
        while (bestMove(groups) || (countIsFree && bestMerge(groups))) {
            groups.removeIf(List::isEmpty);
        }
        return Partitions.canonical(groups);
    }

    /** Applies the best improving single-task move, if any; returns whether one was applied. */
    private boolean bestMove(List<List<Integer>> groups) {
        int n = t.length;
        int m = groups.size();
        double[] sums = new double[m];
        for (int g = 0; g < m; g++) {
            sums[g] = ClusteringObjective.groupValue(t, groups.get(g)) * groups.get(g).size();
        }
        int[] labels = Partitions.labels(groups, n);
        double bestGain = MIN_GAIN;
        int bestTask = -1;
        int bestTarget = -1;
        for (int i = 0; i < n; i++) {
            double[] toGroup = new double[m];
            for (int j = 0; j < n; j++) {
                toGroup[labels[j]] += t[i][j];
            }
            int from = labels[i];
            int fromSize = groups.get(from).size();
            if (fromSize == 1 && !countIsFree) {
                continue;
            }
            double leftBehind = fromSize == 1 ? mu
                    : (sums[from] - 2 * toGroup[from] + t[i][i]) / (fromSize - 1);
            double removal = leftBehind - sums[from] / fromSize;
            for (int to = 0; to <= m; to++) {
                if (to == from || (to == m && (!countIsFree || fromSize == 1))) {
                    continue;
                }
                double gain = removal + (to == m ? t[i][i] - mu
                        : (sums[to] + 2 * toGroup[to] + t[i][i]) / (groups.get(to).size() + 1)
                                - sums[to] / groups.get(to).size());
                if (gain > bestGain) {
                    bestGain = gain;
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
                double gain = ClusteringObjective.groupValue(t, merged) + mu
                        - ClusteringObjective.groupValue(t, groups.get(a))
                        - ClusteringObjective.groupValue(t, groups.get(b));
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
}
