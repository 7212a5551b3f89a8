package org.affinityensemble.model.lora;

import org.affinityensemble.model.encoder.AttentionModule;

/**
 * One adapted linear map: LoRA matrices A [inDim, rank] and B [rank, outDim] for {@code target} of layer
 * {@code layer}; the map's output gains (alpha / rank)·x·A·B. For the encoder the target is an
 * {@link AttentionModule} (square, hidden × hidden); for a decoder a
 * {@link org.affinityensemble.model.decoder.DecoderModule} (k and v are hidden × kv_heads·head_dim under grouped-query
 * attention, the MLP maps are rectangular).
 */
public record LoraSlot(int layer, LoraModule target, int inDim, int outDim) {

    public LoraSlot {
        if (layer < 0 || target == null || inDim < 1 || outDim < 1) {
            throw new IllegalArgumentException("a LoRA slot needs a layer, a module and positive dimensions");
        }
    }

    /**
     * The encoder's attention projection of this slot (the encoder-only accessor the services use).
     *
     * @throws IllegalStateException for a decoder slot
     */
    public AttentionModule module() {
        if (target instanceof AttentionModule attention) {
            return attention;
        }
        throw new IllegalStateException(target + " is not an encoder attention projection");
    }
}
