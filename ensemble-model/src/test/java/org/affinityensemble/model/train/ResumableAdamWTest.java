package org.affinityensemble.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumableAdamW} against DJL's own {@code AdamW}, its independent reference: the same gradients give
 * bit-identical parameters, step after step and over several parameters; and a run saved after some steps and
 * restored into a fresh optimiser goes on exactly as the uninterrupted one.
 */
class ResumableAdamWTest {

    private static final int STEPS = 12;
    private static final Shape[] SHAPES = {new Shape(6, 4), new Shape(4, 10)};

    @Test
    void everyStepEqualsDjlsAdamWBitForBit() {
        try (NDManager manager = DjlRuntime.newManager()) {
            List<float[][]> gradients = gradients(new Random(3));
            NDArray[] reference = weights(manager, new Random(1));
            NDArray[] resumable = weights(manager, new Random(1));
            Optimizer djl = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(2e-3f)).optWeightDecays(0.01f)
                    .build();
            ResumableAdamW ours = new ResumableAdamW(manager, 2e-3f, 0.01f);

            for (int step = 0; step < STEPS; step++) {
                for (int p = 0; p < SHAPES.length; p++) {
                    djl.update("lora." + p, reference[p], manager.create(gradients.get(step)[p], SHAPES[p]));
                    ours.update("lora." + p, resumable[p], manager.create(gradients.get(step)[p], SHAPES[p]));
                    assertThat(resumable[p].toFloatArray()).as("step %d, parameter %d", step, p)
                            .containsExactly(reference[p].toFloatArray());
                }
            }
            assertThat(reference[0].toFloatArray()).as("the parameters moved")
                    .isNotEqualTo(weights(manager, new Random(1))[0].toFloatArray());
        }
    }

    @Test
    void aRestoredOptimiserContinuesExactlyAsTheUninterruptedOne() {
        try (NDManager manager = DjlRuntime.newManager()) {
            List<float[][]> gradients = gradients(new Random(5));
            NDArray[] uninterrupted = weights(manager, new Random(2));
            ResumableAdamW whole = new ResumableAdamW(manager, 1e-3f, 0.01f);
            NDArray[] interrupted = weights(manager, new Random(2));
            ResumableAdamW first = new ResumableAdamW(manager, 1e-3f, 0.01f);
            for (int step = 0; step < STEPS; step++) {
                for (int p = 0; p < SHAPES.length; p++) {
                    whole.update("lora." + p, uninterrupted[p], manager.create(gradients.get(step)[p], SHAPES[p]));
                }
            }
            for (int step = 0; step < 5; step++) {
                for (int p = 0; p < SHAPES.length; p++) {
                    first.update("lora." + p, interrupted[p], manager.create(gradients.get(step)[p], SHAPES[p]));
                }
            }
            ResumableAdamW.State saved = first.state();
            NDArray[] resumedWeights = {manager.create(interrupted[0].toFloatArray(), SHAPES[0]),
                    manager.create(interrupted[1].toFloatArray(), SHAPES[1])};

            ResumableAdamW resumed = new ResumableAdamW(manager, 1e-3f, 0.01f);
            resumed.restore(saved, Map.of("lora.0", resumedWeights[0], "lora.1", resumedWeights[1]));
            for (int step = 5; step < STEPS; step++) {
                for (int p = 0; p < SHAPES.length; p++) {
                    resumed.update("lora." + p, resumedWeights[p], manager.create(gradients.get(step)[p], SHAPES[p]));
                }
            }

            assertThat(saved.steps()).isEqualTo(5);
            assertThat(saved.counts()).containsEntry("lora.0", 5).containsEntry("lora.1", 5);
            for (int p = 0; p < SHAPES.length; p++) {
                assertThat(resumedWeights[p].toFloatArray()).containsExactly(uninterrupted[p].toFloatArray());
            }
        }
    }

    private static NDArray[] weights(NDManager manager, Random random) {
        NDArray[] weights = new NDArray[SHAPES.length];
        for (int p = 0; p < SHAPES.length; p++) {
            weights[p] = manager.create(values(random, (int) SHAPES[p].size()), SHAPES[p]);
        }
        return weights;
    }

    private static List<float[][]> gradients(Random random) {
        return java.util.stream.IntStream.range(0, STEPS).mapToObj(step -> new float[][] {
                values(random, (int) SHAPES[0].size()), values(random, (int) SHAPES[1].size())}).toList();
    }

    private static float[] values(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
