package org.affinityensemble.model.lora;

import org.affinityensemble.model.encoder.AttentionModule;

/**
 * One adapted projection: LoRA matrices A [inDim, rank] and B [rank, outDim] for {@code module} of encoder layer
 * {@code layer}; the projection's output gains (alpha / rank)·x·A·B.
 */
public record LoraSlot(int layer, AttentionModule module, int inDim, int outDim) {
}
