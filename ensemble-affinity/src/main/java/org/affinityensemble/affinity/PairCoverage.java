package org.affinityensemble.affinity;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts, over a collection of subsets, how many subsets hold each pair of tasks and how many hold each task
 * (its membership). Tasks of a subset that are not in the task list are ignored. Mutable: the sampler adds
 * subsets as it picks them.
 */
public final class PairCoverage {

    private final List<String> tasks;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[][] pairs;
    private final int[] membership;

    private PairCoverage(Collection<String> tasks) {
        this.tasks = List.copyOf(new TreeSet<>(tasks));
        for (int i = 0; i < this.tasks.size(); i++) {
            index.put(this.tasks.get(i), i);
        }
        this.pairs = new int[this.tasks.size()][this.tasks.size()];
        this.membership = new int[this.tasks.size()];
    }

    /** Coverage of {@code tasks} by {@code subsets}. */
    public static PairCoverage of(Collection<String> tasks, Collection<TaskSubset> subsets) {
        PairCoverage coverage = new PairCoverage(tasks);
        subsets.forEach(coverage::add);
        return coverage;
    }

    /** The tasks counted, sorted. */
    public List<String> tasks() {
        return tasks;
    }

    /** Number of subsets holding both a and b (a ≠ b). */
    public int count(String a, String b) {
        return pairs[indexOf(a)][indexOf(b)];
    }

    /** Number of subsets holding {@code task}. */
    public int membership(String task) {
        return membership[indexOf(task)];
    }

    /** The smallest pair count over all pairs of distinct tasks (Integer.MAX_VALUE with fewer than 2 tasks). */
    public int minimum() {
        int minimum = Integer.MAX_VALUE;
        for (int i = 0; i < tasks.size(); i++) {
            for (int j = i + 1; j < tasks.size(); j++) {
                minimum = Math.min(minimum, pairs[i][j]);
            }
        }
        return minimum;
    }

    void add(TaskSubset subset) {
        int[] members = subset.tasks().stream().filter(index::containsKey).mapToInt(index::get).toArray();
        for (int a : members) {
            membership[a]++;
            for (int b : members) {
                if (a != b) {
                    pairs[a][b]++;
                }
            }
        }
    }

    int count(int a, int b) {
        return pairs[a][b];
    }

    int membership(int task) {
        return membership[task];
    }

    private int indexOf(String task) {
        Integer i = index.get(task);
        if (i == null) {
            throw new IllegalArgumentException("unknown task " + task);
        }
        return i;
    }
}
