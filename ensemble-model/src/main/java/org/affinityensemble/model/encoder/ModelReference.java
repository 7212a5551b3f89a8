package org.affinityensemble.model.encoder;

/**
 * The base model and classifier a run trains with, as the trainer-service was configured: the model id (checked
 * against the loaded model), a Hugging Face model directory or null for the bundled all-MiniLM-L6-v2, and the
 * prototype classifier's scale. The tokenizer's maximum length is the training configuration's.
 */
public record ModelReference(String modelId, String directory, double scale) {
}
