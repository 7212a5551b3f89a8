package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDArray;

/**
 * Per-example results of one batch: f0[n] = h(x_n) at the adapter's parameters, the gradients of h with
 * respect to the LoRA parameters as rows of {@code gradients} [N, D] (canonical order, native memory of the
 * caller's manager), and, when label embeddings are trained, the gradients of h with respect to the label
 * embeddings of each example's own task as {@code labelGradients} [N, Lmax, hidden] (rows beyond the task's label
 * count are zero; already multiplied by the label block's scale, see {@link PerExampleGradients}), else null.
 */
public record GradientMatrix(double[] f0, NDArray gradients, NDArray labelGradients) {

    public GradientMatrix(double[] f0, NDArray gradients) {
        this(f0, gradients, null);
    }
}
