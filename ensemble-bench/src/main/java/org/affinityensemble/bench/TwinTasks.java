package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.training.TaskData;

/**
 * Twins: every task split into two disjoint halves with the same labels, {@code <task>_a} and {@code <task>_b},
 * as two datasets. Within each split the examples are dealt alternately in label order ({@link #deal}), so both
 * halves keep the label balance. Test examples are
 * not split (the twins are for the affinity, not for scoring).
 */
public final class TwinTasks {

    private TwinTasks() {
    }

    public static String first(String task) {
        return task + "_a";
    }

    public static String second(String task) {
        return task + "_b";
    }

    /** Each task of {@code data} as its two halves, in task order ({@code a_a, a_b, b_a, ...}). */
    public static AccuracyData split(AccuracyData data) {
        List<TaskData> tasks = new ArrayList<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<BenchmarkExample> examples = new ArrayList<>();
        for (TaskData task : data.tasks()) {
            List<BenchmarkExample> own = data.gradientExamples().examples().stream()
                    .filter(example -> example.taskId().equals(task.taskId())).toList();
            List<List<BenchmarkExample>> train = deal(own.stream().filter(e -> !e.validation()).toList());
            List<List<BenchmarkExample>> validation = deal(own.stream().filter(BenchmarkExample::validation).toList());
            for (int half = 0; half < 2; half++) {
                String id = half == 0 ? first(task.taskId()) : second(task.taskId());
                List<BenchmarkExample> halfTrain = rename(train.get(half), id);
                List<BenchmarkExample> halfValidation = rename(validation.get(half), id);
                tasks.add(new TaskData(id, task.revision(), task.labels(), texts(halfTrain), texts(halfValidation),
                        List.of()));
                labels.put(id, task.labels());
                examples.addAll(halfTrain);
                examples.addAll(halfValidation);
            }
        }
        return new AccuracyData(tasks, new BenchmarkTasks(labels, examples));
    }

    /**
     * The examples dealt alternately to two halves in label order (a stable sort by label), each half then in the
     * examples' own order: every label's count differs between the halves by at most one, and so do the halves'.
     */
    static List<List<BenchmarkExample>> deal(List<BenchmarkExample> examples) {
        List<Integer> byLabel = IntStream.range(0, examples.size()).boxed()
                .sorted(Comparator.comparingInt(i -> examples.get(i).text().label())).toList();
        boolean[] second = new boolean[examples.size()];
        for (int position = 0; position < byLabel.size(); position++) {
            second[byLabel.get(position)] = position % 2 == 1;
        }
        List<List<BenchmarkExample>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < examples.size(); i++) {
            halves.get(second[i] ? 1 : 0).add(examples.get(i));
        }
        return halves;
    }

    private static List<BenchmarkExample> rename(List<BenchmarkExample> examples, String taskId) {
        return examples.stream().map(e -> new BenchmarkExample(taskId + ":" + e.sampleId(),
                new LabelledText(taskId, e.text().text(), e.text().label()), e.validation())).toList();
    }

    private static List<LabelledText> texts(List<BenchmarkExample> examples) {
        return examples.stream().map(BenchmarkExample::text).toList();
    }
}
