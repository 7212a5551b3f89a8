package org.affinityensemble.events;

import java.util.List;

/**
 * A LoRA configuration: rank r, scaling alpha (the update is (alpha / r) · x·A·B), the projections it adapts
 * (attention q, k, v, o for every model; the MLP's gate, up and down only for the decoder LMs, whose MLP is SwiGLU:
 * an encoder rejects them) and the seed that draws A at initialisation (B starts at zero).
 */
public record LoraSpec(int rank, double alpha, List<String> targets, long initSeed) {

    public static final List<String> ALLOWED_TARGETS = List.of("q", "k", "v", "o", "gate", "up", "down");

    public LoraSpec {
        InvalidEventException.require(rank >= 1 && rank <= 256, "LoRA rank must be in 1..256");
        InvalidEventException.require(alpha > 0, "LoRA alpha must be positive");
        InvalidEventException.require(targets != null && !targets.isEmpty(), "LoRA targets are empty");
        InvalidEventException.require(ALLOWED_TARGETS.containsAll(targets),
                "LoRA targets " + targets + " must be among " + ALLOWED_TARGETS);
        targets = ALLOWED_TARGETS.stream().filter(targets::contains).toList();
    }

    public static LoraSpec defaults() {
        return new LoraSpec(8, 16, List.of("q", "k", "v"), 17L);
    }

    public double scaling() {
        return alpha / rank;
    }

    String canonical() {
        return "r=" + rank + ",alpha=" + alpha + ",targets=" + String.join("+", targets) + ",init=" + initSeed;
    }
}
