package org.affinityensemble.bench.gradients;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.bench.BenchModels;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.train.CrossEntropyObjective;
import org.affinityensemble.model.train.TrainingSession;

/**
 * Measures, in one run on the same batches of the same length, the throughput of (1) projected per-example
 * gradients from one backward pass per batch, (2) the same from one backward pass per example, and (3) plain
 * LoRA training steps (AdamW); the projection's own share of (1) is timed as well. Each method first runs its
 * warm-up batches untimed. The same code runs on an encoder and on a decoder LM ({@code --model-dir}). Invoked by the
 * CLI as {@code bin/ensemble bench gradients [--batch-size=16 --max-length=64 --examples=64 --warmup=1
 * --model-dir=DIR ...]}.
 */
public final class GradientsBenchmark {

    private static final String TASK = "bench";
    /** The benchmark task's prompt for decoders: a sentiment cue and its two label words. */
    private static final PromptSpec PROMPT = new PromptSpec("Review: {text}\nSentiment:", null);

    private GradientsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        try (LanguageModel model = BenchModels.load(options.modelDir())) {
            run(model, options).lines().forEach(System.out::println);
        }
    }

    /** Runs the benchmark on built-in texts, each at least {@code maxLength} tokens long. */
    public static GradientsBenchmarkResult run(LanguageModel model, BenchmarkOptions options) {
        List<LabelledText> examples = new ArrayList<>();
        for (int i = 0; i < options.examples(); i++) {
            examples.add(new LabelledText(TASK, BenchmarkTexts.text(i, options.maxLength()), i % 2));
        }
        return run(model, options, examples, List.of(new TaskLabels(TASK, List.of("negative", "positive"), PROMPT)));
    }

    /** Runs the benchmark on caller-supplied examples of the given tasks. */
    public static GradientsBenchmarkResult run(LanguageModel model, BenchmarkOptions options,
            List<LabelledText> examples, List<TaskLabels> tasks) {
        TaskClassifier classifier = model.classifier(tasks,
                new ClassifierSettings(ClassifierSettings.DEFAULT_SCALE, options.maxLength()));
        PerExampleGradients gradients = new PerExampleGradients(classifier, PerExampleGradients.DEFAULT_CLIP);
        ProjectionSpec spec = ProjectedGradients.spec(model, options.lora(), options.maxLength(), 1L,
                options.projectionDim());
        RademacherProjection projection = RademacherProjection.of(spec);
        LoraAdapter init = model.initialAdapter(options.lora());
        List<List<LabelledText>> batches = batches(examples, options.batchSize());

        long[] projectionNanos = new long[1];
        try (TrainingSession session = new TrainingSession(classifier, init, 1e-3, 0.01, false)) {
            CrossEntropyObjective objective = new CrossEntropyObjective();
            List<BatchAction> methods = List.of(
                    batch -> {
                        try (NDManager scope = DjlRuntime.newManager()) {
                            GradientMatrix matrix = gradients.batched(scope, init, batch);
                            long started = System.nanoTime();
                            projection.project(matrix.gradients());
                            projectionNanos[0] += System.nanoTime() - started;
                        }
                    },
                    batch -> {
                        try (NDManager scope = DjlRuntime.newManager()) {
                            projection.project(gradients.oneByOne(scope, init, batch).gradients());
                        }
                    },
                    batch -> session.step(batch, objective));
            long[] nanos = timeInterleaved(batches, options.warmupBatches(), projectionNanos, methods);
            return new GradientsBenchmarkResult(options, model.modelId(), model.architecture(),
                    perSecond(examples.size(), nanos[0]),
                    perSecond(examples.size(), nanos[1]), perSecond(examples.size(), nanos[2]),
                    perSecond(examples.size(), projectionNanos[0]));
        }
    }

    private interface BatchAction {
        void run(List<LabelledText> batch);
    }

    /**
     * Total time of each method over all batches. The methods take turns batch by batch (after their warm-up
     * batches), so a slow phase of a shared machine falls on all of them alike.
     */
    private static long[] timeInterleaved(List<List<LabelledText>> batches, int warmup, long[] resetAfterWarmup,
            List<BatchAction> methods) {
        for (BatchAction method : methods) {
            for (int i = 0; i < warmup; i++) {
                method.run(batches.get(i % batches.size()));
            }
        }
        java.util.Arrays.fill(resetAfterWarmup, 0);
        long[] nanos = new long[methods.size()];
        for (List<LabelledText> batch : batches) {
            for (int m = 0; m < methods.size(); m++) {
                long started = System.nanoTime();
                methods.get(m).run(batch);
                nanos[m] += System.nanoTime() - started;
            }
        }
        return nanos;
    }

    private static double perSecond(int examples, long nanos) {
        return examples / (nanos / 1e9);
    }

    private static List<List<LabelledText>> batches(List<LabelledText> examples, int batchSize) {
        List<List<LabelledText>> batches = new ArrayList<>();
        for (int from = 0; from < examples.size(); from += batchSize) {
            batches.add(examples.subList(from, Math.min(examples.size(), from + batchSize)));
        }
        return batches;
    }
}
