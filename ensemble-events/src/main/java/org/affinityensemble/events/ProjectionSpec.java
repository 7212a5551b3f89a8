package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything a projected gradient depends on: the base model, the LoRA configuration, the point where the
 * gradient is taken ({@code start}: null for the LoRA initialisation, otherwise a meta-initialisation and whether
 * A is frozen after it), the tokenizer's maximum length, and the seeded ±1/√d projection from
 * {@code parameterCount} LoRA values to {@code dim} dimensions, and {@code labelScale}: 0 when only LoRA is trained,
 * otherwise each example's gradient also holds its task's label-embedding block, scaled by this factor and
 * projected by that task's own block of the projection ({@link TrainingSchedule#labelGradientScale()}, ADR 0081).
 * Gradients are comparable only under the same {@link #id()}; a spec without a start or label block keeps the id
 * it had before those existed.
 */
public record ProjectionSpec(String modelId, LoraSpec lora, int maxLength, long seed, int dim,
        long parameterCount, @JsonInclude(JsonInclude.Include.NON_NULL) StartAdapter start,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Double labelScale) {

    public ProjectionSpec {
        InvalidEventException.requireId(modelId, "projection.modelId");
        InvalidEventException.require(lora != null, "projection.lora is missing");
        InvalidEventException.require(maxLength >= 8, "projection.maxLength must be at least 8");
        InvalidEventException.require(dim >= 1, "projection.dim must be positive");
        InvalidEventException.require(parameterCount >= 1, "projection.parameterCount must be positive");
        labelScale = labelScale == null ? 0.0 : labelScale;
        InvalidEventException.require(labelScale >= 0 && Double.isFinite(labelScale),
                "projection.labelScale must not be negative");
    }

    /** At the LoRA initialisation, LoRA only. */
    public ProjectionSpec(String modelId, LoraSpec lora, int maxLength, long seed, int dim, long parameterCount) {
        this(modelId, lora, maxLength, seed, dim, parameterCount, null, 0.0);
    }

    /** The same projection, with gradients taken at {@code at} (null: the LoRA initialisation). */
    public ProjectionSpec startingAt(StartAdapter at) {
        return new ProjectionSpec(modelId, lora, maxLength, seed, dim, parameterCount, at, labelScale);
    }

    /** The same projection, with label-embedding blocks scaled by {@code scale} (0: LoRA only). */
    public ProjectionSpec withLabelScale(Double scale) {
        return new ProjectionSpec(modelId, lora, maxLength, seed, dim, parameterCount, start, scale);
    }

    /** A short stable id of this projection (hex of a SHA-256 over the canonical description). */
    public String id() {
        String canonical = modelId + "|" + lora.canonical() + "|len=" + maxLength + "|seed=" + seed + "|d=" + dim
                + "|D=" + parameterCount + (start == null ? "" : "|" + start.canonical())
                + (labelScale == 0.0 ? "" : "|labels=" + labelScale);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
