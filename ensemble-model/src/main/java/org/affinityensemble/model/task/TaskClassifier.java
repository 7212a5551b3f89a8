package org.affinityensemble.model.task;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraLayout;

/**
 * The one model interface proposed for both paths (DECODER-NOTES.md): a base model plus a task-agnostic way of
 * scoring a task's labels, adaptable by LoRA. The encoder's prototype classifier ({@link EncoderTaskClassifier})
 * and the decoders' label-word classifier ({@code decoder.LabelWordClassifier}) implement it, so per-example
 * gradients ({@link TaskGradients}), training steps ({@link TaskTrainingStep}), ensemble logits
 * ({@code LoraTerms.weightedSum}) and merged serving ({@code MergedDeltas}) are written once.
 */
public interface TaskClassifier {

    /** The id projections and adapters record. */
    String modelId();

    /** The type LoRA matrices are created in (float32; the base may compute in another type). */
    DataType loraType();

    /** {@code spec}'s LoRA layout on this model (the canonical D coordinates). */
    LoraLayout layout(LoraSpec spec);

    /** Tokenizes texts of the given tasks (a decoder renders each through its task's template). */
    TokenBatch tokenize(List<String> taskIds, List<String> texts);

    /** The scores of a tokenized batch under an adaptation; arrays are attached to {@code scope}. */
    TaskScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation);
}
