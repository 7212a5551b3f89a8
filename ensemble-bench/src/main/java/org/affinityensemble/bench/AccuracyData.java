package org.affinityensemble.bench;

import java.io.IOException;
import java.util.ArrayList;
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
import org.affinityensemble.training.TaskData;

/**
 * The accuracy benchmark's one seeded sample of every task ({@link DatasetCache#sampledExamples}, stratified
 * caps per split), in two views of the same examples: the trainer's {@link TaskData} (train, validation, test)
 * that every column trains and is scored on, and the {@link BenchmarkTasks} (train and validation) whose
 * projected gradients the affinity surrogate reads. Immutable.
 */
public record AccuracyData(List<TaskData> tasks, BenchmarkTasks gradientExamples) {

    public AccuracyData {
        tasks = List.copyOf(tasks);
    }

    /**
     * Reads the tasks from the cache.
     *
     * @throws IllegalStateException when a task is not cached ({@code bin/ensemble datasets fetch} fetches it)
     */
    public static AccuracyData load(DatasetCache cache, List<String> taskIds, SplitCaps caps, long seed)
            throws IOException {
        List<TaskData> tasks = new ArrayList<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<BenchmarkExample> examples = new ArrayList<>();
        for (String taskId : taskIds) {
            Task task = TaskCatalog.get(taskId);
            if (!cache.isComplete(task)) {
                throw new IllegalStateException("task " + taskId + " is not cached in " + cache.directory()
                        + "; run bin/ensemble datasets fetch");
            }
            Map<Split, List<LabelledText>> bySplit = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                bySplit.put(split, new ArrayList<>());
            }
            for (LabelledExample example : cache.sampledExamples(taskId, seed, caps)) {
                int label = task.labels().indexOf(example.label());
                if (label < 0) {
                    throw new IllegalStateException("example " + example.id() + " of " + taskId
                            + " has unknown label " + example.label());
                }
                LabelledText text = new LabelledText(taskId, example.text(), label);
                bySplit.get(example.split()).add(text);
                if (example.split() != Split.TEST) {
                    examples.add(new BenchmarkExample(example.id(), text, example.split() == Split.VALIDATION));
                }
            }
            if (bySplit.get(Split.TRAIN).isEmpty() || bySplit.get(Split.VALIDATION).isEmpty()
                    || bySplit.get(Split.TEST).isEmpty()) {
                throw new IllegalStateException("task " + taskId + " lacks training, validation or test examples");
            }
            labels.put(taskId, task.labels());
            tasks.add(new TaskData(taskId, 1, task.labels(), bySplit.get(Split.TRAIN), bySplit.get(Split.VALIDATION),
                    bySplit.get(Split.TEST)));
        }
        return new AccuracyData(tasks, new BenchmarkTasks(labels, examples));
    }

    public List<String> taskIds() {
        return tasks.stream().map(TaskData::taskId).toList();
    }
}
