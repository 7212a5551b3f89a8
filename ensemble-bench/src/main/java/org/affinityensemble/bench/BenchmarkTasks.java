package org.affinityensemble.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.datasets.Task;
import org.affinityensemble.datasets.TaskCatalog;
import org.affinityensemble.events.Split;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;

/**
 * The benchmark's data: for each task, its label names and a seeded stratified sample of its cached training and
 * validation examples ({@link DatasetCache#sampledExamples}); test examples take no part. Immutable.
 */
public final class BenchmarkTasks {

    private final Map<String, List<String>> labels;
    private final List<BenchmarkExample> examples;

    BenchmarkTasks(Map<String, List<String>> labels, List<BenchmarkExample> examples) {
        this.labels = Map.copyOf(labels);
        this.examples = List.copyOf(examples);
    }

    /**
     * Reads the tasks from the cache.
     *
     * @throws IllegalStateException when a task is not cached ({@code bin/ensemble datasets fetch} fetches it)
     */
    public static BenchmarkTasks load(DatasetCache cache, List<String> taskIds, int trainPerTask,
            int validationPerTask, long seed) throws IOException {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<BenchmarkExample> examples = new ArrayList<>();
        SplitCaps caps = new SplitCaps(trainPerTask, validationPerTask, 0);
        for (String taskId : taskIds) {
            Task task = TaskCatalog.get(taskId);
            if (!cache.isComplete(task)) {
                throw new IllegalStateException("task " + taskId + " is not cached in " + cache.directory()
                        + "; run bin/ensemble datasets fetch");
            }
            labels.put(taskId, task.labels());
            for (LabelledExample example : cache.sampledExamples(taskId, seed, caps)) {
                if (example.split() == Split.TEST) {
                    continue;
                }
                int label = task.labels().indexOf(example.label());
                if (label < 0) {
                    throw new IllegalStateException("example " + example.id() + " of " + taskId
                            + " has unknown label " + example.label());
                }
                examples.add(new BenchmarkExample(example.id(), new LabelledText(taskId, example.text(), label),
                        example.split() == Split.VALIDATION));
            }
        }
        return new BenchmarkTasks(labels, examples);
    }

    public List<String> taskIds() {
        return List.copyOf(labels.keySet());
    }

    /** Every task's label names, for the label prototypes. */
    public List<TaskLabels> taskLabels() {
        return labels.entrySet().stream().map(e -> new TaskLabels(e.getKey(), e.getValue())).toList();
    }

    /** Every example, training and validation, in task order. */
    public List<BenchmarkExample> examples() {
        return examples;
    }

    /** The training or validation texts of the given tasks, in task order. */
    public List<LabelledText> texts(Collection<String> taskIds, boolean validation) {
        return examples.stream().filter(e -> e.validation() == validation && taskIds.contains(e.taskId()))
                .map(BenchmarkExample::text).toList();
    }
}
