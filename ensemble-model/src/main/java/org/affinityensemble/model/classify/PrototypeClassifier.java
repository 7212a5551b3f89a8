package org.affinityensemble.model.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.BertEncoder;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskClassifier;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Classification without task-specific parameters (ADR 0010): an input's logit for label l of its task is
 * s·cos(enc_θ(x), e_l), where enc_θ is the encoder under the given adaptation (a LoRA adapter, several, or none)
 * and e_l the frozen label prototypes; p = softmax over the task's labels. Every task therefore goes through the
 * same LoRA parameters, and the logits at initialisation (B = 0) are the base model's zero-shot logits.
 * Examples of several tasks may share a batch. Unlike a decoder's label words, the label embeddings can be trained
 * (issue #19): {@link #score(NDManager, List, TokenBatch, ProjectionAdaptation, Map)} takes them as arrays, and an
 * adapter carries them. Thread-safe (holds only immutable state).
 */
public final class PrototypeClassifier implements TaskClassifier {

    private final BaseModel model;
    private final LabelPrototypes prototypes;
    private final ClassifierSettings settings;

    public PrototypeClassifier(BaseModel model, LabelPrototypes prototypes, ClassifierSettings settings) {
        this.model = model;
        this.prototypes = prototypes;
        this.settings = settings;
    }

    public BaseModel model() {
        return model;
    }

    public LabelPrototypes prototypes() {
        return prototypes;
    }

    public ClassifierSettings settings() {
        return settings;
    }

    @Override
    public PrototypeClassifier withMaxLength(int maxLength) {
        return maxLength == settings.maxLength() ? this
                : new PrototypeClassifier(model, prototypes, new ClassifierSettings(settings.scale(), maxLength));
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public List<String> taskIds() {
        return List.copyOf(prototypes.taskIds());
    }

    @Override
    public LoraLayout layout(LoraSpec spec) {
        return model.layout(spec);
    }

    /** The model's floating-point type (what LoRA matrices must be created in). */
    public DataType dataType() {
        return model.encoder().dataType();
    }

    @Override
    public DataType loraType() {
        return dataType();
    }

    /** Tokenizes texts with the classifier's maximum length (the encoder needs no task to tokenize). */
    public TokenBatch tokenize(List<String> texts) {
        return model.tokenizer().encode(texts, settings.maxLength());
    }

    @Override
    public TokenBatch tokenize(List<String> taskIds, List<String> texts) {
        return tokenize(texts);
    }

    /** The frozen encoder's sentence embeddings (L2-normalised mean pooling) at the classifier's maximum length. */
    @Override
    public float[][] features(List<String> taskIds, List<String> texts) {
        return model.embed(texts, settings.maxLength());
    }

    /** The logits of a batch; {@code taskIds.get(n)} is the task of row n. Arrays are attached to {@code scope}. */
    @Override
    public LabelScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation) {
        return score(scope, taskIds, tokens, ProjectionAdaptation.of(adaptation), Map.of());
    }

    /**
     * The logits of a batch under an adapter: its LoRA matrices as {@code adaptation}, and its trained label
     * embeddings (constants) for the tasks it carries them for ({@link LoraAdapter#labels}).
     */
    @Override
    public LabelScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation,
            LoraAdapter adapter) {
        Map<String, NDArray> labels = new LinkedHashMap<>();
        for (String task : new LinkedHashSet<>(taskIds)) {
            float[][] vectors = adapter.labels(task);
            if (vectors != null) {
                labels.put(task, HostArrays.create(scope, flatten(vectors),
                        new Shape(vectors.length, vectors[0].length), dataType()));
            }
        }
        return score(scope, taskIds, tokens, ProjectionAdaptation.of(adaptation), labels);
    }

    /**
     * The logits of a batch with the label embeddings of some tasks given as arrays [labels, hidden] (constants or
     * autograd leaves, e.g. of a training run; L2-normalised here); the other tasks use the frozen prototypes.
     */
    public LabelScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, ProjectionAdaptation adaptation,
            Map<String, NDArray> labels) {
        if (taskIds.size() != tokens.rows()) {
            throw new IllegalArgumentException(taskIds.size() + " task ids for " + tokens.rows() + " texts");
        }
        int rows = tokens.rows();
        int hidden = model.config().hiddenSize();
        int[] labelCounts = new int[rows];
        int maxLabels = 0;
        for (int n = 0; n < rows; n++) {
            labelCounts[n] = prototypes.labelCount(taskIds.get(n));
            maxLabels = Math.max(maxLabels, labelCounts[n]);
        }
        float[] valid = new float[rows * maxLabels];
        for (int n = 0; n < rows; n++) {
            for (int l = 0; l < labelCounts[n]; l++) {
                valid[n * maxLabels + l] = 1;
            }
        }
        NDArray prototypeTable;
        if (labels.isEmpty() || taskIds.stream().noneMatch(labels::containsKey)) {
            float[] table = new float[rows * maxLabels * hidden];
            for (int n = 0; n < rows; n++) {
                float[][] taskPrototypes = prototypes.view(taskIds.get(n));
                for (int l = 0; l < taskPrototypes.length; l++) {
                    System.arraycopy(taskPrototypes[l], 0, table, (n * maxLabels + l) * hidden, hidden);
                }
            }
            prototypeTable = HostArrays.create(scope, table, new Shape(rows, maxLabels, hidden), dataType());
        } else {
            Map<String, NDArray> padded = new LinkedHashMap<>();
            for (String task : new LinkedHashSet<>(taskIds)) {
                NDArray matrix = labels.containsKey(task) ? BertEncoder.l2Normalize(labels.get(task))
                        : HostArrays.create(scope, flatten(prototypes.view(task)),
                                new Shape(prototypes.labelCount(task), hidden), dataType());
                int missing = maxLabels - prototypes.labelCount(task);
                if (matrix.getShape().get(0) != prototypes.labelCount(task)) {
                    throw new IllegalArgumentException("task " + task + " has " + prototypes.labelCount(task)
                            + " labels, its label embeddings " + matrix.getShape().get(0));
                }
                padded.put(task, missing == 0 ? matrix
                        : matrix.concat(scope.zeros(new Shape(missing, hidden), dataType()), 0));
            }
            NDList perRow = new NDList();
            taskIds.forEach(task -> perRow.add(padded.get(task)));
            prototypeTable = NDArrays.stack(perRow, 0);
        }
        NDArray embeddings = model.encoder().sentenceEmbeddings(tokens.idArray(scope), tokens.maskArray(scope),
                adaptation);
        NDArray cosines = prototypeTable.matMul(embeddings.expandDims(2)).squeeze(2);
        NDArray validMask = HostArrays.create(scope, valid, new Shape(rows, maxLabels), dataType());
        return new LabelScores(cosines.mul(settings.scale()), validMask, labelCounts);
    }

    /**
     * Per row, the label vectors of its task (the adapter's trained ones where it carries them, else the frozen
     * prototypes), zero-padded to {@code maxLabels}: [rows, maxLabels, hidden] row-major values, for a per-example
     * leaf table ({@link #scoreRows}).
     */
    public float[] labelRows(List<String> taskIds, LoraAdapter adapter, int maxLabels) {
        int hidden = model.config().hiddenSize();
        float[] table = new float[taskIds.size() * maxLabels * hidden];
        Map<String, float[][]> byTask = new LinkedHashMap<>();
        for (int n = 0; n < taskIds.size(); n++) {
            float[][] vectors = byTask.computeIfAbsent(taskIds.get(n), task -> {
                float[][] trained = adapter.labels(task);
                return trained != null ? trained : prototypes.view(task);
            });
            for (int l = 0; l < vectors.length; l++) {
                System.arraycopy(vectors[l], 0, table, (n * maxLabels + l) * hidden, hidden);
            }
        }
        return table;
    }

    /** The largest label count among the rows' tasks. */
    public int maxLabels(List<String> taskIds) {
        return taskIds.stream().mapToInt(prototypes::labelCount).max().orElse(0);
    }

    /**
     * The logits of a batch whose every row has its own label table {@code rowLabels} [rows, maxLabels, hidden]
     * (e.g. per-example autograd leaves, so that one backward pass gives each example's gradient with respect to
     * its task's label embeddings); the vectors are L2-normalised here, zero padding stays zero.
     */
    public LabelScores scoreRows(NDManager scope, List<String> taskIds, TokenBatch tokens,
            ProjectionAdaptation adaptation, NDArray rowLabels) {
        int rows = tokens.rows();
        int maxLabels = (int) rowLabels.getShape().get(1);
        int[] labelCounts = new int[rows];
        float[] valid = new float[rows * maxLabels];
        for (int n = 0; n < rows; n++) {
            labelCounts[n] = prototypes.labelCount(taskIds.get(n));
            for (int l = 0; l < labelCounts[n]; l++) {
                valid[n * maxLabels + l] = 1;
            }
        }
        NDArray embeddings = model.encoder().sentenceEmbeddings(tokens.idArray(scope), tokens.maskArray(scope),
                adaptation);
        NDArray cosines = BertEncoder.l2Normalize(rowLabels).matMul(embeddings.expandDims(2)).squeeze(2);
        NDArray validMask = HostArrays.create(scope, valid, new Shape(rows, maxLabels), dataType());
        return new LabelScores(cosines.mul(settings.scale()), validMask, labelCounts);
    }

    /** Rows of equal length as one row-major array. */
    public static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }
}
