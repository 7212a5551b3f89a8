package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.GradientBatch.ExampleGradient;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.Vectors;
import org.junit.jupiter.api.Test;

class GradientInputsTest {

    @Test
    void gradientBatchBecomesTrainingAndValidationExamplesWithoutTestOnes() {
        ProjectionSpec projection = new ProjectionSpec("minilm", LoraSpec.defaults(), 64, 5, 2, 73728);
        GradientBatch batch = new GradientBatch("sent_imdb", 1, 0, 1, projection, List.of(
                new ExampleGradient("s1", Split.TRAIN, 0, -0.25, Vectors.encode(new float[] {1, 2})),
                new ExampleGradient("s2", Split.VALIDATION, 1, 0.5, Vectors.encode(new float[] {3, 4})),
                new ExampleGradient("s3", Split.TEST, 1, 0.75, Vectors.encode(new float[] {5, 6}))));

        List<TaskExample> examples = GradientBatchExamples.of(batch);

        assertThat(examples).hasSize(2);
        assertThat(examples.get(0)).extracting(TaskExample::taskId, TaskExample::sampleId, TaskExample::validation,
                TaskExample::f0).containsExactly("sent_imdb", "s1", false, -0.25);
        assertThat(examples.get(0).g()).containsExactly(1, 2);
        assertThat(examples.get(1).validation()).isTrue();
        assertThat(examples.get(1).g()).containsExactly(3, 4);
    }

    @Test
    void inMemorySourceStreamsOneTaskAndSplitSortedBySampleIdInChunks() {
        List<TaskExample> examples = List.of(
                new TaskExample("a", "s3", false, 3, new float[] {3}),
                new TaskExample("a", "s1", false, 1, new float[] {1}),
                new TaskExample("a", "s2", true, 2, new float[] {2}),
                new TaskExample("b", "s0", false, 0, new float[] {0}),
                new TaskExample("a", "s0", false, 0, new float[] {0}));
        InMemoryGradientSource source = new InMemoryGradientSource(1, examples, 2);
        List<List<String>> chunks = new ArrayList<>();

        source.forEachChunk("a", false, chunk -> chunks.add(chunk.stream().map(TaskExample::sampleId).toList()));

        assertThat(chunks).containsExactly(List.of("s0", "s1"), List.of("s3"));
        assertThat(source.tasks()).containsExactly("a", "b");
        source.forEachChunk("unknown", true, chunk -> chunks.add(List.of("unexpected")));
        assertThat(chunks).hasSize(2);
    }

    @Test
    void inputsThatWouldCorruptAFitAreRejected() {
        assertThatThrownBy(() -> new TaskExample("a", "s", false, Double.NaN, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskExample("a", "s", false, 0, new float[] {Float.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryGradientSource(2, List.of(new TaskExample("a", "s", false, 0,
                new float[] {1})))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryGradientSource(1, List.of(
                new TaskExample("a", "s", false, 0, new float[] {1}),
                new TaskExample("a", "s", false, 1, new float[] {2})))).isInstanceOf(IllegalArgumentException.class);
    }
}
