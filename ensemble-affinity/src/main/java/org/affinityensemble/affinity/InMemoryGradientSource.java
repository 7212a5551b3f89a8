package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link GradientSource} over examples held in memory, for tests and for task sets that fit in the heap.
 * Examples of each task and split are kept sorted by sample id, so the order in which they were added does not
 * matter; duplicate sample ids within a task and split are rejected. Immutable, hence safe to share between
 * threads.
 */
public final class InMemoryGradientSource implements GradientSource {

    /** Chunk size used when none is given. */
    public static final int DEFAULT_CHUNK_SIZE = 256;

    private final int dimension;
    private final int chunkSize;
    private final Map<String, List<TaskExample>> byTaskAndSplit;

    public InMemoryGradientSource(int dimension, Collection<TaskExample> examples) {
        this(dimension, examples, DEFAULT_CHUNK_SIZE);
    }

    public InMemoryGradientSource(int dimension, Collection<TaskExample> examples, int chunkSize) {
        if (dimension < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("dimension and chunkSize must be positive");
        }
        this.dimension = dimension;
        this.chunkSize = chunkSize;
        Map<String, List<TaskExample>> grouped = new HashMap<>();
        for (TaskExample example : examples) {
            if (example.g().length != dimension) {
                throw new IllegalArgumentException("gradient of " + example.taskId() + "/" + example.sampleId()
                        + " has " + example.g().length + " values, expected " + dimension);
            }
            grouped.computeIfAbsent(key(example.taskId(), example.validation()), k -> new ArrayList<>())
                    .add(example);
        }
        grouped.replaceAll((key, list) -> sortedWithoutDuplicates(key, list));
        this.byTaskAndSplit = Map.copyOf(grouped);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void forEachChunk(String taskId, boolean validation, Consumer<List<TaskExample>> consumer) {
        List<TaskExample> examples = byTaskAndSplit.getOrDefault(key(taskId, validation), List.of());
        for (int start = 0; start < examples.size(); start += chunkSize) {
            consumer.accept(examples.subList(start, Math.min(examples.size(), start + chunkSize)));
        }
    }

    /** The task ids that have at least one example, sorted. */
    public Set<String> tasks() {
        Set<String> tasks = new TreeSet<>();
        byTaskAndSplit.values().forEach(list -> tasks.add(list.get(0).taskId()));
        return tasks;
    }

    private static List<TaskExample> sortedWithoutDuplicates(String key, List<TaskExample> examples) {
        List<TaskExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparing(TaskExample::sampleId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).sampleId().equals(sorted.get(i - 1).sampleId())) {
                throw new IllegalArgumentException("duplicate sample id " + sorted.get(i).sampleId() + " in " + key);
            }
        }
        return List.copyOf(sorted);
    }

    private static String key(String taskId, boolean validation) {
        return taskId + (validation ? "#validation" : "#train");
    }
}
