package org.affinityensemble.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * How an adaptable linear map of a model is computed: the base {@code input·Wᵀ + b}, or an adapted version (LoRA
 * terms added, or merged weights), for any architecture's {@link LoraModule}s. The architecture-neutral form of the
 * encoder's {@link org.affinityensemble.model.encoder.ProjectionAdaptation} (which extends it); the decoders call it
 * for every projection of every layer, adapted or not.
 */
@FunctionalInterface
public interface LinearAdaptation {

    /** The frozen base model. */
    LinearAdaptation BASE = (layer, module, input, weight, bias) -> linear(input, weight, bias);

    /**
     * The map's output for {@code input} [N, T, in].
     *
     * @param weight the base weight, [out, in]
     * @param bias the base bias, [out], or null
     */
    NDArray project(int layer, LoraModule module, NDArray input, NDArray weight, NDArray bias);

    /** {@code input·weightᵀ + bias} (no bias when null). */
    static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return Linear.linear(input, weight, bias).singletonOrThrow();
    }
}
