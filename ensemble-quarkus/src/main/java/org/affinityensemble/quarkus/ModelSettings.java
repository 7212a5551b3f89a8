package org.affinityensemble.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.affinityensemble.events.LoraSpec;

/**
 * The model every service that runs it must agree on ({@code ensemble.model.*}): the base model (the bundled
 * all-MiniLM-L6-v2 encoder, or a Hugging Face directory of a BERT-family encoder or a Llama, Qwen2 or Mistral
 * decoder LM), the tokenizer's maximum length, the classifier's scale and the LoRA configuration. Gradients, adapters and ensembles record these values.
 */
@ConfigMapping(prefix = "ensemble.model")
public interface ModelSettings {

    /** Whether this service loads the model (a build property: {@code ModelProducer} exists only where it is true). */
    @WithDefault("false")
    boolean enabled();

    /** A Hugging Face model directory (config.json, model.safetensors, tokenizer.json); absent: the bundled MiniLM. */
    Optional<Path> dir();

    /** The id recorded for a model loaded from {@link #dir()}. */
    Optional<String> id();

    /**
     * The type a decoder LM's frozen weights are held in: {@code float32} (CPU) or {@code float16} (CUDA, half the
     * memory; LoRA, activations and optimiser state stay float32). bf16 is refused (docs/decoders.md).
     */
    @WithDefault("float32")
    String baseType();

    @WithDefault("64")
    int maxLength();

    /** Load the model while the service starts (the startup probe waits for it), or on first use. */
    @WithDefault("true")
    boolean loadAtStart();

    /** s in p = softmax(s · cos(enc(x), e_label)). */
    @WithDefault("20")
    double scale();

    Lora lora();

    /** {@code ensemble.model.lora.*} */
    interface Lora {

        @WithDefault("8")
        int rank();

        @WithDefault("16")
        double alpha();

        @WithDefault("q,k,v")
        List<String> targets();

        @WithDefault("17")
        long initSeed();
    }

    default LoraSpec loraSpec() {
        return new LoraSpec(lora().rank(), lora().alpha(), lora().targets(), lora().initSeed());
    }
}
