package org.affinityensemble.serving;

import java.util.Locale;

/**
 * How an ensemble turns a task's adapters into one prediction:
 * <ul>
 *   <li>{@link #OUTPUT}: the paper's output ensemble, Σ_k w_k · logits_k, one forward pass per adapter;</li>
 *   <li>{@link #MERGED}: the weighted LoRA updates Σ_k w_k·(alpha_k/r_k)·A_k·B_k merged into one set of weights per
 *       task, one forward pass. Equal to {@link #OUTPUT} for a single adapter of weight 1, different in general
 *       (the encoder is not linear in its weights).</li>
 * </ul>
 */
public enum ServingMode {
    OUTPUT,
    MERGED;

    /** The mode of its lower-case name ({@code output}, {@code merged}). */
    public static ServingMode parse(String name) {
        for (ServingMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "' (expected output or merged)");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
