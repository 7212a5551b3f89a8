package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDArray;

/**
 * Per-example results of one batch: f0[n] = h(x_n) at the adapter's parameters, and the gradients of h with
 * respect to the LoRA parameters as rows of {@code gradients} [N, D] (canonical order, native memory of the
 * caller's manager).
 */
public record GradientMatrix(double[] f0, NDArray gradients) {
}
