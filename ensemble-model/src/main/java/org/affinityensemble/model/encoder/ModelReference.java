package org.affinityensemble.model.encoder;

/**
 * The base model and classifier a run trains with, as the services were configured: the model id (checked against
 * the loaded model), a Hugging Face model directory or null for the bundled all-MiniLM-L6-v2 (an encoder, or a
 * decoder LM when its config.json names one), the prototype classifier's scale (encoders), and the type a
 * decoder's frozen weights are held in ({@code float32}; {@code float16} on CUDA; null means float32). The
 * tokenizer's maximum length is the training configuration's.
 */
public record ModelReference(String modelId, String directory, double scale, String baseType) {

    public ModelReference(String modelId, String directory, double scale) {
        this(modelId, directory, scale, null);
    }
}
