package org.affinityensemble.model.decoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.task.TaskGradients;
import org.affinityensemble.model.task.TaskTrainingStep;

/**
 * Throughput on a decoder directory, methods interleaved batch by batch on the same prompts (as the encoder's
 * {@code bench.GradientsBenchmark}): (1) projected per-example gradients from one backward pass per batch,
 * (2) the same one example at a time, (3) SGD training steps (mean cross-entropy, one backward pass over shared
 * leaves), (4) inference (answer logits). Prompts are cut to {@code --max-length} tokens.
 * {@code DecoderGradientsBenchmark DIR [--batch-size 16] [--max-length 64] [--examples 64] [--warmup 1]
 * [--targets q,k,v] [--rank 8]}.
 */
public final class DecoderGradientsBenchmark {

    private DecoderGradientsBenchmark() {
    }

    /** A text of {@code words} corpus words starting at word {@code index} (cut to the prompt length later). */
    static String text(int index, int words) {
        String[] corpus = TinyTokenizer.CORPUS.split("\\s+");
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(corpus[(index * 7 + w) % corpus.length]);
        }
        return text.toString();
    }

    private interface BatchAction {
        void run(List<LabelledText> batch);
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int batchSize = 16;
        int maxLength = 64;
        int examples = 64;
        int warmup = 1;
        int rank = 8;
        List<String> targets = List.of("q", "k", "v");
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--batch-size" -> batchSize = Integer.parseInt(args[i + 1]);
                case "--max-length" -> maxLength = Integer.parseInt(args[i + 1]);
                case "--examples" -> examples = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--rank" -> rank = Integer.parseInt(args[i + 1]);
                case "--targets" -> targets = Arrays.asList(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (DecoderBase base = DecoderBase.load(directory, directory.getFileName().toString(), DataType.FLOAT32)) {
            TaskPrompt task = TaskPrompt.of("bench", new PromptTemplate("Review: {text}\nSentiment:"),
                    List.of("positive", "negative"), base.tokenizer());
            LabelWordClassifier classifier = new LabelWordClassifier(base, List.of(task), maxLength);
            LoraSpec spec = new LoraSpec(rank, 2.0 * rank, targets, 1L);
            LoraAdapter adapter = LoraAdapter.initialise(spec, classifier.layout(spec));
            List<LabelledText> all = new ArrayList<>();
            for (int i = 0; i < examples; i++) {
                all.add(new LabelledText("bench", text(i, maxLength), i % 2));
            }
            List<List<LabelledText>> batches = new ArrayList<>();
            for (int from = 0; from < all.size(); from += batchSize) {
                batches.add(all.subList(from, Math.min(all.size(), from + batchSize)));
            }
            TaskGradients gradients = new TaskGradients(classifier, 1e-6, false);
            RademacherProjection projection = new RademacherProjection(1L, adapter.layout().parameterCount(), 400);
            TaskTrainingStep step = new TaskTrainingStep(classifier);
            LoraAdapter[] trained = {adapter};
            long[] projectionNanos = new long[1];
            List<BatchAction> methods = List.of(
                    batch -> {
                        try (NDManager scope = DjlRuntime.newManager()) {
                            var matrix = gradients.batched(scope, adapter, batch);
                            long started = System.nanoTime();
                            projection.project(matrix.gradients());
                            projectionNanos[0] += System.nanoTime() - started;
                        }
                    },
                    batch -> {
                        try (NDManager scope = DjlRuntime.newManager()) {
                            projection.project(gradients.oneByOne(scope, adapter, batch).gradients());
                        }
                    },
                    batch -> trained[0] = step.step(trained[0], batch, 1e-3).adapter(),
                    batch -> {
                        try (NDManager scope = DjlRuntime.newManager()) {
                            classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(),
                                    classifier.tokenize(batch.stream().map(LabelledText::taskId).toList(),
                                            batch.stream().map(LabelledText::text).toList()),
                                    LinearAdaptation.BASE).taskLogits();
                        }
                    });
            for (BatchAction method : methods) {
                for (int i = 0; i < warmup; i++) {
                    method.run(batches.get(i % batches.size()));
                }
            }
            projectionNanos[0] = 0;
            long[] nanos = new long[methods.size()];
            for (List<LabelledText> batch : batches) {
                for (int m = 0; m < methods.size(); m++) {
                    long started = System.nanoTime();
                    methods.get(m).run(batch);
                    nanos[m] += System.nanoTime() - started;
                }
            }
            DecoderConfig c = base.config();
            System.out.printf("%s (%s, %d layers, hidden %d, %d/%d heads, vocabulary %d), LoRA r=%d on %s, D = %d, "
                    + "%d examples, batch %d, %d tokens%n", directory.getFileName(), c.architecture().modelType(),
                    c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.vocabSize(), rank, targets,
                    adapter.layout().parameterCount(), examples, batchSize, maxLength);
            String[] names = {"per-example gradients, one backward per batch (+ projection to 400)",
                "per-example gradients, one backward per example", "training step (SGD, mean loss)",
                "inference (answer logits)"};
            for (int m = 0; m < names.length; m++) {
                System.out.printf("  %-70s %8.1f ex/s%n", names[m], examples / (nanos[m] / 1e9));
            }
            System.out.printf("  %-70s %8.1f ex/s%n", "  of which the projection alone", examples / (projectionNanos[0] / 1e9));
        }
    }
}
