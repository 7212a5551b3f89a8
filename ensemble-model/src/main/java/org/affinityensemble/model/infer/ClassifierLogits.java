package org.affinityensemble.model.infer;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.lora.MergedDeltas;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * The logits the inference service and the trainer need, for texts of one task or of several (row n belongs to
 * {@code taskIds.get(n)}, e.g. {@code Collections.nCopies(texts.size(), taskId)} for one task; each row has as
 * many logits as its task has labels):
 * <ul>
 *   <li>{@link #base}: the frozen model (zero-shot);</li>
 *   <li>{@link #adapter}: one LoRA adapter;</li>
 *   <li>{@link #outputEnsemble}: Σ_k w_k · logits_k, one forward pass per adapter;</li>
 *   <li>{@link #merged}: one forward pass with Σ_k w_k·(alpha_k/r_k)·A_k·B_k added into the base weights.</li>
 * </ul>
 * Texts are processed in chunks of {@code chunkSize}, each in its own native memory scope. Thread-safe.
 */
public final class ClassifierLogits {

    public static final int DEFAULT_CHUNK = 32;

    private final TaskClassifier classifier;
    private final int chunkSize;

    public ClassifierLogits(TaskClassifier classifier) {
        this(classifier, DEFAULT_CHUNK);
    }

    public ClassifierLogits(TaskClassifier classifier, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        this.classifier = classifier;
        this.chunkSize = chunkSize;
    }

    public TaskClassifier classifier() {
        return classifier;
    }

    public float[][] base(List<String> taskIds, List<String> texts) {
        return compute(taskIds, texts, scope -> LinearAdaptation.BASE);
    }

    /** The logits under one adapter: its LoRA matrices and, for the tasks it carries them for, its label embeddings. */
    public float[][] adapter(List<String> taskIds, List<String> texts, LoraAdapter adapter) {
        if (taskIds.size() != texts.size()) {
            throw new IllegalArgumentException(taskIds.size() + " task ids for " + texts.size() + " texts");
        }
        List<float[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += chunkSize) {
            int to = Math.min(texts.size(), from + chunkSize);
            TokenBatch tokens = classifier.tokenize(taskIds.subList(from, to), texts.subList(from, to));
            try (NDManager scope = DjlRuntime.newManager()) {
                rows.addAll(List.of(classifier.score(scope, taskIds.subList(from, to), tokens,
                        LoraTerms.of(adapter, scope, classifier.loraType()), adapter).taskLogits()));
            }
        }
        return rows.toArray(float[][]::new);
    }

    public float[][] outputEnsemble(List<String> taskIds, List<String> texts, List<LoraAdapter> adapters,
            double[] weights) {
        if (adapters.isEmpty() || adapters.size() != weights.length) {
            throw new IllegalArgumentException("one weight per adapter is needed");
        }
        float[][] sum = null;
        for (int k = 0; k < adapters.size(); k++) {
            float[][] logits = adapter(taskIds, texts, adapters.get(k));
            if (sum == null) {
                sum = new float[logits.length][];
                for (int n = 0; n < logits.length; n++) {
                    sum[n] = new float[logits[n].length];
                }
            }
            for (int n = 0; n < logits.length; n++) {
                for (int l = 0; l < logits[n].length; l++) {
                    sum[n][l] += (float) (weights[k] * logits[n][l]);
                }
            }
        }
        return sum;
    }

    public float[][] merged(List<String> taskIds, List<String> texts, List<LoraAdapter> adapters, double[] weights) {
        return compute(taskIds, texts, scope -> MergedDeltas.of(adapters, weights, scope, classifier.loraType()));
    }

    private float[][] compute(List<String> taskIds, List<String> texts,
            Function<NDManager, ? extends LinearAdaptation> adaptation) {
        if (taskIds.size() != texts.size()) {
            throw new IllegalArgumentException(taskIds.size() + " task ids for " + texts.size() + " texts");
        }
        List<float[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += chunkSize) {
            int to = Math.min(texts.size(), from + chunkSize);
            TokenBatch tokens = classifier.tokenize(taskIds.subList(from, to), texts.subList(from, to));
            try (NDManager scope = DjlRuntime.newManager()) {
                rows.addAll(List.of(classifier.score(scope, taskIds.subList(from, to), tokens,
                        adaptation.apply(scope)).taskLogits()));
            }
        }
        return rows.toArray(float[][]::new);
    }
}
