package org.affinityensemble.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.storage.EnsembleManifest;

/**
 * One ensemble version ready to serve: its manifest, its tasks' classifier (the encoder's label prototypes, or a
 * decoder's prompts and label words from the manifest), every adapter as LoRA terms (output mode) and every task's
 * merged weights (merged mode), all in one native memory scope.
 *
 * <p>An adapter that carries trained label embeddings of a task (ADR 0081) scores that task against them in
 * output mode, exactly as it did in training and validation. Merged mode runs one forward pass, so it has one
 * label table per task: the weighted mean of the adapters' L2-normalised label vectors (the frozen prototype for
 * an adapter without them), which is exact when all adapters share their label vectors and otherwise the natural
 * approximation, as merging the LoRA matrices is.
 *
 * <p>A task whose manifest entry names a probe member (ADR 0124) mixes it in last, in both modes and exactly as the
 * build chose it: scores (1 − α)·log softmax(Σ_k w_k z_k) + α·log p_probe, p_probe from the task's linear probe on
 * the frozen model's features of the text (one more forward pass, without any adapter).
 *
 * <p>Reference-counted: it starts with one reference (the holder that serves it); every request retains it
 * for as long as it runs. When the last reference is released its native memory is freed, so a request that
 * began on a version finishes on it even after a newer one took its place. Thread-safe.
 */
public final class LoadedEnsemble {

    /** The id under which a task's probe member appears among a prediction's contributions. */
    public static final String PROBE_MEMBER = "linear-probe";

    private final EnsembleManifest manifest;
    private final TaskClassifier classifier;
    private final NDManager memory;
    private final Map<String, LoraTerms> adapterTerms;
    private final Map<String, LoraAdapter> adapters;
    private final Map<String, MergedWeights> mergedByTask;
    private final Map<String, float[][]> mergedLabels;
    private final Map<String, LinearProbe> probes;
    private final int chunkSize;
    private final Instant loadedAt = Instant.now();
    private final AtomicInteger references = new AtomicInteger(1);

    private LoadedEnsemble(EnsembleManifest manifest, TaskClassifier classifier, NDManager memory,
            Map<String, LoraTerms> adapterTerms, Map<String, LoraAdapter> adapters,
            Map<String, MergedWeights> mergedByTask, Map<String, float[][]> mergedLabels,
            Map<String, LinearProbe> probes, int chunkSize) {
        this.manifest = manifest;
        this.classifier = classifier;
        this.memory = memory;
        this.adapterTerms = adapterTerms;
        this.adapters = adapters;
        this.mergedByTask = mergedByTask;
        this.mergedLabels = mergedLabels;
        this.probes = probes;
        this.chunkSize = chunkSize;
    }

