package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Conversions between the two forms of a partition of tasks 0..n−1 used in this package: groups
 * ({@code List<List<Integer>>}) and a label per task ({@code int[]}). The canonical form orders members
 * ascending and groups by their smallest member, so equal partitions compare equal with {@code equals}.
 */
public final class Partitions {

    private Partitions() {
    }

    /**
     * The group index of every task.
     *
     * @throws IllegalArgumentException unless the groups are nonempty and cover 0..n−1 exactly once
     */
    public static int[] labels(List<List<Integer>> groups, int n) {
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).isEmpty()) {
                throw new IllegalArgumentException("group " + g + " is empty");
            }
            for (int task : groups.get(g)) {
                if (task < 0 || task >= n || labels[task] >= 0) {
                    throw new IllegalArgumentException("task " + task + " is out of range or in two groups");
                }
                labels[task] = g;
            }
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("task " + i + " is in no group");
            }
        }
        return labels;
    }

    /** Groups of consecutive task indices of the given sizes: {2, 1} gives [[0, 1], [2]]. */
    public static List<List<Integer>> consecutive(int... sizes) {
        List<List<Integer>> groups = new ArrayList<>();
        int next = 0;
        for (int size : sizes) {
            List<Integer> group = new ArrayList<>();
            for (int e = 0; e < size; e++) {
                group.add(next++);
            }
            groups.add(group);
        }
        return groups;
    }

    /** The canonical groups of a labelling (any int labels; equal labels mean one group). */
    public static List<List<Integer>> fromLabels(int[] labels) {
        List<List<Integer>> groups = new ArrayList<>();
        java.util.Map<Integer, List<Integer>> byLabel = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            List<Integer> group = byLabel.get(labels[i]);
            if (group == null) {
                group = new ArrayList<>();
                byLabel.put(labels[i], group);
                groups.add(group);
            }
            group.add(i);
        }
        return groups;
    }

    /** The canonical form of a partition: members ascending, groups ordered by their smallest member. */
    public static List<List<Integer>> canonical(List<List<Integer>> groups) {
        List<List<Integer>> sorted = new ArrayList<>();
        for (List<Integer> group : groups) {
            List<Integer> members = new ArrayList<>(group);
            members.sort(Comparator.naturalOrder());
            sorted.add(List.copyOf(members));
        }
        sorted.sort(Comparator.comparing(group -> group.get(0)));
        return List.copyOf(sorted);
    }
}
