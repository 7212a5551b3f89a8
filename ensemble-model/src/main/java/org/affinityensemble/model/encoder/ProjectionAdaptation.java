package org.affinityensemble.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraModule;

/**
 * How an attention projection of the encoder is computed: the base {@code input·Wᵀ + b}, or an adapted version
 * (LoRA terms added, or merged weights). The encoder calls it for q, k, v and o of every layer, so one forward
 * pass serves the frozen model, a LoRA adapter, per-example LoRA copies and merged deltas alike. It is the encoder's
 * view of the architecture-neutral {@link LinearAdaptation}: a lambda written for the encoder serves any
 * {@link AttentionModule} through {@link #project(int, LoraModule, NDArray, NDArray, NDArray)}.
 */
@FunctionalInterface
public interface ProjectionAdaptation extends LinearAdaptation {

    /** The frozen base model. */
    ProjectionAdaptation NONE = (layer, module, input, weight, bias) -> base(input, weight, bias);

    /**
     * The projection's output for {@code input} [N, T, in].
     *
     * @param weight the base weight, [out, in]
     * @param bias the base bias, [out]
     */
    NDArray project(int layer, AttentionModule module, NDArray input, NDArray weight, NDArray bias);

    /** The general form: an encoder adaptation knows only attention projections. */
    @Override
    default NDArray project(int layer, LoraModule module, NDArray input, NDArray weight, NDArray bias) {
        if (module instanceof AttentionModule attention) {
            return project(layer, attention, input, weight, bias);
        }
        throw new IllegalArgumentException("an encoder adaptation cannot project " + module);
    }

    /** The encoder's view of any adaptation (itself when it is one already). */
    static ProjectionAdaptation of(LinearAdaptation adaptation) {
        return adaptation instanceof ProjectionAdaptation encoder ? encoder
                : (layer, module, input, weight, bias) -> adaptation.project(layer, module, input, weight, bias);
    }

    /** {@code input·weightᵀ + bias}. */
    static NDArray base(NDArray input, NDArray weight, NDArray bias) {
        return Linear.linear(input, weight, bias).singletonOrThrow();
    }
}
