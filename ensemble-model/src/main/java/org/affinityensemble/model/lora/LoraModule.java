package org.affinityensemble.model.lora;

/**
 * A linear map of a model that LoRA may adapt, as seen by the LoRA machinery ({@link LoraLayout}, {@link LoraTerms},
 * {@link MergedDeltas}): an architecture-specific enum (the encoder's
 * {@link org.affinityensemble.model.encoder.AttentionModule}, the decoders'
 * {@link org.affinityensemble.model.decoder.DecoderModule}) whose {@link #shortName()} is the name used in
 * {@code LoraSpec.targets()}. Slots are keyed by (layer, module); one model uses one kind of module.
 */
public interface LoraModule {

    /** The name of the module in {@code LoraSpec.targets()} ({@code q}, {@code k}, ..., {@code gate}). */
    String shortName();
}
