package org.affinityensemble.model.task;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;

/**
 * A base model plus a task-agnostic way of scoring a set of tasks' labels, adaptable by LoRA: the one model
 * interface of gradients ({@code gradient.PerExampleGradients}), training ({@code train.TrainingSession}), ensemble
 * logits ({@code infer.ClassifierLogits}) and serving. Implemented by the encoder's prototype classifier
 * ({@code classify.PrototypeClassifier}, cosine to label prototypes) and the decoders' label-word classifier
 * ({@code decoder.LabelWordClassifier}, the paper's next-token logits of label words). Thread-safe.
 */
public interface TaskClassifier {

    /** The id projections and adapters record. */
    String modelId();

    /** The type LoRA matrices are created in. */
    DataType loraType();

    /** {@code spec}'s LoRA layout on this model (the canonical D coordinates). */
    LoraLayout layout(LoraSpec spec);

    /** The same classifier tokenizing to another maximum length. */
    TaskClassifier withMaxLength(int maxLength);

    /** The tasks this classifier scores. */
    List<String> taskIds();

    /** Tokenizes texts of the given tasks (a decoder renders each through its task's template). */
    TokenBatch tokenize(List<String> taskIds, List<String> texts);

    /** The scores of a tokenized batch under an adaptation; arrays are attached to {@code scope}. */
    TaskScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation);

    /**
     * The frozen model's features of texts of the given tasks, one row each, what a linear probe (the baseline
     * every ensemble is compared with) is fitted on: the encoder's sentence embedding, a decoder's final-normed
     * hidden state at the answer position of the task's prompt.
     */
    float[][] features(List<String> taskIds, List<String> texts);

    /**
     * The scores under an adapter whose LoRA matrices are {@code adaptation}: a classifier with trainable label
     * parameters (the encoder's label embeddings) also uses those {@code adapter} carries.
     */
    default TaskScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation,
            LoraAdapter adapter) {
        return score(scope, taskIds, tokens, adaptation);
    }
}
