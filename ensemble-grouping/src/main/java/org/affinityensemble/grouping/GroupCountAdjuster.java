package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * Brings a partition to exactly m groups, greedily on the clustering objective: while there are too many groups,
 * merge the pair whose merge costs least; while there are too few, split off as a singleton the task whose
 * departure costs least. Used when a rounding rule that does not control the count must meet a fixed m.
 */
final class GroupCountAdjuster {

    private GroupCountAdjuster() {
    }

    static List<List<Integer>> toCount(double[][] t, List<List<Integer>> start, int m) {
        if (m < 1 || m > t.length) {
            throw new IllegalArgumentException("the number of groups must be in 1.." + t.length + ", got " + m);
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> group : start) {
            groups.add(new ArrayList<>(group));
        }
        while (groups.size() > m) {
            mergeCheapestPair(t, groups);
        }
        while (groups.size() < m) {
            splitCheapestTask(t, groups);
        }
        return Partitions.canonical(groups);
    }

    private static void mergeCheapestPair(double[][] t, List<List<Integer>> groups) {
        double bestGain = Double.NEGATIVE_INFINITY;
        int bestA = 0;
        int bestB = 1;
        for (int a = 0; a < groups.size(); a++) {
            for (int b = a + 1; b < groups.size(); b++) {
                List<Integer> merged = new ArrayList<>(groups.get(a));
                merged.addAll(groups.get(b));
                double gain = ClusteringObjective.groupValue(t, merged)
                        - ClusteringObjective.groupValue(t, groups.get(a))
                        - ClusteringObjective.groupValue(t, groups.get(b));
                if (gain > bestGain) {
                    bestGain = gain;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        groups.get(bestA).addAll(groups.remove(bestB));
    }

    private static void splitCheapestTask(double[][] t, List<List<Integer>> groups) {
        double bestGain = Double.NEGATIVE_INFINITY;
        int bestGroup = -1;
        Integer bestTask = null;
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(g);
            if (group.size() < 2) {
                continue;
            }
            double before = ClusteringObjective.groupValue(t, group);
            for (Integer task : group) {
                List<Integer> rest = new ArrayList<>(group);
                rest.remove(task);
                double gain = ClusteringObjective.groupValue(t, rest) + t[task][task] - before;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestGroup = g;
                    bestTask = task;
                }
            }
        }
        groups.get(bestGroup).remove(bestTask);
        groups.add(new ArrayList<>(List.of(bestTask)));
    }
}
