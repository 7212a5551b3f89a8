package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.training.TaskData;
import org.junit.jupiter.api.Test;

/** Twins are disjoint halves with the same labels and label balance, each a dataset of its own. */
class TwinTasksTest {

    @Test
    void eachTaskBecomesTwoDisjointHalvesWithTheSameLabelsAndBalance() {
        AccuracyData data = data();
        AccuracyData twins = TwinTasks.split(data);

        assertThat(twins.taskIds()).containsExactly("pos_a", "pos_b", "topic_a", "topic_b");
        TaskData first = twins.tasks().get(0);
        TaskData second = twins.tasks().get(1);
        assertThat(first.labels()).isEqualTo(second.labels()).isEqualTo(List.of("neg", "pos"));
        // 7 training examples, labels 0,1,0,1,0,0,1 → halves of 4 and 3, each with both labels
        assertThat(first.train()).hasSize(4);
        assertThat(second.train()).hasSize(3);
        assertThat(first.train()).extracting(LabelledText::label).containsExactly(0, 1, 0, 1);
        assertThat(second.train()).extracting(LabelledText::label).containsExactly(0, 1, 0);
        assertThat(first.train()).allMatch(t -> t.taskId().equals("pos_a"));
        Set<String> texts = new HashSet<>();
        first.train().forEach(t -> texts.add(t.text()));
        assertThat(second.train()).noneMatch(t -> texts.contains(t.text()));
        assertThat(first.validation()).hasSize(1);
        assertThat(second.validation()).hasSize(1);

        // the gradient examples are the same texts under the twins' ids, unique, split as the trainer's data
        List<BenchmarkExample> examples = twins.gradientExamples().examples();
        assertThat(examples).hasSize(data.gradientExamples().examples().size());
        assertThat(examples.stream().map(BenchmarkExample::sampleId).distinct().count()).isEqualTo(examples.size());
        assertThat(twins.gradientExamples().texts(List.of("pos_b"), false)).isEqualTo(second.train());
        assertThat(twins.gradientExamples().texts(List.of("topic_a"), true)).isEqualTo(
                twins.tasks().get(2).validation());
    }

    private static AccuracyData data() {
        List<TaskData> tasks = new ArrayList<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<BenchmarkExample> examples = new ArrayList<>();
        add("pos", List.of("neg", "pos"), new int[] {0, 1, 0, 1, 0, 0, 1}, new int[] {0, 1}, tasks, labels, examples);
        add("topic", List.of("x", "y", "z"), new int[] {0, 1, 2, 0, 1, 2}, new int[] {2, 2}, tasks, labels, examples);
        return new AccuracyData(tasks, new BenchmarkTasks(labels, examples));
    }

    private static void add(String task, List<String> names, int[] train, int[] validation, List<TaskData> tasks,
            Map<String, List<String>> labels, List<BenchmarkExample> examples) {
        List<LabelledText> trainTexts = new ArrayList<>();
        List<LabelledText> validationTexts = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            LabelledText text = new LabelledText(task, task + " train " + i, train[i]);
            trainTexts.add(text);
            examples.add(new BenchmarkExample(task + "-t" + i, text, false));
        }
        for (int i = 0; i < validation.length; i++) {
            LabelledText text = new LabelledText(task, task + " validation " + i, validation[i]);
            validationTexts.add(text);
            examples.add(new BenchmarkExample(task + "-v" + i, text, true));
        }
        tasks.add(new TaskData(task, 1, names, trainTexts, validationTexts, List.of()));
        labels.put(task, names);
    }
}
