package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadoutTest {

    @Test
    void readsLinearisedValidationLossAndAccuracyPerTask() {
        // Hand-computed: w = (1, -2); margins f0 + gᵀw.
        List<TaskExample> examples = List.of(
                new TaskExample("a", "1", true, 0.5, new float[] {1, 0}), // m = 1.5
                new TaskExample("a", "2", true, 0.0, new float[] {0, 1}), // m = -2
                new TaskExample("a", "3", true, 0.0, new float[] {2, 1}), // m = 0: not counted as correct
                new TaskExample("a", "4", false, 9.0, new float[] {9, 9}), // training: ignored
                new TaskExample("b", "1", true, -1.0, new float[] {3, 0.5f})); // m = 1
        GradientSource source = new InMemoryGradientSource(2, examples);

        Map<String, TaskEstimate> estimates = new Readout().evaluate(List.of("a", "b"), source, new double[] {1, -2});

        double lossA = (Math.log1p(Math.exp(-1.5)) + Math.log1p(Math.exp(2)) + Math.log(2)) / 3;
        assertThat(estimates.get("a").loss()).isCloseTo(lossA, within(1e-15));
        assertThat(estimates.get("a").accuracy()).isEqualTo(1.0 / 3);
        assertThat(estimates.get("a").n()).isEqualTo(3);
        assertThat(estimates.get("b").loss()).isCloseTo(Math.log1p(Math.exp(-1)), within(1e-15));
        assertThat(estimates.get("b").accuracy()).isEqualTo(1.0);
        assertThat(estimates.keySet()).containsExactly("a", "b");
    }

    @Test
    void agreesWithPlainLoopsOnRandomDataAcrossBlockSizes() {
        Random random = new Random(11);
        List<TaskExample> examples = new ArrayList<>(SyntheticGradients.randomTask("a", 5, 137, 9, 0.8, 0.1, random));
        double[] w = SyntheticGradients.unitVector(9, random);
        double loss = 0;
        int correct = 0;
        for (TaskExample example : examples.subList(5, examples.size())) {
            double m = SyntheticGradients.margin(example, w);
            loss += Math.log1p(Math.exp(-m));
            correct += m > 0 ? 1 : 0;
        }

        for (int blockRows : new int[] {1, 10, 1000}) {
            TaskEstimate estimate = new Readout(blockRows)
                    .evaluate(List.of("a"), new InMemoryGradientSource(9, examples, 7), w).get("a");
            assertThat(estimate.loss()).isCloseTo(loss / 137, within(1e-12));
            assertThat(estimate.accuracy()).isEqualTo(correct / 137.0);
            assertThat(estimate.n()).isEqualTo(137);
        }
    }

    @Test
    void aTaskWithoutValidationExamplesGetsNotANumber() {
        List<TaskExample> trainingOnly = SyntheticGradients.randomTask("a", 4, 0, 2, 1, 0, new Random(12));

        TaskEstimate estimate = new Readout().evaluate(List.of("a"), new InMemoryGradientSource(2, trainingOnly),
                new double[2]).get("a");

        assertThat(estimate.n()).isZero();
        assertThat(estimate.loss()).isNaN();
        assertThat(estimate.accuracy()).isNaN();
    }
}
