package org.affinityensemble.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything a projected gradient depends on: the base model, the LoRA configuration at whose
 * initialisation the gradient is taken, the tokenizer's maximum length, and the seeded ±1/√d projection
 * from {@code parameterCount} LoRA values to {@code dim} dimensions. Gradients are comparable only under
 * the same {@link #id()}.
 */
public record ProjectionSpec(String modelId, LoraSpec lora, int maxLength, long seed, int dim,
        long parameterCount) {

    public ProjectionSpec {
        InvalidEventException.requireId(modelId, "projection.modelId");
        InvalidEventException.require(lora != null, "projection.lora is missing");
        InvalidEventException.require(maxLength >= 8, "projection.maxLength must be at least 8");
        InvalidEventException.require(dim >= 1, "projection.dim must be positive");
        InvalidEventException.require(parameterCount >= 1, "projection.parameterCount must be positive");
    }

    /** A short stable id of this projection (hex of a SHA-256 over the canonical description). */
    public String id() {
        String canonical = modelId + "|" + lora.canonical() + "|len=" + maxLength + "|seed=" + seed + "|d=" + dim
                + "|D=" + parameterCount;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