    /**
     * Builds a servable ensemble from a manifest, its adapters (by adapter id) and the probe members its tasks
     * name (by task id).
     *
     * @param chunkSize texts per forward pass at most
     * @throws IllegalArgumentException if the manifest does not fit the model, the adapters or the probes
     */
    public static LoadedEnsemble assemble(LanguageModel model, BaseProjectionWeights baseWeights,
            EnsembleManifest manifest, Map<String, LoraAdapter> adapters, Map<String, LinearProbe> probes,
            int chunkSize) {
        validate(model, manifest, adapters, probes);
        List<TaskLabels> labels = manifest.tasks().entrySet().stream()
                .map(task -> new TaskLabels(task.getKey(), task.getValue().labels(), task.getValue().prompt()))
                .toList();
        TaskClassifier classifier = model.classifier(labels,
                new ClassifierSettings(manifest.scale(), manifest.maxLength()));
        NDManager memory = DjlRuntime.newManager();
        try {
            Map<String, LoraTerms> terms = new LinkedHashMap<>();
            for (EnsembleManifest.AdapterEntry entry : manifest.adapters()) {
                terms.put(entry.adapterId(), LoraTerms.of(adapters.get(entry.adapterId()), memory,
                        classifier.loraType()));
            }
            Map<String, MergedWeights> merged = new LinkedHashMap<>();
            Map<String, float[][]> mergedLabels = new LinkedHashMap<>();
            for (String task : manifest.tasks().keySet()) {
                Map<String, Double> weights = positiveWeights(manifest, task);
                List<LoraAdapter> used = weights.keySet().stream().map(adapters::get).toList();
                double[] w = weights.values().stream().mapToDouble(Double::doubleValue).toArray();
                merged.put(task, MergedWeights.of(used, w, baseWeights, memory, classifier.loraType()));
                if (classifier instanceof PrototypeClassifier prototypes
                        && used.stream().anyMatch(adapter -> adapter.labels(task) != null)) {
                    mergedLabels.put(task, weightedLabels(prototypes.prototypes().of(task), used, w, task));
                }
            }
            Map<String, LoraAdapter> byId = new LinkedHashMap<>();
            manifest.adapters().forEach(entry -> byId.put(entry.adapterId(), adapters.get(entry.adapterId())));
            Map<String, LinearProbe> probeByTask = new LinkedHashMap<>();
            manifest.tasks().forEach((task, entry) -> {
                if (entry.probe() != null) {
                    probeByTask.put(task, probes.get(task));
                }
            });
            return new LoadedEnsemble(manifest, classifier, memory, terms, byId, merged, mergedLabels, probeByTask,
                    chunkSize);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** Σ_k w_k·ê_{k,l} / Σ_k w_k: the weighted mean of the adapters' normalised label vectors of one task. */
    private static float[][] weightedLabels(float[][] prototypes, List<LoraAdapter> used, double[] w, String task) {
        int hidden = prototypes[0].length;
        double total = 0;
        double[][] sum = new double[prototypes.length][hidden];
        for (int k = 0; k < used.size(); k++) {
            float[][] trained = used.get(k).labels(task);
            float[][] vectors = trained != null ? trained : prototypes;
            if (vectors.length != prototypes.length) {
                throw new IllegalArgumentException("task " + task + " has " + prototypes.length
                        + " labels, an adapter's label embeddings " + vectors.length);
            }
            for (int l = 0; l < vectors.length; l++) {
                double norm = 0;
                for (float v : vectors[l]) {
                    norm += (double) v * v;
                }
                double inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                for (int i = 0; i < hidden; i++) {
                    sum[l][i] += w[k] * vectors[l][i] * inverse;
                }
            }
            total += w[k];
        }
        float[][] mean = new float[prototypes.length][hidden];
        for (int l = 0; l < mean.length; l++) {
            for (int i = 0; i < hidden; i++) {
                mean[l][i] = (float) (sum[l][i] / total);
            }
        }
        return mean;
    }

    private static void validate(LanguageModel model, EnsembleManifest manifest, Map<String, LoraAdapter> adapters,
            Map<String, LinearProbe> probes) {
        if (!manifest.baseModelId().equals(model.modelId())) {
            throw new IllegalArgumentException("ensemble v" + manifest.ensembleVersion() + " belongs to base model "
                    + manifest.baseModelId() + ", this service runs " + model.modelId());
        }
        if (manifest.tasks().isEmpty()) {
            throw new IllegalArgumentException("ensemble v" + manifest.ensembleVersion() + " has no tasks");
        }
        for (EnsembleManifest.AdapterEntry entry : manifest.adapters()) {
            if (!adapters.containsKey(entry.adapterId())) {
                throw new IllegalArgumentException("adapter " + entry.adapterId() + " is missing");
            }
        }
        for (String task : manifest.tasks().keySet()) {
            if (positiveWeights(manifest, task).isEmpty()) {
                throw new IllegalArgumentException("task " + task + " has no adapter with a positive weight");
            }
            EnsembleManifest.TaskEntry entry = manifest.tasks().get(task);
            if (entry.probe() != null) {
                LinearProbe probe = probes.get(task);
                if (probe == null) {
                    throw new IllegalArgumentException("task " + task + "'s probe " + entry.probe().key()
                            + " is missing");
                }
                if (Arrays.stream(probe.labels()).anyMatch(l -> l < 0 || l >= entry.labels().size())) {
                    throw new IllegalArgumentException("task " + task + "'s probe predicts labels "
                            + Arrays.toString(probe.labels()) + ", the task has "
                            + entry.labels().size());
                }
            }
        }
    }

    /** A task's adapters with positive weight, in the manifest's adapter order. */
    private static Map<String, Double> positiveWeights(EnsembleManifest manifest, String task) {
        Map<String, Double> weights = manifest.tasks().get(task).weights();
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (EnsembleManifest.AdapterEntry entry : manifest.adapters()) {
            Double w = weights.get(entry.adapterId());
            if (w != null && w > 0) {
                ordered.put(entry.adapterId(), w);
            }
        }
        return ordered;
    }

    public EnsembleManifest manifest() {
        return manifest;
    }

    public long version() {
        return manifest.ensembleVersion();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public boolean hasTask(String task) {
        return manifest.tasks().containsKey(task);
    }

    public List<String> labels(String task) {
        return requireTask(task).labels();
    }

    /** A task's adapters with positive weight and their weights, in the manifest's adapter order. */
    public Map<String, Double> weights(String task) {
        requireTask(task);
        return positiveWeights(manifest, task);
    }

    /** A task's probe member's weight α (0: the adapters alone). */
    public double probeWeight(String task) {
        EnsembleManifest.ProbeEntry probe = requireTask(task).probe();
        return probe == null ? 0 : probe.weight();
    }

    /**
     * Scores texts of one task.
     *
     * @param contributions also return each weighted adapter's own logits (free in output mode, one extra forward
     *     pass per adapter in merged mode), and the probe member's log-probabilities as {@link #PROBE_MEMBER}
     */
    public TaskScores score(String task, List<String> texts, ServingMode mode, boolean contributions) {
        Map<String, Double> weights = weights(task);
        List<TaskScores.AdapterScores> parts = new ArrayList<>();
        if (mode == ServingMode.OUTPUT || contributions) {
            for (Map.Entry<String, Double> adapter : weights.entrySet()) {
                parts.add(new TaskScores.AdapterScores(adapter.getKey(), adapter.getValue(),
                        logits(task, texts, adapterTerms.get(adapter.getKey()),
                                adapters.get(adapter.getKey()).labels(task))));
            }
        }
        double[][] logits = mode == ServingMode.MERGED
                ? logits(task, texts, mergedByTask.get(task), mergedLabels.get(task))
                : weightedSum(parts, texts.size());
        LinearProbe probe = probes.get(task);
        if (probe != null) {
            double alpha = probeWeight(task);
            double[][] probeLogProbabilities = probeLogProbabilities(task, texts, probe);
            logits = LinearProbe.mixed(logits, probeLogProbabilities, alpha);
            parts.add(new TaskScores.AdapterScores(PROBE_MEMBER, alpha, probeLogProbabilities));
        }
        return new TaskScores(logits, contributions ? parts : List.of());
    }

    /** The probe's log-probabilities over the task's labels, on the frozen model's features, chunk by chunk. */
    private double[][] probeLogProbabilities(String task, List<String> texts, LinearProbe probe) {
        int labelCount = requireTask(task).labels().size();
        List<double[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += chunkSize) {
            int to = Math.min(texts.size(), from + chunkSize);
            float[][] features = classifier.features(Collections.nCopies(to - from, task), texts.subList(from, to));
            rows.addAll(List.of(probe.logProbabilities(features, labelCount)));
        }
        return rows.toArray(double[][]::new);
    }

    private static double[][] weightedSum(List<TaskScores.AdapterScores> parts, int rows) {
        double[][] sum = new double[rows][];
        for (TaskScores.AdapterScores part : parts) {
            for (int n = 0; n < rows; n++) {
                double[] row = part.logits()[n];
                if (sum[n] == null) {
                    sum[n] = new double[row.length];
                }
                for (int l = 0; l < row.length; l++) {
                    sum[n][l] += part.weight() * row[l];
                }
            }
        }
        return sum;
    }

    /**
     * Logits under an adaptation; an encoder's against {@code labels} [labels][hidden] (null: the task's frozen
     * prototypes; a decoder has none and scores its label words).
     */
    private double[][] logits(String task, List<String> texts, LinearAdaptation adaptation, float[][] labels) {
        List<double[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += chunkSize) {
            int to = Math.min(texts.size(), from + chunkSize);
            List<String> taskIds = Collections.nCopies(to - from, task);
            TokenBatch tokens = classifier.tokenize(taskIds, texts.subList(from, to));
            try (NDManager scope = DjlRuntime.newManager()) {
                float[][] scored;
                if (labels != null && classifier instanceof PrototypeClassifier prototypes) {
                    Map<String, NDArray> table = Map.of(task, HostArrays.create(scope,
                            PrototypeClassifier.flatten(labels), new Shape(labels.length, labels[0].length),
                            prototypes.dataType()));
                    scored = prototypes.score(scope, taskIds, tokens, ProjectionAdaptation.of(adaptation), table)
                            .taskLogits();
                } else {
                    scored = classifier.score(scope, taskIds, tokens, adaptation).taskLogits();
                }
                for (float[] row : scored) {
                    rows.add(Softmax.toDoubles(row));
                }
            }
        }
        return rows.toArray(double[][]::new);
    }

    /**
     * Runs every task once in both modes on a probe text and checks that the logits are finite, so that a
     * broken ensemble fails while loading, not while serving.
     */
    public void verify(String probeText) {
        for (String task : manifest.tasks().keySet()) {
            for (ServingMode mode : ServingMode.values()) {
                for (double z : score(task, List.of(probeText), mode, false).logits()[0]) {
                    if (!Double.isFinite(z)) {
                        throw new IllegalStateException("ensemble v" + version() + " gives non-finite logits for task "
                                + task + " in " + mode.wireName() + " mode");
                    }
                }
            }
        }
    }

    /** Takes a reference unless the ensemble is already freed; true if taken. */
    public boolean tryRetain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one frees the native memory. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            memory.close();
        } else if (left < 0) {
            throw new IllegalStateException("ensemble v" + version() + " released more often than retained");
        }
    }

    /** True once the last reference is gone and the native memory is freed. */
    public boolean isReleased() {
        return references.get() == 0;
    }

    private EnsembleManifest.TaskEntry requireTask(String task) {
        EnsembleManifest.TaskEntry entry = manifest.tasks().get(task);
        if (entry == null) {
            throw new IllegalArgumentException("ensemble v" + version() + " has no task '" + task + "'");
        }
        return entry;
    }
}
