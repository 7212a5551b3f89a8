package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.junit.jupiter.api.Test;

/** What θ* is trained on: every task's training examples and no validation example but one probe per task. */
class MetaInitialisationTest {

    @Test
    void itTrainsOnTheUnionOfEveryTasksTrainingExamples() {
        BenchmarkTasks data = data();
        List<LabelledText> train = MetaInitialisation.trainingExamples(data);
        assertThat(train).extracting(LabelledText::text).containsExactly("a-t0", "a-t1", "a-t2", "b-t0", "b-t1",
                "c-t0", "c-t1", "c-t2", "c-t3");
        // the union of the subsets' training examples: any subset's are among them
        assertThat(train).containsAll(data.texts(List.of("a", "c"), false));
        assertThat(train).noneMatch(text -> text.text().contains("-v"));
    }

    @Test
    void theTrainersValidationGetsTheFirstValidationExampleOfEachTask() {
        assertThat(MetaInitialisation.probes(data())).extracting(LabelledText::text)
                .containsExactly("a-v0", "b-v0", "c-v0");
    }

    /** Three tasks, with 3, 2, 4 training and 2, 1, 3 validation examples, validation interleaved. */
    private static BenchmarkTasks data() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        List<BenchmarkExample> examples = new ArrayList<>();
        int[][] counts = {{3, 2}, {2, 1}, {4, 3}};
        String[] tasks = {"a", "b", "c"};
        for (int t = 0; t < tasks.length; t++) {
            labels.put(tasks[t], List.of("no", "yes"));
            for (int i = 0; i < Math.max(counts[t][0], counts[t][1]); i++) {
                if (i < counts[t][1]) {
                    examples.add(example(tasks[t], "v" + i, true));
                }
                if (i < counts[t][0]) {
                    examples.add(example(tasks[t], "t" + i, false));
                }
            }
        }
        return new BenchmarkTasks(labels, examples);
    }

    private static BenchmarkExample example(String task, String id, boolean validation) {
        return new BenchmarkExample(task + "-" + id, new LabelledText(task, task + "-" + id, id.length() % 2),
                validation);
    }
}
