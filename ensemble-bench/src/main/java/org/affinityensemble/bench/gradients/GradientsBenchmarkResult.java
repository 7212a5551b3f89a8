package org.affinityensemble.bench.gradients;

import java.util.List;
import java.util.Locale;

/**
 * Throughputs (examples per second) measured side by side on the same batches and sequence length: projected
 * per-example gradients with one backward pass per batch, the same with one backward pass per example, and plain
 * LoRA training steps. Both ratios are throughput ratios (higher is better for the batched method):
 * {@code batched_vs_loop} = batched / loop (target ≥ 3) and {@code batched_vs_train_step} = batched / training
 * (≥ 0.77 means a projected per-example gradient costs at most 1.3 training steps). The projection alone (part
 * of the batched figure) is reported as {@code projection_ex_per_s}.
 */
public record GradientsBenchmarkResult(BenchmarkOptions options, String modelId, String architecture,
        double batchedExamplesPerSecond,
        double loopExamplesPerSecond, double trainStepExamplesPerSecond, double projectionExamplesPerSecond) {

    public double batchedVsLoop() {
        return batchedExamplesPerSecond / loopExamplesPerSecond;
    }

    public double batchedVsTrainStep() {
        return batchedExamplesPerSecond / trainStepExamplesPerSecond;
    }

    /** The report: one {@code key=value} line per figure, then comment lines saying how to read them. */
    public List<String> lines() {
        return List.of(
                format("gradients_batched_ex_per_s=%.2f", batchedExamplesPerSecond),
                format("gradients_loop_ex_per_s=%.2f", loopExamplesPerSecond),
                format("train_step_ex_per_s=%.2f", trainStepExamplesPerSecond),
                format("batched_vs_loop=%.2f", batchedVsLoop()),
                format("batched_vs_train_step=%.2f", batchedVsTrainStep()),
                format("projection_ex_per_s=%.1f", projectionExamplesPerSecond),
                format("# model=%s (%s) batch=%d max_length=%d examples=%d warmup_batches=%d lora_r=%d targets=%s d=%d",
                        modelId, architecture, options.batchSize(), options.maxLength(), options.examples(),
                        options.warmupBatches(), options.lora().rank(), String.join("+", options.lora().targets()),
                        options.projectionDim()),
                "# ratios are throughput ratios: batched_vs_loop = batched/loop (target >= 3);",
                "# batched_vs_train_step = batched/train (>= 0.77 <=> a projected per-example gradient costs"
                        + " <= 1.3x a training step)");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
