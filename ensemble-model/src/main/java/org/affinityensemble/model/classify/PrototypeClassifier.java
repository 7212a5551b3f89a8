package org.affinityensemble.model.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * Classification without task-specific parameters (ADR 0010): an input's logit for label l of its task is
 * s·cos(enc_θ(x), e_l), where enc_θ is the encoder under the given adaptation (a LoRA adapter, several, or none)
 * and e_l the frozen label prototypes; p = softmax over the task's labels. Every task therefore goes through the
 * same LoRA parameters, and the logits at initialisation (B = 0) are the base model's zero-shot logits.
 * Examples of several tasks may share a batch. Thread-safe (holds only immutable state).
 */
public final class PrototypeClassifier {

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

    /** The same classifier tokenizing to another maximum length. */
    public PrototypeClassifier withMaxLength(int maxLength) {
        return new PrototypeClassifier(model, prototypes, new ClassifierSettings(settings.scale(), maxLength));
    }

    /** The model's floating-point type (what LoRA matrices must be created in). */
    public DataType dataType() {
        return model.encoder().dataType();
    }

    /** Tokenizes texts with the classifier's maximum length. */
    public TokenBatch tokenize(List<String> texts) {
        return model.tokenizer().encode(texts, settings.maxLength());
    }

    /** The logits of a batch; {@code taskIds.get(n)} is the task of row n. Arrays are attached to {@code scope}. */
    public LabelScores score(NDManager scope, List<String> taskIds, TokenBatch tokens,
            ProjectionAdaptation adaptation) {
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
        float[] table = new float[rows * maxLabels * hidden];
        float[] valid = new float[rows * maxLabels];
        for (int n = 0; n < rows; n++) {
            float[][] taskPrototypes = prototypes.view(taskIds.get(n));
            for (int l = 0; l < taskPrototypes.length; l++) {
                System.arraycopy(taskPrototypes[l], 0, table, (n * maxLabels + l) * hidden, hidden);
                valid[n * maxLabels + l] = 1;
            }
        }
        NDArray embeddings = model.encoder().sentenceEmbeddings(tokens.idArray(scope), tokens.maskArray(scope),
                adaptation);
        NDArray prototypeTable = HostArrays.create(scope, table, new Shape(rows, maxLabels, hidden), dataType());
        NDArray cosines = prototypeTable.matMul(embeddings.expandDims(2)).squeeze(2);
        NDArray validMask = HostArrays.create(scope, valid, new Shape(rows, maxLabels), dataType());
        return new LabelScores(cosines.mul(settings.scale()), validMask, labelCounts);
    }
}
