package org.affinityensemble.affinity;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of tasks fitted together by the surrogate, held in canonical (sorted, distinct) order so that equal
 * sets are equal records, whatever order they were given in. Ordered by {@link #key()}.
 */
public record TaskSubset(List<String> tasks) implements Comparable<TaskSubset> {

    public TaskSubset {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("a subset needs at least one task");
        }
        tasks = List.copyOf(new TreeSet<>(tasks));
    }

    public static TaskSubset of(Collection<String> tasks) {
        return new TaskSubset(List.copyOf(tasks));
    }

    public static TaskSubset of(String... tasks) {
        return new TaskSubset(List.of(tasks));
    }

    public int size() {
        return tasks.size();
    }

    public boolean contains(String task) {
        return tasks.contains(task);
    }

    /** A stable textual key, the sorted task ids joined by ',' (task ids cannot contain ','). */
    public String key() {
        return String.join(",", tasks);
    }

    @Override
    public int compareTo(TaskSubset other) {
        return key().compareTo(other.key());
    }
}
