package org.affinityensemble.model.gradient;

/** One example's f0 = h(x) at the adapter's parameters and its projected gradient Pᵀ∇h (d values). */
public record ProjectedGradient(double f0, float[] projected) {
}
